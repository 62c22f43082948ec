// One number across all sub-indices (STATISTICS.md §10): the Kling–Liebman–Katz and Anderson
// summary indices on complete cases, their treated − control effects in control-SD units with
// Welch (and, with clusters, CR1) inference, and the ways the sub-index differences add up.

import { mean } from 'simple-statistics';
import { compareIndex } from '../compare/compare-index.js';
import { clusterHc1 } from '../stats/cluster-robust.js';
import { fitOls } from '../stats/ols.js';
import { summaryIndices } from '../stats/summary-index.js';
import type { TwoSampleTest } from '../stats/two-sample-test.js';
import { clustersPerArm, MIN_CLUSTERS_PER_ARM } from './cluster-inference.js';
import { clustersOf } from './covariates.js';
import { pick, regressionTest, type RegressionTest } from './regression-test.js';

export interface SummaryEffect {
  effect: number | null;
  welch: TwoSampleTest | null;
  clusterCr1: RegressionTest | null;
}

export interface SummaryEffects {
  n: number;
  nTreated: number;
  nControl: number;
  indices: string[];
  standardization: { controlMean: number[]; controlSd: number[] };
  klk: SummaryEffect;
  /** Effect null (and no weights) when the sub-indices are collinear. */
  anderson: SummaryEffect & { effectUnstandardized: number | null; weights: number[] | null; rawWeightsInverseCovRowsums: number[] | null };
  sumSubindexDiffs: number | null;
  meanSubindexDiffs: number | null;
  /** Difference of the mean of the sub-indices on complete cases (the §3 aggregate). */
  aggregateDiff: number | null;
}

function effectOf(index: Float64Array, treated: Uint8Array, clusterCodes: Int32Array | undefined, rows: number[]): SummaryEffect {
  const comparison = compareIndex(index, treated);
  let clusterCr1: RegressionTest | null = null;
  const clusters = clusterCodes ? clustersOf(rows, clusterCodes) : null;
  if (clusters && clustersPerArm(clusters.codes, treated) >= MIN_CLUSTERS_PER_ARM) {
    const design = [new Float64Array(index.length).fill(1), Float64Array.from(treated)];
    const fit = fitOls(design, index);
    const at = fit.kept.indexOf(1);
    if (at >= 0 && !fit.perfectFit) clusterCr1 = regressionTest(fit.coef[at]!, clusterHc1(fit, design, clusters, at));
  }
  return { effect: comparison.diff, welch: comparison.welch, clusterCr1 };
}

export function summaryEffects(
  ids: readonly string[],
  scores: ReadonlyMap<string, Float64Array>,
  subindexDiffs: readonly (number | null)[],
  treated: Uint8Array,
  clusterCodes: Int32Array | undefined,
): SummaryEffects | null {
  const all = ids.map((id) => scores.get(id)!);
  const rows: number[] = [];
  for (let i = 0; i < treated.length; i++) if (all.every((s) => !Number.isNaN(s[i]!))) rows.push(i);
  const flags = pick(treated, rows);
  const t = Uint8Array.from(flags);
  const built = summaryIndices(all.map((s) => pick(s, rows)), t);
  if (!built) return null;
  const nTreated = t.reduce((s, f) => s + f, 0);
  const aggregate = Float64Array.from(rows, (r) => mean(all.map((s) => s[r]!)));
  const complete = subindexDiffs.every((d): d is number => d !== null);
  const anderson = built.anderson
    ? {
        ...effectOf(built.anderson.index, t, clusterCodes, rows),
        effectUnstandardized: compareIndex(built.anderson.raw, t).diff,
        weights: built.anderson.weights,
        rawWeightsInverseCovRowsums: built.anderson.rawWeights,
      }
    : { effect: null, welch: null, clusterCr1: null, effectUnstandardized: null, weights: null, rawWeightsInverseCovRowsums: null };
  return {
    n: rows.length,
    nTreated,
    nControl: rows.length - nTreated,
    indices: [...ids],
    standardization: { controlMean: built.controlMean, controlSd: built.controlSd },
    klk: effectOf(built.klk, t, clusterCodes, rows),
    anderson,
    sumSubindexDiffs: complete ? subindexDiffs.reduce((a, b) => a + b, 0) : null,
    meanSubindexDiffs: complete ? mean(subindexDiffs) : null,
    aggregateDiff: compareIndex(aggregate, t).diff,
  };
}
