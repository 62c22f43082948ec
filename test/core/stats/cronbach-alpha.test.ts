// cronbachAlpha works from the covariance matrix of dictionary-coded items, counted through
// patterns of item groups (pair-counts.ts) or, for items with many distinct values, row by row.
// Here it is held to the textbook computation on copied-out complete cases (the implementation
// it replaced, which test/commands/evaluate-reference.test.ts also checks against psych::alpha),
// to exact arithmetic (covariances summed in BigInt), and to the row-by-row implementation it had
// before counting (copied below from commit 3fc5488), on random items of every kind.

import fc from 'fast-check';
import { sampleCorrelation, sampleVariance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha, type Alpha, type CodedItem } from '../../../src/core/stats/cronbach-alpha.js';
import { pairCounts } from '../../../src/core/stats/pair-counts.js';
import { expectClose, VALUE_TOLERANCE } from '../../helpers/tolerance.js';
import { codedItems, itemsSpec } from '../../helpers/random-coded-items.js';

function textbookAlpha(items: number[][]) {
  const k = items.length;
  const complete: number[][] = items.map(() => []);
  for (let i = 0; i < (items[0]?.length ?? 0); i++) {
    if (items.some((item) => Number.isNaN(item[i]!))) continue;
    items.forEach((item, j) => complete[j]!.push(item[i]!));
  }
  const n = complete[0]?.length ?? 0;
  if (k < 2 || n < 2) return { raw: null, standardized: null, nComplete: n, itemRest: items.map(() => null) };
  const totals = complete[0]!.map((_, i) => complete.reduce((s, item) => s + item[i]!, 0));
  const totalVariance = sampleVariance(totals);
  const raw = totalVariance > 0 ? (k / (k - 1)) * (1 - complete.reduce((s, item) => s + sampleVariance(item), 0) / totalVariance) : null;
  const r = (a: number[], b: number[]) => (sampleVariance(a) === 0 || sampleVariance(b) === 0 ? null : sampleCorrelation(a, b));
  const pairs: (number | null)[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) pairs.push(r(complete[a]!, complete[b]!));
  const meanR = pairs.reduce((s: number, x) => s + (x ?? 0), 0) / pairs.length;
  const standardized = pairs.includes(null) ? null : (k * meanR) / (1 + (k - 1) * meanR);
  const itemRest = complete.map((item) => r(item, totals.map((t, i) => t - item[i]!)));
  return { raw, standardized, nComplete: n, itemRest };
}

// ---- as it was (row by row, two passes) ----------------------------------------------------

function cronbachAlphaAsItWas(items: readonly CodedItem[]): Alpha {
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
  const itemRest: (number | null)[] = items.map(() => null);
  if (k < 2 || nComplete < 2) return { raw: null, standardized: null, nComplete, itemRest };
  const offsets = Float64Array.from(sums, (sum) => sum / nComplete);
  const cross = new Float64Array(k * k);
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
  const isZero = (variance: number) => !(variance > 1e-12 * scale);
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

/**
 * Difference relative to the quantity's scale: |got − want| / max(1, |want|), since alpha and the
 * correlations live on a scale of 1 (an item–rest r of −0.004 is not known to 1e-12 of itself);
 * 0 when both are null, Infinity when only one is.
 */
function difference(got: number | null | undefined, want: number | null): number {
  if (got === null || got === undefined || want === null) return (got ?? null) === want ? 0 : Infinity;
  return got === want ? 0 : Math.abs(got - want) / Math.max(1, Math.abs(want));
}

/**
 * Alpha from covariances computed exactly, then rounded once to doubles: what an implementation
 * with no rounding in its sums would give. Complete rows are counted for every pair of levels of
 * every pair of items, row by row, and each count times the pair's values is summed in BigInt,
 * every value being an integer once scaled by 2^64 (true of every value the tests draw):
 * n·(n−1)·C_ab = n·Σ xy − Σ x·Σ y.
 */
function alphaInExactArithmetic(items: readonly CodedItem[]): Alpha {
  const k = items.length;
  const n = items[0]?.codes.length ?? 0;
  const SCALE = 2 ** 64;
  const levels = items.map(({ values }) => [...new Set([...values].filter((x) => !Number.isNaN(x)))]);
  const scaled = levels.map((values) =>
    values.map((x) => {
      if (!Number.isInteger(x * SCALE)) throw new Error(`${x} is not an integer times 2^-64`);
      return BigInt(x * SCALE);
    }),
  );
  const levelOf = items.map(({ codes, values }, j) => {
    const ofCode = Array.from(values, (x) => levels[j]!.indexOf(x));
    return Int32Array.from({ length: n }, (_, i) => ofCode[codes[i]!]!);
  });
  const marginal = levels.map((values) => new Int32Array(values.length));
  const joint = levels.map((_, a) => levels.map((__, b) => new Int32Array(b <= a ? 0 : levels[a]!.length * levels[b]!.length)));
  let nComplete = 0;
  for (let i = 0; i < n; i++) {
    if (levelOf.some((level) => level[i]! < 0)) continue;
    nComplete++;
    for (let a = 0; a < k; a++) {
      marginal[a]![levelOf[a]![i]!]!++;
      for (let b = a + 1; b < k; b++) joint[a]![b]![levelOf[a]![i]! * levels[b]!.length + levelOf[b]![i]!]!++;
    }
  }
  const itemRest: (number | null)[] = items.map(() => null);
  if (k < 2 || nComplete < 2) return { raw: null, standardized: null, nComplete, itemRest };
  const N = BigInt(nComplete);
  const sums = marginal.map((counts, a) => counts.reduce((s, count, u) => s + BigInt(count) * scaled[a]![u]!, 0n));
  const products = (a: number, b: number) => {
    if (a === b) return marginal[a]!.reduce((s, count, u) => s + BigInt(count) * scaled[a]![u]! ** 2n, 0n);
    const width = levels[b]!.length;
    return joint[a]![b]!.reduce((s, count, cell) => (count === 0 ? s : s + BigInt(count) * scaled[a]![Math.floor(cell / width)]! * scaled[b]![cell % width]!), 0n);
  };
  const covariances = levels.map((_, a) =>
    levels.map((__, b) => (b < a ? 0 : Number(N * products(a, b) - sums[a]! * sums[b]!) / SCALE / SCALE / (nComplete * (nComplete - 1)))),
  );
  const c = (a: number, b: number) => (a <= b ? covariances[a]![b]! : covariances[b]![a]!);
  let total = 0;
  let sumOfVariances = 0;
  const rowSums = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    sumOfVariances += c(a, a);
    for (let b = 0; b < k; b++) rowSums[a] = rowSums[a]! + c(a, b);
  }
  for (let a = 0; a < k; a++) total += rowSums[a]!;
  const isZero = (variance: number) => !(variance > 1e-12 * sumOfVariances);
  const raw = isZero(total) ? null : (k / (k - 1)) * (1 - sumOfVariances / total);
  const pairs: number[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) if (c(a, a) !== 0 && c(b, b) !== 0) pairs.push(c(a, b) / Math.sqrt(c(a, a) * c(b, b)));
  const meanR = pairs.reduce((s, r) => s + r, 0) / pairs.length;
  const standardized = pairs.length < (k * (k - 1)) / 2 ? null : (k * meanR) / (1 + (k - 1) * meanR);
  for (let j = 0; j < k; j++) {
    const variance = c(j, j);
    const restVariance = total - 2 * rowSums[j]! + variance;
    if (variance === 0 || isZero(restVariance)) continue;
    itemRest[j] = (rowSums[j]! - variance) / Math.sqrt(variance * restVariance);
  }
  return { raw, standardized, nComplete, itemRest };
}

const differences = (got: Alpha, want: Alpha) => [
  difference(got.raw, want.raw),
  difference(got.standardized, want.standardized),
  ...want.itemRest.map((r, j) => difference(got.itemRest[j], r)),
];

// ---------------------------------------------------------------------------------------------

/** Items as the tool holds them: a code per respondent into a table of distinct values. */
function coded(items: number[][]) {
  return items.map((item) => {
    const values = [...new Set(item.map(String))].map(Number);
    return { codes: item.map((x) => values.findIndex((v) => Object.is(v, x))), values: Float64Array.from(values) };
  });
}

describe('cronbachAlpha', () => {
  it('has no correlation for an item that never varies, and no alpha when no item does (values a float cannot hold exactly)', () => {
    const third = (x: number) => x / 3;
    const constant = Array.from({ length: 10 }, () => 2 / 3);
    const b = [0, 1, 2, 3, 1, 2, 3, 2, 1, 0].map(third);
    const c = [1, 1, 2, 3, 0, 2, 3, 3, 1, 0].map(third);
    const one = cronbachAlpha(coded([constant, b, c]));
    expect(one.standardized).toBeNull();
    expect(one.itemRest[0]).toBeNull();
    expect(one.raw).not.toBeNull();
    const all = cronbachAlpha(coded([constant, constant, Array.from({ length: 10 }, () => 1 / 3)]));
    expect(all).toEqual({ raw: null, standardized: null, nComplete: 10, itemRest: [null, null, null] });
  });

  it('agrees with the textbook computation on random Likert items with missing answers (300 runs)', () => {
    const answer = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 4 }).map((x) => x * 25) }, { weight: 1, arbitrary: fc.constant(NaN) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 40 }), fc.infiniteStream(answer), (k, n, stream) => {
        const items = Array.from({ length: k }, () => Array.from({ length: n }, () => stream.next().value as number));
        const got = cronbachAlpha(coded(items));
        const want = textbookAlpha(items);
        expect(got.nComplete).toBe(want.nComplete);
        for (const key of ['raw', 'standardized'] as const) expectClose(got[key], want[key], VALUE_TOLERANCE, key);
        want.itemRest.forEach((r, j) => expectClose(got.itemRest[j], r, VALUE_TOLERANCE, `itemRest[${j}]`));
      }),
      { seed: 20261129, numRuns: 300 },
    );
  });

  // Exact sums still meet a rounded formula: with few rows or items that nearly cancel, alpha or an
  // item–rest r can move by 1e-13 when a covariance moves by one ulp.
  it('agrees with exact arithmetic to 5e-13 where it counts, and is the row loop it replaced where it cannot (200 runs)', () => {
    fc.assert(
      fc.property(itemsSpec({ min: 2, max: 20 }), (spec) => {
        const items = codedItems(spec);
        const got = cronbachAlpha(items);
        if (pairCounts(items) === null) {
          expect(got).toEqual(cronbachAlphaAsItWas(items));
          return;
        }
        const exact = alphaInExactArithmetic(items);
        expect(got.nComplete).toBe(exact.nComplete);
        expect(Math.max(...differences(got, exact)), JSON.stringify({ got, exact })).toBeLessThanOrEqual(5e-13);
      }),
      { seed: 20261129, numRuns: 200 },
    );
  });

  // The row loop's own rounding reaches 4e-12 of the scale on these items (against exact
  // arithmetic, where the counted sums stay within 1e-13), so the two are held to 1e-11.
  it('agrees with the row-by-row implementation it replaced, to that implementation\'s rounding (200 runs)', () => {
    fc.assert(
      fc.property(itemsSpec({ min: 2, max: 20 }), (spec) => {
        const items = codedItems(spec);
        const got = cronbachAlpha(items);
        const want = cronbachAlphaAsItWas(items);
        expect(got.nComplete).toBe(want.nComplete);
        expect(Math.max(...differences(got, want)), JSON.stringify({ got, want })).toBeLessThanOrEqual(1e-11);
      }),
      { seed: 20261129, numRuns: 200 },
    );
  });

  it('has no alpha when the items cancel (an item and its reverse), and nothing for fewer than two items or rows', () => {
    const x = [0, 25, 50, 75, 100, 25, 50, 0, 100, 75];
    const alpha = cronbachAlpha(coded([x, x.map((v) => 100 - v)]));
    expect(alpha.raw).toBeNull();
    alpha.itemRest.forEach((r) => expect(r).toBeCloseTo(-1, 12));
    expect(cronbachAlpha([])).toEqual({ raw: null, standardized: null, nComplete: 0, itemRest: [] });
    expect(cronbachAlpha(coded([x]))).toEqual({ raw: null, standardized: null, nComplete: 10, itemRest: [null] });
    expect(cronbachAlpha(coded([[1], [2]]))).toEqual({ raw: null, standardized: null, nComplete: 1, itemRest: [null, null] });
  });
});
