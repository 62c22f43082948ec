// Background columns as the regression and the balance table need them (STATISTICS.md §8b):
// a cell is missing when empty or a missing code; a column is numeric when every non-missing
// cell is a number, otherwise categorical with its levels in byte order.

import type { Codebook } from '../codebook/codebook.js';
import { makeMissingTest, parseDecimal } from '../scoring/parse-cell.js';
import { spreadCodes, type Column } from '../table/table.js';

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

export function parseCovariate(name: string, column: Column, codebook: Pick<Codebook, 'missingCodes'>): Covariate {
  const isMissing = makeMissingTest(codebook);
  // Each distinct cell is read once; only cells that occur in these rows count.
  const present = presentCodes(column);
  const missing = column.values.map((cell) => isMissing(cell));
  const numbers = column.values.map((cell, code) => (missing[code] ? NaN : parseDecimal(cell)));
  const numeric = column.values.every((_, code) => !present[code] || missing[code] || !Number.isNaN(numbers[code]!));
  if (numeric) return { kind: 'numeric', name, values: spreadCodes(column.codes, numbers, new Float64Array(column.codes.length)) };
  const levels = column.values.filter((_, code) => present[code] && !missing[code]).sort();
  const position = new Map(levels.map((level, i) => [level, i]));
  const levelOf = column.values.map((cell, code) => (missing[code] ? -1 : (position.get(cell) ?? -1)));
  return { kind: 'categorical', name, levels, codes: spreadCodes(column.codes, levelOf, new Int32Array(column.codes.length)) };
}

/** Which codes of the column occur in its rows. */
function presentCodes(column: Column): Uint8Array {
  const present = new Uint8Array(column.values.length);
  for (let r = 0; r < column.codes.length; r++) present[column.codes[r]!] = 1;
  return present;
}

export function isCovariateMissing(covariate: Covariate, row: number): boolean {
  return covariate.kind === 'numeric' ? Number.isNaN(covariate.values[row]!) : covariate.codes[row]! < 0;
}

/** Cluster codes per row (−1 for an empty cell), numbered in order of first appearance. */
export function clusterCodes(column: Column): { codes: Int32Array; labels: string[] } {
  const labels: string[] = [];
  const clusterOf = new Int32Array(column.values.length).fill(-2);
  const codes = new Int32Array(column.codes.length);
  for (let r = 0; r < codes.length; r++) {
    const code = column.codes[r]!;
    let cluster = clusterOf[code]!;
    if (cluster === -2) {
      const cell = column.values[code]!;
      cluster = cell === '' ? -1 : labels.length;
      if (cell !== '') labels.push(cell);
      clusterOf[code] = cluster;
    }
    codes[r] = cluster;
  }
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
