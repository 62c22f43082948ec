// Pooled SD of two groups, sp = sqrt(((n1−1)s1² + (n0−1)s0²)/(n1+n0−2)) (STATISTICS.md §5).
// It is the denominator of Cohen's d and the basis of Student's test. Null when df < 1.

import type { GroupSummary } from './two-sample-test.js';

export function pooledSd(treated: GroupSummary, control: GroupSummary): number | null {
  const df = treated.n + control.n - 2;
  if (df < 1) return null;
  const v1 = treated.n > 1 ? treated.variance : 0;
  const v0 = control.n > 1 ? control.variance : 0;
  return Math.sqrt(((treated.n - 1) * v1 + (control.n - 1) * v0) / df);
}
