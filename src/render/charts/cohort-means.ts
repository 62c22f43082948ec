// Cohort means per index on the 0–100 scale: a dot for the control mean, a dot for the trained
// mean, joined by a line, so the size of each gap reads against the whole scale.

import { scaleLinear } from 'd3-scale';
import { COLOURS, line, px, svgDocument, text, wrapLabel, type ChartFrame } from './svg.js';

export interface MeansRow {
  label: string;
  control: number;
  treated: number;
}

export function cohortMeans(
  rows: readonly MeansRow[],
  frame: Omit<ChartFrame, 'width' | 'height'>,
  tick: (value: number) => string,
  legend: { control: string; treated: string },
  domain: [number, number],
  axisLabel: string,
): string {
  const width = 720;
  const rowHeight = 40;
  const top = 34;
  const height = top + rows.length * rowHeight + 46;
  const left = 230;
  const right = width - 40;
  const x = scaleLinear().domain(domain).range([left, right]);
  const body: string[] = [];
  body.push(`<circle cx="${left}" cy="12" r="5" fill="${COLOURS.control}"/>`, text(left + 10, 16, legend.control, 'fill="#333"'));
  body.push(`<circle cx="${left + 150}" cy="12" r="5" fill="${COLOURS.treated}"/>`, text(left + 160, 16, legend.treated, 'fill="#333"'));
  for (const t of x.ticks(5)) {
    body.push(line(x(t), top - 6, x(t), height - 40, `stroke="${COLOURS.grid}"`));
    body.push(text(x(t), height - 24, tick(t), 'text-anchor="middle" fill="#444"'));
  }
  body.push(text((left + right) / 2, height - 6, axisLabel, 'text-anchor="middle" fill="#222"'));
  rows.forEach((row, i) => {
    const cy = top + i * rowHeight + rowHeight / 2;
    wrapLabel(row.label, 28).forEach((part, k, all) => {
      body.push(text(left - 12, cy + 4 + (k - (all.length - 1) / 2) * 14, part, 'text-anchor="end" fill="#111"'));
    });
    body.push(line(x(row.control), cy, x(row.treated), cy, `stroke="#b9c7d8" stroke-width="4"`));
    body.push(`<circle cx="${px(x(row.control))}" cy="${px(cy)}" r="6" fill="${COLOURS.control}"/>`);
    body.push(`<circle cx="${px(x(row.treated))}" cy="${px(cy)}" r="6" fill="${COLOURS.treated}"/>`);
  });
  return svgDocument({ ...frame, width, height }, body);
}
