// Treated vs control on one index (STATISTICS.md §4–§6): descriptives per cohort, the
// difference in index points and as a percentage of the control mean, Welch (headline) and
// Student tests, Cohen's d and Hedges' g.

import { cohenD } from '../stats/cohen-d.js';
import { describeByCohort, type Description } from '../stats/describe.js';
import { hedgesG } from '../stats/hedges-g.js';
import { pooledSd } from '../stats/pooled-sd.js';
import type { RowValues } from '../stats/row-values.js';
import { student } from '../stats/student.js';
import type { GroupSummary, TwoSampleTest } from '../stats/two-sample-test.js';
import { welch } from '../stats/welch.js';

export interface CohortDescription {
  n: number;
  mean: number | null;
  sd: number | null;
}

export interface IndexComparison {
  control: CohortDescription;
  treated: CohortDescription;
  diff: number | null;
  relativePct: number | null;
  welch: TwoSampleTest | null;
  student: TwoSampleTest | null;
  sdPooled: number | null;
  cohenD: number | null;
  hedgesG: number | null;
  hedgesGApprox: number | null;
}

function summary(description: Description): GroupSummary | null {
  if (description.mean === null) return null;
  return { n: description.n, mean: description.mean, variance: description.variance ?? 0 };
}

export function compareIndex(scores: RowValues, treatedFlags: Uint8Array): IndexComparison {
  const { treated, control } = describeByCohort(scores, treatedFlags);
  const s1 = summary(treated);
  const s0 = summary(control);
  const diff = s1 && s0 ? s1.mean - s0.mean : null;
  const relativePct = diff !== null && s0 && s0.mean !== 0 ? (diff / s0.mean) * 100 : null;
  const d = s1 && s0 ? cohenD(s1, s0) : null;
  const g = hedgesG(d, treated.n + control.n - 2);
  const strip = ({ n, mean, sd }: Description): CohortDescription => ({ n, mean, sd });
  return {
    control: strip(control),
    treated: strip(treated),
    diff,
    relativePct,
    welch: s1 && s0 ? welch(s1, s0) : null,
    student: s1 && s0 ? student(s1, s0) : null,
    sdPooled: s1 && s0 ? pooledSd(s1, s0) : null,
    cohenD: d,
    hedgesG: g.g,
    hedgesGApprox: g.gApprox,
  };
}
