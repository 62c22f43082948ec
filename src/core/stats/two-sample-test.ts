// What a two-sample t test reports (STATISTICS.md §5): t, its degrees of freedom, the two-sided
// p, the standard error of the difference and the 95% confidence interval.

import { tQuantileAt, tTwoSidedP } from './t-distribution.js';

export interface TwoSampleTest {
  t: number;
  df: number;
  p: number;
  se: number;
  ci95: [number, number];
}

/** Shared tail of Welch and Student: from a difference, its SE and df to t, p and the CI. */
export function completeTest(diff: number, se: number, df: number): TwoSampleTest | null {
  if (!(se > 0) || !Number.isFinite(se) || !(df > 0)) return null;
  const t = diff / se;
  const half = tQuantileAt(0.975, df) * se;
  return { t, df, p: tTwoSidedP(t, df), se, ci95: [diff - half, diff + half] };
}

/** Summary of one cohort: what the tests need, so they never touch raw rows. */
export interface GroupSummary {
  n: number;
  mean: number;
  variance: number;
}
