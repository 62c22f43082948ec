// Background columns as the regression and the balance table need them (STATISTICS.md §8b):
// a cell is missing when empty or a missing code; a column is numeric when every non-missing
// cell is a number, otherwise categorical with its levels in byte order.

import type { Codebook } from '../codebook/codebook.js';
import { makeMissingTest, parseDecimal } from '../scoring/parse-cell.js';
import type { Codes, Column } from '../table/table.js';
import type { ClusterCodes } from '../stats/cluster-robust.js';

export interface NumericCovariate {
  kind: 'numeric';
  name: string;
  /** The column's own codes, one per row (no copy): row r's value is valueOf[codes[r]]. */
  codes: Codes;
  /** Per code of the column, its number; NaN where missing. */
  valueOf: Float64Array;
}

export interface CategoricalCovariate {
  kind: 'categorical';
  name: string;
  levels: string[];
  /** The column's own codes, one per row (no copy): row r's level is levelOf[codes[r]]. */
  codes: Codes;
  /** Per code of the column, its index into levels; −1 where missing (or for a cell no row has). */
  levelOf: Int32Array;
}

export type Covariate = NumericCovariate | CategoricalCovariate;

/**
 * A background column read as a covariate, still dictionary-coded: per distinct cell its number
 * or its level, and the column's codes as they are. Nothing is spread per row: on a million rows
 * an 8 MB array per covariate costs its page faults (a few ms a megabyte) as well as its memory.
 */
export function parseCovariate(name: string, column: Column, codebook: Pick<Codebook, 'missingCodes'>): Covariate {
  // Each distinct cell is read once, and the rows at most once, to note which cells occur (only
  // cells that occur in these rows count: a text cell that does not occur leaves the column
  // numeric, a level that does not occur is not a level).
  const isMissing = makeMissingTest(codebook);
  const { codes, values } = column;
  const missing = values.map((cell) => isMissing(cell));
  const numbers = Float64Array.from(values, (cell, code) => (missing[code] ? NaN : parseDecimal(cell)));
  const isText = (code: number) => !missing[code] && Number.isNaN(numbers[code]!);
  const asNumbers = (): Covariate => ({ kind: 'numeric', name, codes, valueOf: numbers });
  if (!values.some((_, code) => isText(code))) return asNumbers();

  const present = markPresent(codes, new Uint8Array(values.length));
  if (!values.some((_, code) => present[code] === 1 && isText(code))) return asNumbers();
  const occurring = (code: number) => present[code] === 1 && !missing[code];
  const levels = [...new Set(values.filter((_, code) => occurring(code)))].sort();
  const position = new Map(levels.map((level, i) => [level, i]));
  const levelOf = Int32Array.from(values, (cell, code) => (occurring(code) ? position.get(cell)! : -1));
  return { kind: 'categorical', name, levels, codes, levelOf };
}

/** Marks in `present` the codes that occur; a loop of its own so that it is compiled once. */
function markPresent(codes: Codes, present: Uint8Array): Uint8Array {
  for (let r = 0; r < codes.length; r++) present[codes[r]!] = 1;
  return present;
}

/** Per code of the covariate's column: 1 where the cell is missing. */
export function missingByCode(covariate: Covariate): Uint8Array {
  return covariate.kind === 'numeric'
    ? Uint8Array.from(covariate.valueOf, (x) => (Number.isNaN(x) ? 1 : 0))
    : Uint8Array.from(covariate.levelOf, (level) => (level < 0 ? 1 : 0));
}

export function isCovariateMissing(covariate: Covariate, row: number): boolean {
  const code = covariate.codes[row]!;
  return covariate.kind === 'numeric' ? Number.isNaN(covariate.valueOf[code]!) : covariate.levelOf[code]! < 0;
}

/**
 * Cluster codes per row (−1 for an empty cell), numbered in order of first appearance; one byte a
 * row for up to 127 clusters (a country's states), wider only when there are more distinct cells.
 */
export function clusterCodes(column: Column): { codes: ClusterCodes; labels: string[] } {
  const labels: string[] = [];
  const clusterOf = new Int32Array(column.values.length).fill(-2);
  const cells = column.codes;
  const distinct = column.values.length;
  const codes = distinct <= 0x7f ? new Int8Array(cells.length) : distinct <= 0x7fff ? new Int16Array(cells.length) : new Int32Array(cells.length);
  for (let r = 0; r < codes.length; r++) {
    const code = cells[r]!;
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
export function clustersOf(rows: readonly number[], clusterCodes: ClusterCodes): { codes: Int32Array; count: number } | null {
  if (rows.some((r) => clusterCodes[r]! < 0)) return null;
  const renumber = new Map<number, number>();
  const codes = Int32Array.from(rows, (r) => {
    const code = clusterCodes[r]!;
    if (!renumber.has(code)) renumber.set(code, renumber.size);
    return renumber.get(code)!;
  });
  return { codes, count: renumber.size };
}
