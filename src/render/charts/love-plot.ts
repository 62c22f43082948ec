// Love plot: the standardised difference of each covariate (or level) between cohorts, with the
// ±0.25 band beyond which the cohorts are called imbalanced. Levels of covariates with many
// levels are shown only when imbalanced, as in the terminal table.

import { scaleLinear } from 'd3-scale';
import { COLOURS, line, px, svgDocument, text, type ChartFrame } from './svg.js';

export interface LoveRow {
  label: string;
  /** Null when the cohorts do not overlap at all (drawn at the edge, marked). */
  stdDiff: number | null;
  imbalanced: boolean;
  /** +1 or −1 for non-overlapping cohorts, to know which edge. */
  sign: number;
}

export function lovePlot(rows: readonly LoveRow[], frame: Omit<ChartFrame, 'width' | 'height'>, tick: (value: number) => string, axisLabel: string, threshold: number): string {
  const width = 720;
  const rowHeight = 22;
  const top = 12;
  const height = top + rows.length * rowHeight + 44;
  const left = 230;
  const right = width - 40;
  const extent = Math.max(0.5, ...rows.map((r) => Math.abs(r.stdDiff ?? 0)));
  const x = scaleLinear().domain([-extent, extent]).nice(6).range([left, right]);
  const [edgeLow, edgeHigh] = x.domain() as [number, number];
  const body: string[] = [];
  body.push(`<rect x="${px(x(-threshold))}" y="${top - 4}" width="${px(x(threshold) - x(-threshold))}" height="${px(rows.length * rowHeight + 8)}" fill="#f3f7f3"/>`);
  for (const t of x.ticks(6)) {
    body.push(line(x(t), top - 4, x(t), height - 36, `stroke="${COLOURS.grid}"`));
    body.push(text(x(t), height - 20, tick(t), 'text-anchor="middle" fill="#444"'));
  }
  for (const edge of [-threshold, threshold]) body.push(line(x(edge), top - 4, x(edge), height - 36, `stroke="${COLOURS.threshold}" stroke-dasharray="4 3"`));
  body.push(line(x(0), top - 4, x(0), height - 36, `stroke="${COLOURS.axis}"`));
  body.push(text((left + right) / 2, height - 4, axisLabel, 'text-anchor="middle" fill="#222"'));
  rows.forEach((row, i) => {
    const cy = top + i * rowHeight + rowHeight / 2;
    body.push(text(left - 10, cy + 4, row.label, 'text-anchor="end" fill="#111"'));
    const value = row.stdDiff ?? (row.sign > 0 ? edgeHigh : edgeLow);
    const colour = row.imbalanced ? COLOURS.decline : COLOURS.treated;
    body.push(`<circle cx="${px(x(value))}" cy="${px(cy)}" r="5" fill="${row.stdDiff === null ? 'none' : colour}" stroke="${colour}" stroke-width="2"/>`);
  });
  return svgDocument({ ...frame, width, height }, body);
}
