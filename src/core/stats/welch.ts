// Welch's unequal-variances t test, treated minus control; matches R's
// t.test(y1, y0, var.equal = FALSE). se = sqrt(s1²/n1 + s0²/n0); df by Welch–Satterthwaite:
// (s1²/n1 + s0²/n0)² / [(s1²/n1)²/(n1−1) + (s0²/n0)²/(n0−1)].
// Null when either group has fewer than 2 values or both variances are 0.

import { completeTest, type GroupSummary, type TwoSampleTest } from './two-sample-test.js';

export function welch(treated: GroupSummary, control: GroupSummary): TwoSampleTest | null {
  if (treated.n < 2 || control.n < 2) return null;
  const a = treated.variance / treated.n;
  const b = control.variance / control.n;
  const se = Math.sqrt(a + b);
  const df = (a + b) ** 2 / (a ** 2 / (treated.n - 1) + b ** 2 / (control.n - 1));
  return completeTest(treated.mean - control.mean, se, df);
}
