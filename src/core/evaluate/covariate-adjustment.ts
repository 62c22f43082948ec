// The difference adjusted for background characteristics (STATISTICS.md §8b): OLS
// score ~ treated + covariates on complete cases, categorical covariates dummy-coded against
// their first level, collinear columns dropped, HC2 SE with the residual df; with clusters, also
// CR1 with df G − 1. It narrows, but does not remove, the gap between association and effect:
// only what was measured is adjusted for.

import { clusterHc1 } from '../stats/cluster-robust.js';
import { hc2 } from '../stats/heteroskedasticity-robust.js';
import { fitOls } from '../stats/ols.js';
import { clustersPerArm, MIN_CLUSTERS_PER_ARM } from './cluster-inference.js';
import { clustersOf, isCovariateMissing, type Covariate } from './covariates.js';
import { pick, regressionTest, type RegressionTest } from './regression-test.js';

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
  const rows: number[] = [];
  let dropped = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]!)) continue;
    if (covariates.some((c) => isCovariateMissing(c, i))) dropped++;
    else rows.push(i);
  }
  const x = pick(treated, rows);
  if (!x.some((v) => v === 1) || !x.some((v) => v === 0)) return 'one-cohort';
  // `treated` goes last, so that if the covariates already determine it (training given to
  // whole states, with state as a covariate) it is the column dropped, and no arbitrary
  // contrast is passed off as the training effect.
  const design: Float64Array[] = [new Float64Array(rows.length).fill(1)];
  for (const covariate of covariates) {
    if (covariate.kind === 'numeric') design.push(pick(covariate.values, rows));
    else {
      for (let level = 1; level < covariate.levels.length; level++) {
        design.push(Float64Array.from(rows, (r) => (covariate.codes[r] === level ? 1 : 0)));
      }
    }
  }
  design.push(x);
  const y = pick(scores, rows);
  const fit = fitOls(design, y);
  const at = fit.kept.indexOf(design.length - 1);
  if (at < 0) return 'treated-collinear';
  if (fit.n <= fit.kept.length) return 'too-few-rows';
  if (fit.perfectFit) return 'perfect-fit';
  const estimate = fit.coef[at]!;
  const main = regressionTest(estimate, hc2(fit, design, at));
  if (!main) return 'leverage-one';

  let clusterCr1: RegressionTest | null = null;
  const clusters = clusterCodes ? clustersOf(rows, clusterCodes) : null;
  if (clusters && clustersPerArm(clusters.codes, x) >= MIN_CLUSTERS_PER_ARM) {
    clusterCr1 = regressionTest(estimate, clusterHc1(fit, design, clusters, at));
  }
  return {
    ...main,
    covariates: covariates.map((c) => c.name),
    n: rows.length,
    nDroppedMissingCovariate: dropped,
    nParams: fit.kept.length,
    clusterCr1,
  };
}
