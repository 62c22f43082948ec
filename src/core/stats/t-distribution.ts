// Student's t distribution for non-integer degrees of freedom (Welch's df is rarely whole),
// from stdlib's exact implementations rather than a normal approximation.

import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Two-sided p-value 2·P(T_df > |t|), computed from the lower tail so tiny p keep their digits. */
export function tTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** The quantile qt(p, df), e.g. qt(0.975, df) for a 95% interval. */
export function tQuantileAt(p: number, df: number): number {
  return tQuantile(p, df);
}
