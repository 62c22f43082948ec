// Count, arithmetic mean and sample SD (divisor n − 1) of one cohort's valid scores
// (STATISTICS.md §4). NA (null) where undefined: the mean of nothing, the SD of one value.

import { mean, sampleVariance } from 'simple-statistics';
import { forEachBlock, type RowValues } from './row-values.js';

export interface Description {
  n: number;
  mean: number | null;
  sd: number | null;
  /** Sample variance, kept unrounded for the tests that need it. */
  variance: number | null;
}

export function describe(values: readonly number[]): Description {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, variance: null };
  const m = mean(values as number[]);
  if (n < 2) return { n, mean: m, sd: null, variance: null };
  const variance = sampleVariance(values as number[]);
  return { n, mean: m, sd: Math.sqrt(variance), variance };
}

/**
 * One step of simple-statistics' Neumaier-compensated sum, kept in sums[at] and corrections[at]
 * (typed arrays, so hot loops that call it box no numbers). Starting from 0 and adding x gives
 * x and no correction, as starting from the first value does.
 */
export function addCompensated(sums: Float64Array, corrections: Float64Array, at: number, x: number): void {
  const sum = sums[at]!;
  const next = sum + x;
  corrections[at] = corrections[at]! + (Math.abs(sum) >= Math.abs(x) ? sum - next + x : x - next + sum);
  sums[at] = next;
}

/**
 * describe() of each cohort's valid (non-NaN) scores, without copying them out: the same
 * arithmetic as simple-statistics' mean (Neumaier-compensated sum) and sampleVariance (sum of
 * squared deviations from that mean), in the same order, so the results are bit for bit equal.
 */
export function describeByCohort(scores: RowValues, treated: Uint8Array): { treated: Description; control: Description } {
  const n = new Float64Array(2);
  const sum = new Float64Array(2);
  const correction = new Float64Array(2);
  forEachBlock(scores, (block, from) => sumByCohort(block, treated, from, n, sum, correction));
  const means = Float64Array.from([0, 1], (g) => (sum[g]! + correction[g]!) / n[g]!);
  const squares = new Float64Array(2);
  forEachBlock(scores, (block, from) => addSquaresByCohort(block, treated, from, means, squares));
  const describeGroup = (g: number): Description => {
    if (n[g] === 0) return { n: 0, mean: null, sd: null, variance: null };
    if (n[g]! < 2) return { n: n[g]!, mean: means[g]!, sd: null, variance: null };
    const variance = squares[g]! / (n[g]! - 1);
    return { n: n[g]!, mean: means[g]!, sd: Math.sqrt(variance), variance };
  };
  return { treated: describeGroup(1), control: describeGroup(0) };
}

/** Counts and compensated sums per cohort of a block's numbers (row `from` first). */
function sumByCohort(block: Float64Array, treated: Uint8Array, from: number, n: Float64Array, sum: Float64Array, correction: Float64Array): void {
  for (let j = 0; j < block.length; j++) {
    const x = block[j]!;
    if (x !== x) continue;
    const g = treated[from + j]!;
    addCompensated(sum, correction, g, x);
    n[g] = n[g]! + 1;
  }
}

/** Σ (x − cohort mean)² per cohort over a block's numbers (row `from` first). */
function addSquaresByCohort(block: Float64Array, treated: Uint8Array, from: number, means: Float64Array, squares: Float64Array): void {
  for (let j = 0; j < block.length; j++) {
    const x = block[j]!;
    if (x !== x) continue;
    const g = treated[from + j]!;
    const d = x - means[g]!;
    squares[g] = squares[g]! + d * d;
  }
}
