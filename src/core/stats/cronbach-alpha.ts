// Cronbach's alpha of a set of items (STATISTICS.md §7), over complete cases, items already
// rescaled and reverse-coded. raw = k/(k−1)·(1 − Σ var(item) / var(Σ items));
// standardized = k·r̄ / (1 + (k−1)·r̄) with r̄ the mean inter-item Pearson correlation.
// Matches psych::alpha's raw_alpha and std.alpha. Also gives each item's correlation with the
// sum of the other items: a negative one usually means a reverse-coded item was not declared.

//
// Computed from the items' centred cross-products on complete cases, C_ab = Σ (x_a − x̄_a)(x_b − x̄_b).
// Every quantity follows from them: var(Σ items) = Σ_ab C_ab / (n−1); r_ab = C_ab / √(C_aa C_bb);
// the item–rest covariance is Σ_b C_jb − C_jj and the rest's variance Σ_ab C_ab − 2 Σ_b C_jb + C_jj.
//
// The cross-products come from the items' pairwise tables of counts (pair-counts.ts): an item
// takes a handful of distinct values, so C_ab = Σ_uv n_ab(u, v)·(x_u − x̄_a)(x_v − x̄_b) over the
// pairs of values, each respondent costs a few counts, and the sums run over a few exact counts,
// not a million rounded products. Items with too many distinct values are read row by row
// instead (two passes: means, then centred cross-products). Either way the sums are about each
// item's pivot, a value it takes on a complete row: an item that never varies then has a
// variance of exactly 0, not rounding noise.

import { pairCounts, type PairCounts } from './pair-counts.js';

export interface Alpha {
  raw: number | null;
  standardized: number | null;
  nComplete: number;
  /** Pearson r of each item with the sum of the others (null when undefined). */
  itemRest: (number | null)[];
}

/** One item's answers, dictionary-coded: `values[codes[i]]` for respondent i, NaN when missing. */
export interface CodedItem {
  codes: ArrayLike<number>;
  values: Float64Array;
}

/** A variance this small next to the items' own is rounding noise around zero. */
const ZERO_VARIANCE = 1e-12;

export function cronbachAlpha(items: readonly CodedItem[]): Alpha {
  const k = items.length;
  const counts = pairCounts(items);
  const { cross, nComplete } = counts ? crossProductsFromCounts(counts, k) : crossProductsByRow(items);
  const itemRest: (number | null)[] = items.map(() => null);
  if (k < 2 || nComplete < 2) return { raw: null, standardized: null, nComplete, itemRest };

  const c = (a: number, b: number) => (a <= b ? cross[a * k + b]! : cross[b * k + a]!) / (nComplete - 1);
  let total = 0;
  let sumOfVariances = 0;
  const rowSums = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    sumOfVariances += c(a, a);
    for (let b = 0; b < k; b++) rowSums[a] = rowSums[a]! + c(a, b);
  }
  for (let a = 0; a < k; a++) total += rowSums[a]!;
  const scale = sumOfVariances;
  const isZero = (variance: number) => !(variance > ZERO_VARIANCE * scale);
  const raw = isZero(total) ? null : (k / (k - 1)) * (1 - sumOfVariances / total);

  const pairs: number[] = [];
  let undefinedPair = false;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      if (c(a, a) === 0 || c(b, b) === 0) undefinedPair = true;
      else pairs.push(c(a, b) / Math.sqrt(c(a, a) * c(b, b)));
    }
  }
  const meanR = pairs.reduce((sum, r) => sum + r, 0) / pairs.length;
  const standardized = undefinedPair ? null : (k * meanR) / (1 + (k - 1) * meanR);
  for (let j = 0; j < k; j++) {
    const variance = c(j, j);
    const restVariance = total - 2 * rowSums[j]! + variance;
    if (variance === 0 || isZero(restVariance)) continue;
    itemRest[j] = (rowSums[j]! - variance) / Math.sqrt(variance * restVariance);
  }
  return { raw, standardized, nComplete, itemRest };
}

/** Centred cross-products, upper triangle of a row-major k×k matrix, from pairwise counts. */
function crossProductsFromCounts({ nComplete, levels, marginal, joint }: PairCounts, k: number): { cross: Float64Array; nComplete: number } {
  const cross = new Float64Array(k * k);
  if (nComplete === 0) return { cross, nComplete };
  // Each level's value less the item's mean, the mean taken as an offset from the pivot.
  const centred = levels.map((values, a) => {
    const counts = marginal[a]!;
    const pivot = values[counts.findIndex((count) => count > 0)]!;
    let sum = 0;
    for (let u = 0; u < values.length; u++) sum += counts[u]! * (values[u]! - pivot);
    const offset = sum / nComplete;
    return values.map((x) => x - pivot - offset);
  });
  for (let a = 0; a < k; a++) {
    const ea = centred[a]!;
    const counts = marginal[a]!;
    let own = 0;
    for (let u = 0; u < ea.length; u++) own += counts[u]! * ea[u]! * ea[u]!;
    cross[a * k + a] = own;
    for (let b = a + 1; b < k; b++) {
      const eb = centred[b]!;
      const table = joint[a * k + b]!;
      let sum = 0;
      for (let u = 0; u < ea.length; u++) {
        let row = 0;
        for (let v = 0; v < eb.length; v++) row += table[u * eb.length + v]! * eb[v]!;
        sum += ea[u]! * row;
      }
      cross[a * k + b] = sum;
    }
  }
  return { cross, nComplete };
}

/** The same, row by row, for items with too many distinct values to count. */
function crossProductsByRow(items: readonly CodedItem[]): { cross: Float64Array; nComplete: number } {
  const k = items.length;
  const n = items[0]?.codes.length ?? 0;
  const codes = items.map((item) => item.codes);
  const values = items.map((item) => item.values);
  const complete = new Uint8Array(n);
  const pivots = new Float64Array(k);
  const sums = new Float64Array(k);
  let nComplete = 0;
  for (let i = 0; i < n; i++) {
    let ok = 1;
    for (let j = 0; j < k; j++) {
      const x = values[j]![codes[j]![i]!]!;
      if (x !== x) {
        ok = 0;
        break;
      }
    }
    if (ok === 0) continue;
    complete[i] = 1;
    if (nComplete === 0) for (let j = 0; j < k; j++) pivots[j] = values[j]![codes[j]![i]!]!;
    nComplete++;
    for (let j = 0; j < k; j++) sums[j] = sums[j]! + (values[j]![codes[j]![i]!]! - pivots[j]!);
  }
  const cross = new Float64Array(k * k);
  if (nComplete === 0) return { cross, nComplete };
  // Each item's mean, as an offset from its pivot.
  const offsets = Float64Array.from(sums, (sum) => sum / nComplete);
  const centred = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (complete[i] === 0) continue;
    for (let j = 0; j < k; j++) centred[j] = values[j]![codes[j]![i]!]! - pivots[j]! - offsets[j]!;
    for (let a = 0; a < k; a++) {
      const ca = centred[a]!;
      const row = a * k;
      for (let b = a; b < k; b++) cross[row + b] = cross[row + b]! + ca * centred[b]!;
    }
  }
  return { cross, nComplete };
}
