// Forest plot: each index's difference (trained − control) with its 95% CI, against a zero
// line, so a reader sees at once which effects are clearly above zero. Sum composites live on
// another scale (0–300) and are left out; the table beside the chart has them.

import { scaleLinear } from 'd3-scale';
import type { Direction } from '../format.js';
import { COLOURS, line, px, svgDocument, text, wrapLabel, type ChartFrame } from './svg.js';

export interface ForestRow {
  label: string;
  estimate: number;
  low: number;
  high: number;
  direction: Direction;
  /** The estimate and CI as the tables print them. */
  valueText: string;
}

export function forestPlot(rows: readonly ForestRow[], frame: Omit<ChartFrame, 'width' | 'height'>, tick: (value: number) => string, axisLabel: string): string {
  const width = 720;
  const rowHeight = 44;
  const top = 16;
  const height = top + rows.length * rowHeight + 48;
  const left = 230;
  const right = width - 170;
  const lowest = Math.min(0, ...rows.map((r) => r.low));
  const highest = Math.max(0, ...rows.map((r) => r.high));
  const x = scaleLinear().domain([lowest, highest]).nice(6).range([left, right]);
  const body: string[] = [];
  for (const t of x.ticks(6)) {
    body.push(line(x(t), top - 6, x(t), height - 40, `stroke="${COLOURS.grid}"`));
    body.push(text(x(t), height - 24, tick(t), 'text-anchor="middle" fill="#444"'));
  }
  body.push(text((left + right) / 2, height - 6, axisLabel, 'text-anchor="middle" fill="#222"'));
  body.push(line(x(0), top - 8, x(0), height - 40, `stroke="${COLOURS.axis}" stroke-width="1.5"`));
  rows.forEach((row, i) => {
    const cy = top + i * rowHeight + rowHeight / 2;
    const colour = COLOURS[row.direction];
    wrapLabel(row.label, 28).forEach((part, k, all) => {
      body.push(text(left - 12, cy + 4 + (k - (all.length - 1) / 2) * 14, part, 'text-anchor="end" fill="#111"'));
    });
    body.push(line(x(row.low), cy, x(row.high), cy, `stroke="${colour}" stroke-width="2.5"`));
    body.push(line(x(row.low), cy - 6, x(row.low), cy + 6, `stroke="${colour}" stroke-width="2"`));
    body.push(line(x(row.high), cy - 6, x(row.high), cy + 6, `stroke="${colour}" stroke-width="2"`));
    body.push(`<circle cx="${px(x(row.estimate))}" cy="${px(cy)}" r="5.5" fill="${colour}"/>`);
    body.push(text(right + 14, cy + 4, row.valueText, `fill="${colour}"`));
  });
  return svgDocument({ ...frame, width, height }, body);
}
