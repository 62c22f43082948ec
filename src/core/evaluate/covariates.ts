// Background columns as the regression and the balance table need them (STATISTICS.md §8b):
// a cell is missing when empty or a missing code; a column is numeric when every non-missing
// cell is a number, otherwise categorical with its levels in byte order.

import type { Codebook } from '../codebook/codebook.js';
import { makeMissingTest, parseDecimal } from '../scoring/parse-cell.js';
import type { Codes, Column } from '../table/table.js';

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
  /** Index into levels, −1 where missing; as narrow as the levels allow (a million rows of a few levels are 1 MB, not 4). */
  codes: LevelCodes;
}

export type LevelCodes = Int8Array | Int16Array | Int32Array;

export type Covariate = NumericCovariate | CategoricalCovariate;

export function parseCovariate(name: string, column: Column, codebook: Pick<Codebook, 'missingCodes'>): Covariate {
  // Each distinct cell is read once, and the rows, as a rule, once: to spread the numbers, or
  // the levels while noting which cells occur (only cells that occur in these rows count: a
  // text cell that does not occur leaves the column numeric, a level that does not occur is
  // not a level).
  const isMissing = makeMissingTest(codebook);
  const { codes, values } = column;
  const missing = values.map((cell) => isMissing(cell));
  const numbers = Float64Array.from(values, (cell, code) => (missing[code] ? NaN : parseDecimal(cell)));
  const isText = (code: number) => !missing[code] && Number.isNaN(numbers[code]!);
  const spreadAsNumbers = (): Covariate => ({ kind: 'numeric', name, values: spreadNumbers(codes, numbers, new Float64Array(codes.length)) });
  if (!values.some((_, code) => isText(code))) return spreadAsNumbers();

  // Levels as if every cell occurred, then without those that do not, if any.
  const candidates = values.filter((_, code) => !missing[code]).sort();
  const position = new Map(candidates.map((level, i) => [level, i]));
  const levelOf = Int32Array.from(values, (cell, code) => (missing[code] ? -1 : position.get(cell)!));
  const present = new Uint8Array(values.length);
  const levelCodes = spreadLevels(codes, levelOf, levelArray(candidates.length, codes.length), present);
  if (!values.some((_, code) => present[code] === 1 && isText(code))) return spreadAsNumbers();
  const occurs = new Uint8Array(candidates.length);
  levelOf.forEach((level, code) => {
    if (level >= 0 && present[code] === 1) occurs[level] = 1;
  });
  const levels = candidates.filter((_, level) => occurs[level] === 1);
  if (levels.length < candidates.length) {
    const renumber = new Int32Array(candidates.length);
    for (let level = 0, kept = 0; level < candidates.length; level++) renumber[level] = occurs[level] === 1 ? kept++ : -1;
    for (let r = 0; r < levelCodes.length; r++) if (levelCodes[r]! >= 0) levelCodes[r] = renumber[levelCodes[r]!]!;
  }
  return { kind: 'categorical', name, levels, codes: levelCodes };
}

function levelArray(levels: number, length: number): LevelCodes {
  if (levels <= 0x7f) return new Int8Array(length);
  return levels <= 0x7fff ? new Int16Array(length) : new Int32Array(length);
}

// Per-row loops of their own, each always given the same kinds of arrays, so that they stay
// fast: table.ts spreadCodes serves every caller with every kind.

function spreadNumbers(codes: Codes, byCode: Float64Array, out: Float64Array): Float64Array {
  for (let r = 0; r < codes.length; r++) out[r] = byCode[codes[r]!]!;
  return out;
}

/** Also marks in `present` the codes that occur. */
function spreadLevels(codes: Codes, byCode: Int32Array, out: LevelCodes, present: Uint8Array): LevelCodes {
  for (let r = 0; r < codes.length; r++) {
    const code = codes[r]!;
    present[code] = 1;
    out[r] = byCode[code]!;
  }
  return out;
}

export function isCovariateMissing(covariate: Covariate, row: number): boolean {
  return covariate.kind === 'numeric' ? Number.isNaN(covariate.values[row]!) : covariate.codes[row]! < 0;
}

/** Cluster codes per row (−1 for an empty cell), numbered in order of first appearance. */
export function clusterCodes(column: Column): { codes: Int32Array; labels: string[] } {
  const labels: string[] = [];
  const clusterOf = new Int32Array(column.values.length).fill(-2);
  const cells = column.codes;
  const codes = new Int32Array(cells.length);
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
