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
