// Per-row numbers that a statistic reads in row order: a stored column, or numbers computed a
// block of rows at a time from other columns (the summary indices from the sub-indices), so that
// a million respondents cost no column of their own. A pass sees the same numbers in the same
// order either way, so the statistics over them come out bit for bit the same.

/** Rows a computed column is filled for at once (a 32 KB buffer, reused for every block of a pass). */
export const ROW_BLOCK = 4096;

export interface ComputedRows {
  readonly length: number;
  /** Writes the numbers of rows [from, to) into out[0, to − from). */
  fill(from: number, to: number, out: Float64Array): void;
}

export type RowValues = Float64Array | ComputedRows;

/**
 * Visits the rows in order, a block at a time: views of a stored column, or one buffer (filled
 * again for each block) for a computed one. `visit` gets the block and the row its first number
 * belongs to.
 */
export function forEachBlock(values: RowValues, visit: (block: Float64Array, from: number) => void): void {
  firstInBlocks(values, (block, from) => {
    visit(block, from);
    return NaN;
  });
}

/**
 * Reads the rows in order, a block at a time as forEachBlock does, until `find` returns a
 * number that is not NaN for a block, and returns that number (NaN if no block gives one).
 */
export function firstInBlocks(values: RowValues, find: (block: Float64Array, from: number) => number): number {
  const length = values.length;
  if (values instanceof Float64Array) {
    for (let from = 0; from < length; from += ROW_BLOCK) {
      const found = find(values.subarray(from, Math.min(from + ROW_BLOCK, length)), from);
      if (!Number.isNaN(found)) return found;
    }
    return NaN;
  }
  const buffer = new Float64Array(Math.min(ROW_BLOCK, length));
  for (let from = 0; from < length; from += ROW_BLOCK) {
    const to = Math.min(from + ROW_BLOCK, length);
    values.fill(from, to, buffer);
    const found = find(to - from === buffer.length ? buffer : buffer.subarray(0, to - from), from);
    if (!Number.isNaN(found)) return found;
  }
  return NaN;
}
