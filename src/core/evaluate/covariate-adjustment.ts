// The difference adjusted for background characteristics (STATISTICS.md §8b): OLS
// score ~ treated + covariates on complete cases, categorical covariates dummy-coded against
// their first level, collinear columns dropped, HC2 SE with the residual df; with clusters, also
// CR1 with df G − 1. It narrows, but does not remove, the gap between association and effect:
// only what was measured is adjusted for.
//
// The model is fitted row by row (stats/sparse-ols.ts): a state covariate is one level code per
// row, not 24 dense dummy columns, so a million rows cost a few linear passes. Every index has
// the same covariates, so what they share (the complete cases, the design's cells, the cohorts
// per cluster) is prepared once (prepareAdjustment) and each index's fit only takes out its
// rows without a score. Columns are ordered intercept, numeric covariates, dummies, treated;
// the order decides only which of a set of collinear covariate columns is dropped, never the
// treated coefficient or its SEs.

import { clusterHc1Focal, type ClusterCodes } from '../stats/cluster-robust.js';
import { hc2Focal } from '../stats/heteroskedasticity-robust.js';
import { prepareSparseOls, type RowCodes, type SparseDesign } from '../stats/sparse-ols.js';
import { MIN_CLUSTERS_PER_ARM } from './cluster-inference.js';
import { missingByCode, type Covariate } from './covariates.js';
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
  clusterCodes: ClusterCodes | undefined,
): CovariateAdjustment | AdjustmentProblem {
  return prepareAdjustment(treated, covariates, clusterCodes).fit(scores);
}

/** The adjusted model of one set of covariates, ready for the scores of each index. */
export interface PreparedAdjustment {
  /** What covariateAdjustment(scores, …) gives. */
  fit(scores: Float64Array): CovariateAdjustment | AdjustmentProblem;
}

/**
 * What the adjusted models of all indices share, done once: the rows with every covariate,
 * their cells and cell sums (stats/sparse-ols.ts prepareSparseOls), and which cohorts each
 * cluster holds among them. The indices differ only in the rows whose score is missing, which
 * each fit finds and takes back out.
 */
export function prepareAdjustment(treated: Uint8Array, covariates: readonly Covariate[], clusterCodes: ClusterCodes | undefined): PreparedAdjustment {
  // The covariates stay dictionary-coded (covariates.ts): the design reads each row's value or
  // level through its code.
  const numeric: SparseDesign['numeric'][number][] = [];
  const categorical: SparseDesign['categorical'][number][] = [];
  for (const covariate of covariates) {
    if (covariate.kind === 'numeric') numeric.push({ codes: covariate.codes, valueOf: covariate.valueOf });
    else categorical.push({ codes: covariate.codes, levelOf: covariate.levelOf, levels: covariate.levels.length });
  }
  const length = treated.length;
  // Rows with no covariate missing (covariates.ts isCovariateMissing), judged per code, one
  // covariate at a time; and among them, the rows of each cohort overall and per cluster, and
  // the rows without a cluster.
  const complete = new Uint8Array(length).fill(1);
  for (const covariate of covariates) markMissing(covariate.codes, missingByCode(covariate), complete);
  const clusterCount = clusterCodes ? countClusters(clusterCodes) : 0;
  const cohorts = new Int32Array(ARMS + 2 * clusterCount);
  const incomplete = countCohorts(complete, treated, clusterCodes ?? null, cohorts);

  // `treated` goes last, so that if the covariates already determine it (training given to
  // whole states, with state as a covariate) it is the column dropped, and no arbitrary
  // contrast is passed off as the training effect. The fit leaves out the same rows.
  const design: SparseDesign = { numeric, categorical, focal: treated };
  const sparse = prepareSparseOls(design, clusterCodes ? { clusters: { codes: clusterCodes, count: clusterCount } } : {});
  const names = covariates.map((c) => c.name);

  const fit = (scores: Float64Array): CovariateAdjustment | AdjustmentProblem => {
    // Complete cases: a score as well. The rows without one are few: take them back out.
    const here = cohorts.slice();
    const dropped = incomplete - takeOutUnscored(scores, complete, treated, clusterCodes ?? null, here);
    if (here[ONES] === 0 || here[ZEROS] === 0) return 'one-cohort';
    // CR1 needs every row in a cluster and, as in clusterInference, two clusters in each cohort.
    let withClusters = false;
    if (clusterCodes && here[UNCLUSTERED] === 0) {
      let control = 0;
      let trained = 0;
      for (let c = 0; c < clusterCount; c++) {
        if (here[ARMS + 2 * c]! > 0) control++;
        if (here[ARMS + 2 * c + 1]! > 0) trained++;
      }
      withClusters = Math.min(control, trained) >= MIN_CLUSTERS_PER_ARM;
    }
    const fit = sparse.fit(scores);
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
      covariates: names,
      n: fit.n,
      nDroppedMissingCovariate: dropped,
      nParams: fit.kept.length,
      clusterCr1,
    };
  };
  return { fit };
}

// The per-row loops, as functions of their own so that each is compiled once (a loop in a long
// function runs unoptimised until the middle of every call).

function markMissing(codes: RowCodes, missing: Uint8Array, complete: Uint8Array): void {
  for (let i = 0; i < codes.length; i++) if (missing[codes[i]!] === 1) complete[i] = 0;
}

function countClusters(clusterCodes: ClusterCodes): number {
  let count = 0;
  for (let i = 0; i < clusterCodes.length; i++) if (clusterCodes[i]! >= count) count = clusterCodes[i]! + 1;
  return count;
}

// Cohort counts: rows with treated 1 and 0, rows without a cluster, then per cluster c the
// control rows at ARMS + 2c and the treated rows at ARMS + 2c + 1.
const ONES = 0;
const ZEROS = 1;
const UNCLUSTERED = 2;
const ARMS = 3;

/** Counts the complete rows into `counts`; returns the number of incomplete rows. */
function countCohorts(complete: Uint8Array, treated: Uint8Array, clusterCodes: ClusterCodes | null, counts: Int32Array): number {
  let incomplete = 0;
  for (let i = 0; i < complete.length; i++) {
    if (complete[i] === 1) countRow(i, treated, clusterCodes, counts, 1);
    else incomplete++;
  }
  return incomplete;
}

/**
 * Takes the complete rows without a score out of `counts`; returns the number of incomplete
 * rows without a score (they were never in).
 */
function takeOutUnscored(scores: Float64Array, complete: Uint8Array, treated: Uint8Array, clusterCodes: ClusterCodes | null, counts: Int32Array): number {
  let unscored = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isNaN(scores[i]!)) continue;
    if (complete[i] === 1) countRow(i, treated, clusterCodes, counts, -1);
    else unscored++;
  }
  return unscored;
}

function countRow(row: number, treated: Uint8Array, clusterCodes: ClusterCodes | null, counts: Int32Array, count: 1 | -1): void {
  const t = treated[row]!;
  if (t === 1) counts[ONES] = counts[ONES]! + count;
  else if (t === 0) counts[ZEROS] = counts[ZEROS]! + count;
  if (clusterCodes !== null) {
    const code = clusterCodes[row]!;
    const at = code < 0 ? UNCLUSTERED : ARMS + 2 * code + (t === 1 ? 1 : 0);
    counts[at] = counts[at]! + count;
  }
}
