// Student's equal-variances t test, treated minus control; matches R's
// t.test(y1, y0, var.equal = TRUE): se = sp·sqrt(1/n1 + 1/n0) with the pooled SD sp, and
// df = n1 + n0 − 2. Reported beside Welch for comparison; Welch is the headline test.

import { pooledSd } from './pooled-sd.js';
import { completeTest, type GroupSummary, type TwoSampleTest } from './two-sample-test.js';

export function student(treated: GroupSummary, control: GroupSummary): TwoSampleTest | null {
  if (treated.n < 2 || control.n < 2) return null;
  const sp = pooledSd(treated, control);
  if (sp === null) return null;
  const se = sp * Math.sqrt(1 / treated.n + 1 / control.n);
  return completeTest(treated.mean - control.mean, se, treated.n + control.n - 2);
}
