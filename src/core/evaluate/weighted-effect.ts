// The survey-weighted comparison (STATISTICS.md §8c): weighted means and SDs per cohort, Kish
// effective n, and WLS score ~ treated with HC1 SE (df N − 2), plus CR1 when clusters exist.
// Rows whose weight is missing, not a number, zero or negative are left out of this block only.

import { clusterHc1, type ClusterCodes } from '../stats/cluster-robust.js';
import { hc1 } from '../stats/heteroskedasticity-robust.js';
import { fitOls } from '../stats/ols.js';
import { weightedGroup, type WeightedGroup } from '../stats/weighted-comparison.js';
import { clustersAmong, clustersPerArm, MIN_CLUSTERS_PER_ARM } from './cluster-inference.js';
import { pick, regressionTest, type RegressionTest } from './regression-test.js';

export interface WeightedEffect {
  n: number;
  treated: WeightedGroup;
  control: WeightedGroup;
  diff: number;
  relativePct: number | null;
  wlsHc1: RegressionTest | null;
  wlsClusterCr1: RegressionTest | null;
}

/** `weights` holds NaN where a row's weight is unusable. */
export function weightedEffect(
  scores: Float64Array,
  treated: Uint8Array,
  weights: Float64Array,
  clusterCodes: ClusterCodes | undefined,
): WeightedEffect | null {
  const rows: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i]!) && weights[i]! > 0 && Number.isFinite(weights[i]!)) rows.push(i);
  const inCohort = (flag: number) => rows.filter((r) => treated[r] === flag);
  const t = inCohort(1);
  const c = inCohort(0);
  const groupT = weightedGroup(t.map((r) => scores[r]!), t.map((r) => weights[r]!));
  const groupC = weightedGroup(c.map((r) => scores[r]!), c.map((r) => weights[r]!));
  if (!groupT || !groupC) return null;
  const diff = groupT.mean - groupC.mean;

  const design = [new Float64Array(rows.length).fill(1), pick(treated, rows)];
  const w = pick(weights, rows);
  const fit = fitOls(design, pick(scores, rows), w);
  const at = fit.kept.indexOf(1);
  let wlsHc1: RegressionTest | null = null;
  let wlsClusterCr1: RegressionTest | null = null;
  if (at >= 0 && rows.length > 2 && !fit.perfectFit) {
    wlsHc1 = regressionTest(fit.coef[at]!, hc1(fit, design, at, w));
    const clusters = clusterCodes ? clustersAmong(rows, clusterCodes) : null;
    if (clusters && clustersPerArm(clusters.codes, design[1]!) >= MIN_CLUSTERS_PER_ARM) wlsClusterCr1 = regressionTest(fit.coef[at]!, clusterHc1(fit, design, clusters, at, w));
  }
  return {
    n: rows.length,
    treated: groupT,
    control: groupC,
    diff,
    relativePct: groupC.mean !== 0 ? (diff / groupC.mean) * 100 : null,
    wlsHc1,
    wlsClusterCr1,
  };
}
