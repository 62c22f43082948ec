// One number across all sub-indices (STATISTICS.md §10): the Kling–Liebman–Katz and Anderson
// summary indices on complete cases, their treated − control effects in control-SD units with
// Welch (and, with clusters, CR1) inference, and the ways the sub-index differences add up.

import { mean } from 'simple-statistics';
import { compareIndex } from '../compare/compare-index.js';
import { addCompensated } from '../stats/describe.js';
import type { ClusterCodes, Clusters } from '../stats/cluster-robust.js';
import { hasEveryScore, summaryIndices } from '../stats/summary-index.js';
import type { RowValues } from '../stats/row-values.js';
import type { TwoSampleTest } from '../stats/two-sample-test.js';
import { clusterInference } from './cluster-inference.js';
import type { RegressionTest } from './regression-test.js';

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

function effectOf(index: RowValues, treated: Uint8Array, clusters: Clusters | null): SummaryEffect {
  const comparison = compareIndex(index, treated);
  // CR1 of index ~ treated from per-(cluster, arm) sums, as for the sub-indices; null with too few
  // clusters per arm or scores the arms explain exactly.
  const clusterCr1 = clusters ? (clusterInference('', index, treated, clusters.codes)?.cr1 ?? null) : null;
  return { effect: comparison.diff, welch: comparison.welch, clusterCr1 };
}

export function summaryEffects(
  ids: readonly string[],
  scores: ReadonlyMap<string, Float64Array>,
  subindexDiffs: readonly (number | null)[],
  treated: Uint8Array,
  clusterCodes: ClusterCodes | undefined,
): SummaryEffects | null {
  const all = ids.map((id) => scores.get(id)!);
  // The complete cases (every sub-index a number) are read where they stand: no copies.
  let n = 0;
  let nTreated = 0;
  for (let i = 0; i < treated.length; i++) {
    if (!hasEveryScore(all, i)) continue;
    n++;
    nTreated += treated[i]!;
  }
  const built = summaryIndices(all, treated);
  if (!built) return null;
  const aggregateDiff = aggregateDifference(all, treated);
  const clusters = clusterCodes ? clustersOfComplete(all, clusterCodes) : null;
  const diffsComplete = subindexDiffs.every((d): d is number => d !== null);
  const klk = effectOf(built.klk, treated, clusters);
  let anderson: SummaryEffects['anderson'] = { effect: null, welch: null, clusterCr1: null, effectUnstandardized: null, weights: null, rawWeightsInverseCovRowsums: null };
  if (built.anderson) {
    const { index, rawDiff } = built.anderson.index();
    anderson = {
      ...effectOf(index, treated, clusters),
      effectUnstandardized: rawDiff,
      weights: built.anderson.weights,
      rawWeightsInverseCovRowsums: built.anderson.rawWeights,
    };
  }
  return {
    n,
    nTreated,
    nControl: n - nTreated,
    indices: [...ids],
    standardization: { controlMean: built.controlMean, controlSd: built.controlSd },
    klk,
    anderson,
    sumSubindexDiffs: diffsComplete ? subindexDiffs.reduce((a, b) => a + b, 0) : null,
    meanSubindexDiffs: diffsComplete ? mean(subindexDiffs) : null,
    aggregateDiff,
  };
}

/**
 * The difference in cohort means of each respondent's mean of the sub-indices (the §3 aggregate),
 * both as simple-statistics computes them (compareIndex of the aggregates, bit for bit), without
 * keeping the aggregates.
 */
function aggregateDifference(all: readonly Float64Array[], treated: Uint8Array): number | null {
  const k = all.length;
  const sum = new Float64Array(1);
  const correction = new Float64Array(1);
  const cohortSums = new Float64Array(2);
  const cohortCorrections = new Float64Array(2);
  const counts = [0, 0];
  for (let i = 0; i < treated.length; i++) {
    if (!hasEveryScore(all, i)) continue;
    sum[0] = correction[0] = 0;
    for (let j = 0; j < k; j++) addCompensated(sum, correction, 0, all[j]![i]!);
    const g = treated[i]!;
    addCompensated(cohortSums, cohortCorrections, g, (sum[0]! + correction[0]!) / k);
    counts[g]!++;
  }
  if (counts[0] === 0 || counts[1] === 0) return null;
  return (cohortSums[1]! + cohortCorrections[1]!) / counts[1]! - (cohortSums[0]! + cohortCorrections[0]!) / counts[0]!;
}

/**
 * The clusters of the complete cases, or null when one of them has none (a cluster-robust SE is
 * then undefined for that sample): the codes as given, which clusterInference reads for the
 * rows with a score only.
 */
function clustersOfComplete(all: readonly Float64Array[], clusterCodes: ClusterCodes): Clusters | null {
  let max = -1;
  for (let i = 0; i < clusterCodes.length; i++) {
    const code = clusterCodes[i]!;
    if (code < 0 && hasEveryScore(all, i)) return null;
    if (code > max) max = code;
  }
  return { codes: clusterCodes, count: max + 1 };
}
