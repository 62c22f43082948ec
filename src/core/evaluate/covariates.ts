// Background columns as the regression and the balance table need them (STATISTICS.md §8b):
// a cell is missing when empty or a missing code; a column is numeric when every non-missing
// cell is a number, otherwise categorical with its levels in byte order.

import type { Codebook } from '../codebook/codebook.js';
import { makeMissingTest, parseDecimal } from '../scoring/parse-cell.js';

export interface NumericCovariate {
  kind: 'numeric';
  name: string;
  /** NaN where missing. */
  values: Float64Array;
}

export interface CategoricalCovariate {
  kind: 'categorical';
  name: string;
  levels: string[];
  /** Index into levels, −1 where missing. */
  codes: Int32Array;
}

export type Covariate = NumericCovariate | CategoricalCovariate;

export function parseCovariate(name: string, cells: readonly string[], codebook: Pick<Codebook, 'missingCodes'>): Covariate {
  const isMissing = makeMissingTest(codebook);
  const numbers = cells.map((cell) => (isMissing(cell) ? NaN : parseDecimal(cell)));
  const numeric = cells.every((cell, i) => isMissing(cell) || !Number.isNaN(numbers[i]!));
  if (numeric) return { kind: 'numeric', name, values: Float64Array.from(numbers) };
  const levels = [...new Set(cells.filter((cell) => !isMissing(cell)))].sort();
  const position = new Map(levels.map((level, i) => [level, i]));
  return { kind: 'categorical', name, levels, codes: Int32Array.from(cells, (cell) => (isMissing(cell) ? -1 : position.get(cell)!)) };
}

export function isCovariateMissing(covariate: Covariate, row: number): boolean {
  return covariate.kind === 'numeric' ? Number.isNaN(covariate.values[row]!) : covariate.codes[row]! < 0;
}

/** Cluster codes per row (−1 for an empty cell), numbered in order of first appearance. */
export function clusterCodes(cells: readonly string[]): { codes: Int32Array; labels: string[] } {
  const labels: string[] = [];
  const seen = new Map<string, number>();
  const codes = Int32Array.from(cells, (cell) => {
    if (cell === '') return -1;
    let code = seen.get(cell);
    if (code === undefined) {
      code = labels.length;
      labels.push(cell);
      seen.set(cell, code);
    }
    return code;
  });
  return { codes, labels };
}

/**
 * The clusters of a subset of rows, renumbered 0..G−1; null when a row has no cluster, since a
 * cluster-robust SE is then undefined for that sample.
 */
export function clustersOf(rows: readonly number[], clusterCodes: Int32Array): { codes: Int32Array; count: number } | null {
  if (rows.some((r) => clusterCodes[r]! < 0)) return null;
  const renumber = new Map<number, number>();
  const codes = Int32Array.from(rows, (r) => {
    const code = clusterCodes[r]!;
    if (!renumber.has(code)) renumber.set(code, renumber.size);
    return renumber.get(code)!;
  });
  return { codes, count: renumber.size };
}
