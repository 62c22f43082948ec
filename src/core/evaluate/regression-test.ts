// What every regression-based comparison reports for the `treated` coefficient: its estimate,
// SE, the df of its t reference, p and 95% CI (STATISTICS.md §8).

import { completeTest } from '../stats/two-sample-test.js';
import type { CoefficientSe } from '../stats/cluster-robust.js';

export interface RegressionTest {
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
  ci95: [number, number];
}

export function regressionTest(estimate: number, { se, df }: CoefficientSe): RegressionTest | null {
  const test = completeTest(estimate, se, df);
  return test ? { estimate, se, df, t: test.t, p: test.p, ci95: test.ci95 } : null;
}

/** Copies the rows listed in `rows` out of a full-length column (a plain loop: no call per element). */
export function pick(values: ArrayLike<number>, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}
