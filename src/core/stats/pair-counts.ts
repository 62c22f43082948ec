// Pairwise contingency tables of dictionary-coded items over complete cases (rows where no item is
// missing): for every pair of items, how many complete rows have item a at each of its values and
// item b at each of its. Every covariance of the items follows from these tables exactly, so
// cronbachAlpha needs nothing else from the rows.
//
// Counted in the code domain, not row by row and pair by pair. An item's distinct answered values
// are its levels (missing codes and duplicate values fold away), and a row's answers to a group of
// items are one pattern number, Σ level·stride. Rows are taken in blocks of BLOCK: each group's
// pattern numbers come from its codes, up to three items per lookup in a small table (a chunk);
// incomplete rows are dropped; each remaining row adds one count to the table of every pair of
// groups. With all items in one group (5 or 6 Likert items: 5^6 = 15,625 patterns) that is one
// count per row; 17 Likert items make 6 groups of 3 and 15 counts per row, where the row loop
// made 153 multiply-adds. The tables of single items and pairs then come from the pattern tables
// by summing out the other items of each group.
//
// Counts are integers, so the tables are exact. An item with more distinct values than a group may
// have (MAX_GROUP_PATTERNS), or items whose pair tables would pass MAX_JOINT_CELLS, are not
// counted: pairCounts returns null and the caller goes row by row.

import type { CodedItem } from './cronbach-alpha.js';

export interface PairCounts {
  nComplete: number;
  /** Each item's distinct answered values, in the order of their first code. */
  levels: Float64Array[];
  /** Complete rows at each level of each item. */
  marginal: Float64Array[];
  /**
   * For items a < b, at index a·k + b: complete rows with a at level u and b at level v, at
   * u·levels[b].length + v.
   */
  joint: Float64Array[];
}

/** Up to this many patterns, all the items are one group and each row is one count. */
const SINGLE_GROUP_PATTERNS = 65_536;
/** Otherwise groups of up to this many patterns, so a pair of groups has at most 2^18 cells. */
const MAX_GROUP_PATTERNS = 512;
/** At most this many cells in all the tables of pairs of groups together (16 MiB). */
const MAX_JOINT_CELLS = 1 << 22;
/** A missing answer adds this to its group's pattern number, past any real pattern. */
const MISSING = 1 << 24;
/** Items per group, so a pattern number with every item missing still fits an Int32. */
const MAX_GROUP_ITEMS = 64;
/** Rows per block: a block's pattern numbers stay in the fastest cache. */
const BLOCK = 1024;

/** Which items to count together, from the items' numbers of levels and the number of rows (groupsOf). */
export type Grouping = (radix: readonly number[], n: number) => number[][] | null;

/**
 * Each item's and each pair of items' counts over the complete rows of `items` (all of one
 * length), or null when the items have too many distinct values to count by patterns. The
 * counts are the same whatever `grouping` (tests count by each).
 */
export function pairCounts(items: readonly CodedItem[], grouping: Grouping = groupsOf): PairCounts | null {
  const k = items.length;
  const n = items[0]?.codes.length ?? 0;
  const levels: Float64Array[] = [];
  const levelOf: Int32Array[] = [];
  for (const { values } of items) {
    const item = levelsOf(values);
    levels.push(item.levels);
    levelOf.push(item.levelOf);
  }
  const radix = levels.map((values) => values.length);
  const groups = grouping(radix, n);
  if (!groups) return null;
  const G = groups.length;
  const sizes = groups.map((group) => group.reduce((product, j) => product * radix[j]!, 1));
  if (jointCellsOf(groups, radix) > MAX_JOINT_CELLS) return null;

  // Each item's level in each pattern of its group, and the chunks that read codes into patterns.
  const digit: Int32Array[] = [];
  const chunks = groups.map((group, g) => {
    const parts: Int32Array[] = [];
    let stride = 1;
    for (const j of group) {
      parts.push(levelOf[j]!.map((u) => (u < 0 ? MISSING : u * stride)));
      digit[j] = digitsOf(sizes[g]!, stride, radix[j]!);
      stride *= radix[j]!;
    }
    return chunksOf(group.map((j) => items[j]!.codes), parts);
  });

  const marginal = radix.map((r) => new Float64Array(r));
  const joint: Float64Array[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) joint[a * k + b] = new Float64Array(radix[a]! * radix[b]!);
  /** Adds a group's pattern counts to its items' tables and to those of its pairs of items. */
  const countWithin = (group: readonly number[], counts: ArrayLike<number>) => {
    for (let x = 0; x < group.length; x++) {
      const a = group[x]!;
      sumOut(marginal[a]!, counts, digit[a]!, null, 0);
      for (let y = x + 1; y < group.length; y++) sumOut(joint[a * k + group[y]!]!, counts, digit[a]!, digit[group[y]!]!, radix[group[y]!]!);
    }
  };

  if (G === 1) {
    const counts = countPatterns(chunks[0]!, sizes[0]!, n);
    countWithin(groups[0]!, counts);
    return { nComplete: counts.reduce((sum, count) => sum + count, 0), levels, marginal, joint };
  }

  const { tables, nComplete } = countPatternPairs(chunks, sizes, n);
  const counted = groups.map(() => false);
  const scratch = new Float64Array(Math.max(...sizes) * Math.max(...radix));
  let t = 0;
  for (let A = 0; A < G; A++) {
    for (let B = A + 1; B < G; B++) {
      const table = tables[t++]!;
      const sizeA = sizes[A]!;
      const sizeB = sizes[B]!;
      if (!counted[A]) countWithin(groups[A]!, rowSums(table, sizeA, sizeB));
      if (!counted[B]) countWithin(groups[B]!, columnSums(table, sizeA, sizeB));
      counted[A] = counted[B] = true;
      // Each item b of B: sum out B's other items, then, for each item a of A, A's other items.
      for (const b of groups[B]!) {
        const rb = radix[b]!;
        const byB = scratch.subarray(0, sizeA * rb).fill(0);
        sumOutColumns(byB, table, sizeA, sizeB, digit[b]!, rb);
        for (const a of groups[A]!) sumOutRows(joint[a * k + b]!, byB, digit[a]!, rb);
      }
    }
  }
  return { nComplete, levels, marginal, joint };
}

/** Complete rows with each pattern, for one group holding every item. */
function countPatterns(chunks: readonly Chunk[], size: number, n: number): Int32Array {
  // One more cell, for the rows with a missing answer.
  const counts = new Int32Array(size + 1);
  const key = new Int32Array(BLOCK);
  const last = chunks.length - 1;
  for (let start = 0; start < n; start += BLOCK) {
    const length = Math.min(BLOCK, n - start);
    if (last === 0) key.fill(0);
    else setPatterns(key, chunks[0]!, start, length);
    for (let c = 1; c < last; c++) addPatterns(key, chunks[c]!, start, length);
    addAndCountPatterns(counts, size, key, chunks[last]!, start, length);
  }
  return counts.subarray(0, size);
}

/**
 * Complete rows with each pair of patterns of each pair of groups (A < B), one table per pair, in
 * that order, at pattern_A·size_B + pattern_B.
 */
function countPatternPairs(chunks: readonly (readonly Chunk[])[], sizes: readonly number[], n: number): { tables: Int32Array[]; nComplete: number } {
  const G = chunks.length;
  // One buffer cut into the tables: a typed array this size is an allocation outside the JS heap.
  const cells: number[] = [];
  for (let A = 0; A < G; A++) for (let B = A + 1; B < G; B++) cells.push(sizes[A]! * sizes[B]!);
  const all = new Int32Array(cells.reduce((sum, c) => sum + c, 0));
  let at = 0;
  const tables = cells.map((c) => all.subarray(at, (at += c)));
  const keys = chunks.map(() => new Int32Array(BLOCK));
  const complete = new Int32Array(BLOCK);
  let nComplete = 0;
  for (let start = 0; start < n; start += BLOCK) {
    const length = Math.min(BLOCK, n - start);
    for (let g = 0; g < G; g++) {
      // Each group's pattern numbers start from the previous group's missing mark, so the last
      // group's say whether any item of the row is missing.
      if (g === 0) setPatterns(keys[g]!, chunks[g]![0]!, start, length);
      else carryPatterns(keys[g]!, keys[g - 1]!, chunks[g]![0]!, start, length);
      for (let c = 1; c < chunks[g]!.length; c++) addPatterns(keys[g]!, chunks[g]![c]!, start, length);
    }
    const m = completeRows(complete, keys[G - 1]!, length);
    nComplete += m;
    if (m < length) for (const key of keys) gather(key, complete, m);
    let t = 0;
    for (let A = 0; A < G; A++) for (let B = A + 1; B < G; B++) countPairs(tables[t++]!, keys[A]!, keys[B]!, sizes[B]!, m);
  }
  return { tables, nComplete };
}

function levelsOf(values: Float64Array): { levels: Float64Array; levelOf: Int32Array } {
  const index = new Map<number, number>();
  const levels: number[] = [];
  const levelOf = Int32Array.from(values, (x) => {
    if (Number.isNaN(x)) return -1;
    let u = index.get(x);
    if (u === undefined) {
      u = levels.length;
      index.set(x, u);
      levels.push(x);
    }
    return u;
  });
  return { levels: Float64Array.from(levels), levelOf };
}

/**
 * The groups to count by: as few as the pattern caps allow (fewest counts a row), or one item
 * each when the rows are so few that the tables of the larger groups cost more to fill and sum
 * out than the extra counts (a survey of a few thousand rows); null when an item alone is too
 * big. The counts are the same either way: only the work differs. Items whose packed groups
 * pass MAX_JOINT_CELLS (a scale of 70-odd items) keep going row by row, as they always have,
 * so that their alpha is unchanged to the last bit.
 */
export function groupsOf(radix: readonly number[], n: number): number[][] | null {
  const packed = packedGroups(radix);
  if (packed === null || packed.length === radix.length || radix.some((r) => r > MAX_GROUP_PATTERNS)) return packed;
  if (jointCellsOf(packed, radix) > MAX_JOINT_CELLS) return packed;
  const single = radix.map((_, j) => [j]);
  return workOf(single, radix, n) < workOf(packed, radix, n) ? single : packed;
}

/** The cells of the tables of every pair of groups. */
function jointCellsOf(groups: readonly number[][], radix: readonly number[]): number {
  const sizes = groups.map((group) => group.reduce((product, j) => product * radix[j]!, 1));
  let cells = 0;
  for (let A = 0; A < sizes.length; A++) for (let B = A + 1; B < sizes.length; B++) cells += sizes[A]! * sizes[B]!;
  return cells;
}

/** Consecutive items, as few groups as the pattern caps allow; null when an item alone is too big. */
export function packedGroups(radix: readonly number[]): number[][] | null {
  const all = radix.reduce((product, r) => product * r, 1);
  if (all <= SINGLE_GROUP_PATTERNS && radix.length <= MAX_GROUP_ITEMS) return [radix.map((_, j) => j)];
  const groups: number[][] = [];
  let group: number[] = [];
  let product = 1;
  for (let j = 0; j < radix.length; j++) {
    const r = radix[j]!;
    if (r > MAX_GROUP_PATTERNS) return null;
    if (group.length > 0 && (product * r > MAX_GROUP_PATTERNS || group.length === MAX_GROUP_ITEMS)) {
      groups.push(group);
      group = [];
      product = 1;
    }
    group.push(j);
    product *= r;
  }
  groups.push(group);
  return groups;
}

/**
 * About how many steps counting by `groups` takes: per row, a lookup per group and a count per
 * pair of groups (one count for a single group); per cell of the pattern tables, a step for each
 * table of items it is summed into.
 */
function workOf(groups: readonly number[][], radix: readonly number[], n: number): number {
  const sizes = groups.map((group) => group.reduce((product, j) => product * radix[j]!, 1));
  const G = groups.length;
  if (G === 1) {
    const k = groups[0]!.length;
    return n * 2 + (sizes[0]! * k * (k + 1)) / 2;
  }
  let cells = 0;
  for (let A = 0; A < G; A++) for (let B = A + 1; B < G; B++) cells += sizes[A]! * sizes[B]! * (groups[B]!.length + 2);
  return n * (G + (G * (G - 1)) / 2) + cells;
}

/**
 * Up to three consecutive items of a group read together: `table` holds, for each combination of
 * their codes, the sum of their parts of the group's pattern number. Its index is
 * (code_x·dy + code_y)·dz + code_z; a chunk of two items repeats the first column with dy = 0,
 * one of one item repeats it thrice with dy = dz = 0, so one loop serves all three.
 */
interface Chunk {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
  dy: number;
  dz: number;
  table: Int32Array;
}

/** Combinations of codes a chunk's table may have. */
const CHUNK_CODES = 4096;

function chunksOf(columns: readonly ArrayLike<number>[], parts: readonly Int32Array[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (let first = 0; first < parts.length; ) {
    let end = first + 1;
    let combinations = parts[first]!.length;
    while (end < parts.length && end - first < 3 && combinations * parts[end]!.length <= CHUNK_CODES) combinations *= parts[end++]!.length;
    const mine = parts.slice(first, end);
    // table[(c_x·|y| + c_y)·|z| + c_z] = part_x[c_x] + part_y[c_y] + part_z[c_z], one item at a time.
    let table = Int32Array.of(0);
    for (const part of mine) {
      const wider = new Int32Array(table.length * part.length);
      for (let index = 0; index < table.length; index++) for (let c = 0; c < part.length; c++) wider[index * part.length + c] = table[index]! + part[c]!;
      table = wider;
    }
    const [x, y, z] = columns.slice(first, end) as [ArrayLike<number>, ArrayLike<number>?, ArrayLike<number>?];
    if (z) chunks.push({ x, y: y!, z, dy: mine[1]!.length, dz: mine[2]!.length, table });
    else if (y) chunks.push({ x, y: x, z: y, dy: 0, dz: mine[1]!.length, table });
    else chunks.push({ x, y: x, z: x, dy: 0, dz: 0, table });
    first = end;
  }
  return chunks;
}

/** The digit of stride `stride` and radix `radix` of each pattern number below `size`. */
function digitsOf(size: number, stride: number, radix: number): Int32Array {
  const digits = new Int32Array(size);
  for (let p = 0, digit = 0, run = 0; p < size; p++) {
    digits[p] = digit;
    if (++run === stride) {
      run = 0;
      digit = digit + 1 === radix ? 0 : digit + 1;
    }
  }
  return digits;
}

// The loops over a block's rows: a chunk's codes into pattern numbers, or a pair of groups' counts.

function setPatterns(key: Int32Array, { x, y, z, dy, dz, table }: Chunk, start: number, length: number): void {
  for (let o = 0, i = start; o < length; o++, i++) key[o] = table[(x[i]! * dy + y[i]!) * dz + z[i]!]!;
}

function carryPatterns(key: Int32Array, previous: Int32Array, { x, y, z, dy, dz, table }: Chunk, start: number, length: number): void {
  for (let o = 0, i = start; o < length; o++, i++) key[o] = (previous[o]! < MISSING ? 0 : MISSING) + table[(x[i]! * dy + y[i]!) * dz + z[i]!]!;
}

function addPatterns(key: Int32Array, { x, y, z, dy, dz, table }: Chunk, start: number, length: number): void {
  for (let o = 0, i = start; o < length; o++, i++) key[o] = key[o]! + table[(x[i]! * dy + y[i]!) * dz + z[i]!]!;
}

/** addPatterns, then a count for each row's pattern, or in the last cell for a row with a missing answer. */
function addAndCountPatterns(counts: Int32Array, size: number, key: Int32Array, { x, y, z, dy, dz, table }: Chunk, start: number, length: number): void {
  for (let o = 0, i = start; o < length; o++, i++) {
    const p = key[o]! + table[(x[i]! * dy + y[i]!) * dz + z[i]!]!;
    const cell = p < size ? p : size;
    counts[cell] = counts[cell]! + 1;
  }
}

/** The block's complete rows, in order, at the front of `complete`; returns how many. */
function completeRows(complete: Int32Array, lastKey: Int32Array, length: number): number {
  let m = 0;
  for (let o = 0; o < length; o++) {
    complete[m] = o;
    m += lastKey[o]! < MISSING ? 1 : 0;
  }
  return m;
}

function gather(key: Int32Array, complete: Int32Array, m: number): void {
  for (let j = 0; j < m; j++) key[j] = key[complete[j]!]!;
}

function countPairs(table: Int32Array, keyA: Int32Array, keyB: Int32Array, sizeB: number, m: number): void {
  for (let j = 0; j < m; j++) {
    const cell = keyA[j]! * sizeB + keyB[j]!;
    table[cell] = table[cell]! + 1;
  }
}

// Summing out: from counts over patterns to counts over one or two items' levels.

/** out[first[p]·width + second[p]] += counts[p], or out[first[p]] += counts[p] without `second`. */
function sumOut(out: Float64Array, counts: ArrayLike<number>, first: Int32Array, second: Int32Array | null, width: number): void {
  const size = counts.length;
  if (second === null) {
    for (let p = 0; p < size; p++) {
      const cell = first[p]!;
      out[cell] = out[cell]! + counts[p]!;
    }
  } else {
    for (let p = 0; p < size; p++) {
      const cell = first[p]! * width + second[p]!;
      out[cell] = out[cell]! + counts[p]!;
    }
  }
}

/** out[p·width + digit[q]] += table[p·columns + q]: a table's columns summed into levels. */
function sumOutColumns(out: Float64Array, table: Int32Array, rows: number, columns: number, digit: Int32Array, width: number): void {
  for (let p = 0; p < rows; p++) {
    const from = p * columns;
    const to = p * width;
    for (let q = 0; q < columns; q++) {
      const cell = to + digit[q]!;
      out[cell] = out[cell]! + table[from + q]!;
    }
  }
}

/** out[digit[p]·width + v] += table[p·width + v]. */
function sumOutRows(out: Float64Array, table: Float64Array, digit: Int32Array, width: number): void {
  for (let p = 0; p < digit.length; p++) {
    const to = digit[p]! * width;
    const from = p * width;
    for (let v = 0; v < width; v++) out[to + v] = out[to + v]! + table[from + v]!;
  }
}

function rowSums(table: Int32Array, rows: number, columns: number): Float64Array {
  const sums = new Float64Array(rows);
  for (let p = 0; p < rows; p++) for (let q = 0; q < columns; q++) sums[p] = sums[p]! + table[p * columns + q]!;
  return sums;
}

function columnSums(table: Int32Array, rows: number, columns: number): Float64Array {
  const sums = new Float64Array(columns);
  for (let p = 0; p < rows; p++) for (let q = 0; q < columns; q++) sums[q] = sums[q]! + table[p * columns + q]!;
  return sums;
}
