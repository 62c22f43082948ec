// Count, arithmetic mean and sample SD (divisor n − 1) of one cohort's valid scores
// (STATISTICS.md §4). NA (null) where undefined: the mean of nothing, the SD of one value.

import { mean, sampleVariance } from 'simple-statistics';

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
export function describeByCohort(scores: Float64Array, treated: Uint8Array): { treated: Description; control: Description } {
  const n = [0, 0];
  const sum = new Float64Array(2);
  const correction = new Float64Array(2);
  for (let i = 0; i < scores.length; i++) {
    const x = scores[i]!;
    if (x !== x) continue;
    const g = treated[i]!;
    addCompensated(sum, correction, g, x);
    n[g]!++;
  }
  const means = [0, 1].map((g) => (sum[g]! + correction[g]!) / n[g]!);
  const squares = [0, 0];
  for (let i = 0; i < scores.length; i++) {
    const x = scores[i]!;
    if (x !== x) continue;
    const g = treated[i]!;
    const d = x - means[g]!;
    squares[g]! += d * d;
  }
  const describeGroup = (g: number): Description => {
    if (n[g] === 0) return { n: 0, mean: null, sd: null, variance: null };
    if (n[g]! < 2) return { n: n[g]!, mean: means[g]!, sd: null, variance: null };
    const variance = squares[g]! / (n[g]! - 1);
    return { n: n[g]!, mean: means[g]!, sd: Math.sqrt(variance), variance };
  };
  return { treated: describeGroup(1), control: describeGroup(0) };
}

/** simple-statistics' mean of values[rows[t]] (of every value without rows), bit for bit, without copies. */
export function meanOfRows(values: Float64Array, rows?: Int32Array): number {
  const count = rows ? rows.length : values.length;
  const sum = new Float64Array(1);
  const correction = new Float64Array(1);
  if (rows) for (let t = 0; t < count; t++) addCompensated(sum, correction, 0, values[rows[t]!]!);
  else for (let t = 0; t < count; t++) addCompensated(sum, correction, 0, values[t]!);
  return (sum[0]! + correction[0]!) / count;
}
