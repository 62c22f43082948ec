// Cohen's d = (mean_treated − mean_control) / sp, with the pooled SD sp (STATISTICS.md §6).
// Null when the pooled SD is undefined or zero.

import { pooledSd } from './pooled-sd.js';
import type { GroupSummary } from './two-sample-test.js';

export function cohenD(treated: GroupSummary, control: GroupSummary): number | null {
  const sp = pooledSd(treated, control);
  if (sp === null || sp === 0) return null;
  return (treated.mean - control.mean) / sp;
}
