// Clustered uncertainty for one index (STATISTICS.md §8a): OLS score ~ treated on the rows with
// a score and a cluster, with CR1 (df G − 1) and CR2 (Satterthwaite df) standard errors, the
// classical SE for comparison, and the ANOVA ICC. Officers trained together in one state are
// not independent observations; these SEs say how much less certain the difference is.

import { classicalSe } from '../stats/heteroskedasticity-robust.js';
import { clusterCr2, clusterHc1, type Clusters } from '../stats/cluster-robust.js';
import { iccAnova } from '../stats/icc-anova.js';
import { fitOls } from '../stats/ols.js';
import { pick, regressionTest, type RegressionTest } from './regression-test.js';

export interface ClusterInference {
  column: string;
  n: number;
  clusters: number;
  icc: number | null;
  seNaive: number;
  /** CR1 SE over the classical OLS SE: how much clustering widens the interval. */
  seRatio: number;
  cr1: RegressionTest | null;
  cr2: RegressionTest | null;
  /** The CR2 SE with the conservative G − 1 df. */
  cr2GMinus1: RegressionTest | null;
}

/**
 * With fewer than two clusters in either cohort, a cluster-robust SE has nothing to compare a
 * cohort's clusters with (e.g. when the cluster column is the cohort itself): none is reported.
 */
export const MIN_CLUSTERS_PER_ARM = 2;

/** The smaller of the number of clusters holding treated rows and holding control rows (codes ≥ 0). */
export function clustersPerArm(codes: Int32Array, treated: ArrayLike<number>): number {
  let max = -1;
  for (let i = 0; i < codes.length; i++) max = Math.max(max, codes[i]!);
  const arms = new Uint8Array(max + 1); // bit 1: a control row, bit 2: a treated row
  for (let i = 0; i < codes.length; i++) arms[codes[i]!] = arms[codes[i]!]! | (treated[i]! === 1 ? 2 : 1);
  let control = 0;
  let trained = 0;
  for (let g = 0; g <= max; g++) {
    if (arms[g]! & 1) control++;
    if (arms[g]! & 2) trained++;
  }
  return Math.min(control, trained);
}

/**
 * The clusters of a subset of rows, renumbered 0..G−1 in order of first appearance; null when a
 * row has no cluster (code −1). The same result as covariates.ts clustersOf, with typed-array
 * lookups in place of a Map, since it runs over every row for every index.
 */
export function clustersAmong(rows: ArrayLike<number>, clusterCodes: Int32Array): Clusters | null {
  let renumber = new Int32Array(64).fill(-1);
  const codes = new Int32Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const code = clusterCodes[rows[i]!]!;
    if (code < 0) return null;
    if (code >= renumber.length) {
      const larger = new Int32Array(Math.max(2 * renumber.length, code + 1)).fill(-1);
      larger.set(renumber);
      renumber = larger;
    }
    let to = renumber[code]!;
    if (to < 0) to = renumber[code] = count++;
    codes[i] = to;
  }
  return { codes, count };
}

export function clusterInference(
  column: string,
  scores: Float64Array,
  treated: Uint8Array,
  clusterCodes: Int32Array,
): ClusterInference | null {
  const all = new Int32Array(scores.length);
  let n = 0;
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i]!) && clusterCodes[i]! >= 0) all[n++] = i;
  const rows = all.subarray(0, n);
  const clusters = clustersAmong(rows, clusterCodes)!;
  const y = pick(scores, rows);
  const x = pick(treated, rows);
  if (clustersPerArm(clusters.codes, x) < MIN_CLUSTERS_PER_ARM) return null;
  const design = [new Float64Array(rows.length).fill(1), x];
  const fit = fitOls(design, y);
  const at = fit.kept.indexOf(1);
  if (at < 0 || fit.perfectFit) return null;
  const estimate = fit.coef[at]!;
  const naive = classicalSe(fit, at);
  const cr1 = clusterHc1(fit, design, clusters, at);
  const cr2 = clusterCr2(fit, design, clusters, at);
  return {
    column,
    n: rows.length,
    clusters: clusters.count,
    icc: iccAnova(y, clusters),
    seNaive: naive.se,
    seRatio: cr1.se / naive.se,
    cr1: regressionTest(estimate, cr1),
    cr2: regressionTest(estimate, cr2),
    cr2GMinus1: regressionTest(estimate, { se: cr2.se, df: clusters.count - 1 }),
  };
}
