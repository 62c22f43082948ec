// The difference adjusted for background characteristics (STATISTICS.md §8b): OLS
// score ~ treated + covariates on complete cases, categorical covariates dummy-coded against
// their first level, collinear columns dropped, HC2 SE with the residual df; with clusters, also
// CR1 with df G − 1. It narrows, but does not remove, the gap between association and effect:
// only what was measured is adjusted for.
//
// The model is fitted row by row (stats/sparse-ols.ts): a state covariate is one level code per
// row, not 24 dense dummy columns, so a million rows cost a few linear passes. Columns are
// ordered intercept, numeric covariates, dummies, treated; the order decides only which of a
// set of collinear covariate columns is dropped, never the treated coefficient or its SEs.

import { clusterHc1Focal } from '../stats/cluster-robust.js';
import { hc2Focal } from '../stats/heteroskedasticity-robust.js';
import { fitSparseOls, type SparseDesign } from '../stats/sparse-ols.js';
import { MIN_CLUSTERS_PER_ARM } from './cluster-inference.js';
import type { Covariate } from './covariates.js';
import { regressionTest, type RegressionTest } from './regression-test.js';

export interface CovariateAdjustment extends RegressionTest {
  covariates: string[];
  n: number;
  /** Rows with a score but a missing covariate, left out of this model. */
  nDroppedMissingCovariate: number;
  nParams: number;
  clusterCr1: RegressionTest | null;
}

/** Why no adjusted estimate could be given. */
export type AdjustmentProblem = 'one-cohort' | 'treated-collinear' | 'too-few-rows' | 'leverage-one' | 'perfect-fit';

export function covariateAdjustment(
  scores: Float64Array,
  treated: Uint8Array,
  covariates: readonly Covariate[],
  clusterCodes: Int32Array | undefined,
): CovariateAdjustment | AdjustmentProblem {
  const numeric: Float64Array[] = [];
  const categorical: { codes: Int32Array; levels: number }[] = [];
  for (const covariate of covariates) {
    if (covariate.kind === 'numeric') numeric.push(covariate.values);
    else categorical.push({ codes: covariate.codes, levels: covariate.levels.length });
  }
  // Complete cases: a score, and no covariate missing (NaN, or code −1: covariates.ts
  // isCovariateMissing, inlined because it runs for every row and covariate). On the way, which
  // cohorts each cluster holds, and whether every row has a cluster.
  const all = new Int32Array(scores.length);
  let n = 0;
  let dropped = 0;
  let ones = 0;
  let zeros = 0;
  const numericCount = numeric.length;
  const categoricalCodes = categorical.map((c) => c.codes);
  const categoricalCount = categoricalCodes.length;
  let clusterCount = 0;
  if (clusterCodes) for (let i = 0; i < clusterCodes.length; i++) clusterCount = Math.max(clusterCount, clusterCodes[i]! + 1);
  const arms = new Uint8Array(clusterCount); // per cluster, bit 1: a control row, bit 2: a treated row
  let everyRowClustered = clusterCodes !== undefined;
  rows: for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]!)) continue;
    for (let j = 0; j < numericCount; j++) {
      if (Number.isNaN(numeric[j]![i]!)) {
        dropped++;
        continue rows;
      }
    }
    for (let j = 0; j < categoricalCount; j++) {
      if (categoricalCodes[j]![i]! < 0) {
        dropped++;
        continue rows;
      }
    }
    all[n++] = i;
    if (treated[i] === 1) ones++;
    else if (treated[i] === 0) zeros++;
    if (clusterCodes) {
      const code = clusterCodes[i]!;
      if (code < 0) everyRowClustered = false;
      else arms[code] = arms[code]! | (treated[i] === 1 ? 2 : 1);
    }
  }
  if (ones === 0 || zeros === 0) return 'one-cohort';
  const rows = all.subarray(0, n);
  // CR1 needs every row in a cluster and, as in clusterInference, two clusters in each cohort.
  let withClusters = false;
  if (clusterCodes && everyRowClustered) {
    let control = 0;
    let trained = 0;
    for (const arm of arms) {
      if (arm & 1) control++;
      if (arm & 2) trained++;
    }
    withClusters = Math.min(control, trained) >= MIN_CLUSTERS_PER_ARM;
  }
  // `treated` goes last, so that if the covariates already determine it (training given to
  // whole states, with state as a covariate) it is the column dropped, and no arbitrary
  // contrast is passed off as the training effect.
  const design: SparseDesign = { rows, numeric, categorical, focal: treated };
  const fit = fitSparseOls(design, scores, withClusters ? { clusters: { codes: clusterCodes!, count: clusterCount } } : {});
  const at = fit.focalAt;
  if (at < 0) return 'treated-collinear';
  if (fit.n <= fit.kept.length) return 'too-few-rows';
  if (fit.perfectFit) return 'perfect-fit';
  const estimate = fit.coef[at]!;
  const main = regressionTest(estimate, hc2Focal(fit));
  if (!main) return 'leverage-one';
  const clusterCr1 = withClusters ? regressionTest(estimate, clusterHc1Focal(fit)) : null;
  return {
    ...main,
    covariates: covariates.map((c) => c.name),
    n,
    nDroppedMissingCovariate: dropped,
    nParams: fit.kept.length,
    clusterCr1,
  };
}
