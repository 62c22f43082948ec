// The comparison within each value of a column (state, sex, rank), STATISTICS.md §11. Where
// either cohort has fewer than `minCell` respondents, only the counts are kept: a mean over
// three officers of one municipality could identify them.

import { compareIndex } from '../compare/compare-index.js';

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
  cells: readonly string[],
  treated: Uint8Array,
  scores: ReadonlyMap<string, Float64Array>,
  minCell: number,
): SubgroupBreakdown {
  const values = [...new Set(cells.filter((cell) => cell !== ''))].sort();
  const groups = values.map((value): Subgroup => {
    const rows: number[] = [];
    cells.forEach((cell, i) => {
      if (cell === value) rows.push(i);
    });
    const flags = Uint8Array.from(rows, (r) => treated[r]!);
    const nTreated = flags.reduce((s, f) => s + f, 0);
    const nControl = rows.length - nTreated;
    const smallCell = nTreated < minCell || nControl < minCell;
    const indices = smallCell
      ? []
      : [...scores].map(([id, all]): SubgroupIndex => {
          const comparison = compareIndex(Float64Array.from(rows, (r) => all[r]!), flags);
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
