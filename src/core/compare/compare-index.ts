// Treated vs control on one index (STATISTICS.md §4–§6): descriptives per cohort, the
// difference in index points and as a percentage of the control mean, Welch (headline) and
// Student tests, Cohen's d and Hedges' g.

import { cohenD } from '../stats/cohen-d.js';
import type { Description } from '../stats/describe.js';
import { hedgesG } from '../stats/hedges-g.js';
import { pooledSd } from '../stats/pooled-sd.js';
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

function summary(description: Description): GroupSummary | null {
  if (description.mean === null) return null;
  return { n: description.n, mean: description.mean, variance: description.variance ?? 0 };
}

export function compareIndex(scores: Float64Array, treatedFlags: Uint8Array): IndexComparison {
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
