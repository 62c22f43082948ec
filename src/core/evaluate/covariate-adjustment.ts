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
import { prepareSparseOls, type SparseDesign } from '../stats/sparse-ols.js';
import { MIN_CLUSTERS_PER_ARM } from './cluster-inference.js';
import type { Covariate, LevelCodes } from './covariates.js';
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
export function prepareAdjustment(treated: Uint8Array, covariates: readonly Covariate[], clusterCodes: Int32Array | undefined): PreparedAdjustment {
  const numeric: Float64Array[] = [];
  const categorical: { codes: LevelCodes; levels: number }[] = [];
  for (const covariate of covariates) {
    if (covariate.kind === 'numeric') numeric.push(covariate.values);
    else categorical.push({ codes: covariate.codes, levels: covariate.levels.length });
  }
  const length = treated.length;
  // Rows with no covariate missing (NaN, or a negative code: covariates.ts isCovariateMissing),
  // one covariate at a time so that each loop reads one kind of array; and among them, the rows
  // of each cohort overall and per cluster, and the rows without a cluster.
  const complete = new Uint8Array(length).fill(1);
  for (const values of numeric) markMissingNumeric(values, complete);
  for (const { codes } of categorical) markMissingCodes(codes, complete);
  let clusterCount = 0;
  if (clusterCodes) for (let i = 0; i < clusterCodes.length; i++) clusterCount = Math.max(clusterCount, clusterCodes[i]! + 1);
  const cohorts = new Counts(clusterCount);
  let incomplete = 0;
  for (let i = 0; i < length; i++) {
    if (complete[i] === 1) cohorts.add(i, treated, clusterCodes, 1);
    else incomplete++;
  }

  // `treated` goes last, so that if the covariates already determine it (training given to
  // whole states, with state as a covariate) it is the column dropped, and no arbitrary
  // contrast is passed off as the training effect. The fit leaves out the same rows.
  const design: SparseDesign = { numeric, categorical, focal: treated };
  const sparse = prepareSparseOls(design, clusterCodes ? { clusters: { codes: clusterCodes, count: clusterCount } } : {});
  const names = covariates.map((c) => c.name);

  const fit = (scores: Float64Array): CovariateAdjustment | AdjustmentProblem => {
    // Complete cases: a score as well. The rows without one are few: take them back out.
    const here = cohorts.copy();
    let dropped = incomplete; // rows with a missing covariate, then only those with a score
    for (let i = 0; i < length; i++) {
      if (!Number.isNaN(scores[i]!)) continue;
      if (complete[i] === 1) here.add(i, treated, clusterCodes, -1);
      else dropped--;
    }
    if (here.ones === 0 || here.zeros === 0) return 'one-cohort';
    // CR1 needs every row in a cluster and, as in clusterInference, two clusters in each cohort.
    let withClusters = false;
    if (clusterCodes && here.unclustered === 0) {
      let control = 0;
      let trained = 0;
      for (let c = 0; c < clusterCount; c++) {
        if (here.arms[2 * c]! > 0) control++;
        if (here.arms[2 * c + 1]! > 0) trained++;
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

function markMissingNumeric(values: Float64Array, complete: Uint8Array): void {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) complete[i] = 0;
}

function markMissingCodes(codes: LevelCodes, complete: Uint8Array): void {
  for (let i = 0; i < codes.length; i++) if (codes[i]! < 0) complete[i] = 0;
}

/** Rows per cohort (treated 1, 0), per cluster and cohort (arms[2c] control, [2c + 1] treated), and rows without a cluster. */
class Counts {
  ones = 0;
  zeros = 0;
  unclustered = 0;
  arms: Int32Array;

  constructor(clusters: number) {
    this.arms = new Int32Array(2 * clusters);
  }

  add(row: number, treated: Uint8Array, clusterCodes: Int32Array | undefined, count: 1 | -1): void {
    const t = treated[row]!;
    if (t === 1) this.ones += count;
    else if (t === 0) this.zeros += count;
    if (clusterCodes) {
      const code = clusterCodes[row]!;
      if (code < 0) this.unclustered += count;
      else {
        const at = 2 * code + (t === 1 ? 1 : 0);
        this.arms[at] = this.arms[at]! + count;
      }
    }
  }

  copy(): Counts {
    const counts = new Counts(0);
    counts.ones = this.ones;
    counts.zeros = this.zeros;
    counts.unclustered = this.unclustered;
    counts.arms = this.arms.slice();
    return counts;
  }
}
