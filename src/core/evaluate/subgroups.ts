// The comparison within each value of a column (state, sex, rank), STATISTICS.md §11. Where
// either cohort has fewer than `minCell` respondents, only the counts are kept: a mean over
// three officers of one municipality could identify them.

import { compareIndex } from '../compare/compare-index.js';
import type { Column } from '../table/table.js';

export interface SubgroupIndex {
  id: string;
  nTreated: number;
  nControl: number;
  meanTreated: number | null;
  meanControl: number | null;
  diff: number | null;
  ci95: [number, number] | null;
  welchP: number | null;
}

export interface Subgroup {
  value: string;
  nTreated: number;
  nControl: number;
  smallCell: boolean;
  /** Empty when the cell is small: suppressed, not computed. */
  indices: SubgroupIndex[];
}

export interface SubgroupBreakdown {
  column: string;
  minCell: number;
  groups: Subgroup[];
}

export function subgroupBreakdown(
  column: string,
  cells: Column,
  treated: Uint8Array,
  scores: ReadonlyMap<string, Float64Array>,
  minCell: number,
): SubgroupBreakdown {
  // Rows grouped by code in one pass (a counting sort), then the groups in the values' order.
  const n = cells.codes.length;
  const counts = new Int32Array(cells.values.length + 1);
  for (let i = 0; i < n; i++) counts[cells.codes[i]! + 1]!++;
  for (let c = 1; c < counts.length; c++) counts[c]! += counts[c - 1]!;
  const starts = counts.slice(0, -1);
  const order = new Int32Array(n);
  const next = starts.slice();
  for (let i = 0; i < n; i++) order[next[cells.codes[i]!]!++] = i;
  const present = cells.values.map((value, code) => ({ value, code })).filter(({ value, code }) => value !== '' && counts[code + 1]! > counts[code]!);
  present.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const groups = present.map(({ value, code }): Subgroup => {
    const rows = order.subarray(starts[code]!, starts[code]! + (counts[code + 1]! - counts[code]!));
    const flags = new Uint8Array(rows.length);
    for (let r = 0; r < rows.length; r++) flags[r] = treated[rows[r]!]!;
    const nTreated = flags.reduce((s, f) => s + f, 0);
    const nControl = rows.length - nTreated;
    const smallCell = nTreated < minCell || nControl < minCell;
    const indices = smallCell
      ? []
      : [...scores].map(([id, all]): SubgroupIndex => {
          const picked = new Float64Array(rows.length);
          for (let r = 0; r < rows.length; r++) picked[r] = all[rows[r]!]!;
          const comparison = compareIndex(picked, flags);
          const enough = comparison.treated.n >= 2 && comparison.control.n >= 2;
          return {
            id,
            nTreated: comparison.treated.n,
            nControl: comparison.control.n,
            meanTreated: comparison.treated.mean,
            meanControl: comparison.control.mean,
            diff: comparison.diff,
            ci95: enough ? comparison.welch?.ci95 ?? null : null,
            welchP: enough ? comparison.welch?.p ?? null : null,
          };
        });
    return { value, nTreated, nControl, smallCell, indices };
  });
  return { column, minCell, groups };
}
