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
 * describe() of each cohort's valid (non-NaN) scores, without copying them out: the same
 * arithmetic as simple-statistics' mean (Neumaier-compensated sum) and sampleVariance (sum of
 * squared deviations from that mean), in the same order, so the results are bit for bit equal.
 */
export function describeByCohort(scores: Float64Array, treated: Uint8Array): { treated: Description; control: Description } {
  const n = [0, 0];
  const sum = [0, 0];
  const correction = [0, 0];
  for (let i = 0; i < scores.length; i++) {
    const x = scores[i]!;
    if (x !== x) continue;
    const g = treated[i]!;
    const s = sum[g]!;
    const next = s + x;
    correction[g]! += Math.abs(s) >= Math.abs(x) ? s - next + x : x - next + s;
    sum[g] = next;
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

/**
 * simple-statistics' mean of the values at(0), …, at(count − 1), bit for bit, without copying
 * them into an array: the Neumaier-compensated sum from the first value, divided by the count.
 */
export function meanAt(count: number, at: (t: number) => number): number {
  let sum = at(0);
  let correction = 0;
  for (let t = 1; t < count; t++) {
    const x = at(t);
    const next = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) correction += sum - next + x;
    else correction += x - next + sum;
    sum = next;
  }
  return (sum + correction) / count;
}
