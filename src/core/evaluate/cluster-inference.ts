// Clustered uncertainty for one index (STATISTICS.md §8a): OLS score ~ treated on the rows with
// a score and a cluster, with CR1 (df G − 1) and CR2 (Satterthwaite df) standard errors, the
// classical SE for comparison, and the ANOVA ICC. Officers trained together in one state are
// not independent observations; these SEs say how much less certain the difference is.
//
// The design is only intercept + treated, so every one of these numbers is a function of
// per-(cluster, arm) counts, sums and sums of squares (the derivation heads
// cluster-robust.ts): clusterInference gathers them in two passes over the rows and never
// copies a column, where fitOls + clusterHc1 + clusterCr2 + iccAnova (the general path, kept for
// other designs and as this one's reference in test/core/evaluate/cluster-inference-two-arm.test.ts)
// cost ~0.5 s per index on a million rows.

import { clusterCr2TwoArm, clusterHc1TwoArm, type ClusterCodes, type Clusters } from '../stats/cluster-robust.js';
import { iccAnovaFromSums } from '../stats/icc-anova.js';
import { firstInBlocks, forEachBlock, type RowValues } from '../stats/row-values.js';
import { regressionTest, type RegressionTest } from './regression-test.js';

export interface ClusterInference {
  column: string;
  n: number;
  clusters: number;
  icc: number | null;
  seNaive: number;
  /** CR1 SE over the classical OLS SE: how much clustering widens the interval. */
  seRatio: number | null;
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
export function clustersPerArm(codes: ClusterCodes, treated: ArrayLike<number>): number {
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
export function clustersAmong(rows: ArrayLike<number>, clusterCodes: ClusterCodes): Clusters | null {
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

/**
 * Clustered inference for one index. The design is intercept + treated, so everything follows
 * from per-(cluster, arm) sums (cluster-robust.ts, the two-arm forms): two passes over the rows
 * and no per-row arrays. The first pass gathers each cell's count and score sum, the second the
 * sum and sum of squares of the scores about their cell's mean, from which the residuals about
 * the arm means (û) and the within-cluster sum of squares of the ICC are assembled without
 * subtracting large, nearly equal numbers. All of it is shift-invariant, so it is done about
 * the first score. Rows with no score (NaN) or no cluster (−1) are left
 * out. Matches OLS (fitOls) with clusterHc1, clusterCr2 and iccAnova on the same rows.
 */
export function clusterInference(
  column: string,
  scores: RowValues,
  treated: Uint8Array,
  clusterCodes: ClusterCodes,
): ClusterInference | null {
  const { counts, sums, top, squares, pivot } = cellSums(scores, treated, clusterCodes);
  const cellMeans = new Float64Array(2 * (top + 1)); // about the pivot, as `sums`
  for (let cell = 0; cell < cellMeans.length; cell++) if (counts[cell]! > 0) cellMeans[cell] = sums[cell]! / counts[cell]!;
  const drift = new Float64Array(cellMeans.length); // Σ (y − cell mean): rounding, kept for its digits
  const spread = new Float64Array(cellMeans.length); // Σ (y − cell mean)²
  cellSpreads(scores, treated, clusterCodes, pivot, cellMeans, drift, spread);

  // The clusters that have rows, renumbered 0..G−1 in code order.
  let g = 0;
  let controlClusters = 0;
  let treatedClusters = 0;
  let n0 = 0;
  let n1 = 0;
  let sum0 = 0;
  let sum1 = 0;
  for (let code = 0; code <= top; code++) {
    const a = counts[2 * code]!;
    const b = counts[2 * code + 1]!;
    if (a + b === 0) continue;
    g++;
    if (a > 0) controlClusters++;
    if (b > 0) treatedClusters++;
    n0 += a;
    n1 += b;
    sum0 += sums[2 * code]!;
    sum1 += sums[2 * code + 1]!;
  }
  if (Math.min(controlClusters, treatedClusters) < MIN_CLUSTERS_PER_ARM) return null;
  const armMeans = [sum0 / n0, sum1 / n1];
  const cells = { clusters: g, counts: new Float64Array(2 * g), residualSums: new Float64Array(2 * g) };
  const clusterCounts = new Float64Array(g);
  const clusterSums = new Float64Array(g);
  let rss = 0;
  let within = 0;
  for (let code = 0, c = 0; code <= top; code++) {
    if (counts[2 * code]! + counts[2 * code + 1]! === 0) continue;
    clusterCounts[c] = counts[2 * code]! + counts[2 * code + 1]!;
    clusterSums[c] = sums[2 * code]! + sums[2 * code + 1]!;
    const clusterMean = clusterSums[c]! / clusterCounts[c]!;
    for (let t = 0; t < 2; t++) {
      const cell = 2 * code + t;
      const m = counts[cell]!;
      if (m === 0) continue;
      // Σ (y − centre)² = spread + 2·(mean − centre)·drift + m·(mean − centre)², all about the cell mean.
      const fromArm = cellMeans[cell]! - armMeans[t]!;
      const fromCluster = cellMeans[cell]! - clusterMean;
      cells.counts[2 * c + t] = m;
      cells.residualSums[2 * c + t] = m * fromArm + drift[cell]!;
      rss += spread[cell]! + 2 * fromArm * drift[cell]! + m * fromArm * fromArm;
      within += spread[cell]! + 2 * fromCluster * drift[cell]! + m * fromCluster * fromCluster;
    }
    c++;
  }
  const n = n0 + n1;
  // As fitOls: scores the arms explain exactly leave every SE rounding noise, so none is reported.
  // (Measured about the pivot, so scores near 1e6 that vary by 1e-4 are not taken for constant.)
  if (rss <= 1e-20 * squares) return null;
  const estimate = armMeans[1]! - armMeans[0]!;
  const seNaive = Math.sqrt((rss / (n - 2)) * (1 / n0 + 1 / n1));
  const cr1 = clusterHc1TwoArm(cells);
  const cr2 = clusterCr2TwoArm(cells);
  return {
    column,
    n,
    clusters: g,
    icc: iccAnovaFromSums(clusterCounts, clusterSums, within),
    seNaive,
    seRatio: cr1.se > 0 ? cr1.se / seNaive : null,
    cr1: regressionTest(estimate, cr1),
    cr2: regressionTest(estimate, cr2),
    cr2GMinus1: regressionTest(estimate, { se: cr2.se, df: g - 1 }),
  };
}

// The two passes over the rows go through block functions that take every array and number
// as an argument and have nothing after their loop: V8 then compiles each once, from its calls,
// and keeps it from one block and one index to the next, instead of running a long one-shot loop
// unoptimised (boxing every number) until it is replaced in the middle of the call.

/** Cell 2·code + t holds the rows of cluster `code` (as given) in arm t: their count and score sum about the pivot. */
function cellSums(scores: RowValues, treated: Uint8Array, clusterCodes: ClusterCodes) {
  let top = -1;
  for (let i = 0; i < clusterCodes.length; i++) if (clusterCodes[i]! > top) top = clusterCodes[i]!;
  const counts = new Float64Array(2 * (top + 1));
  const sums = new Float64Array(2 * (top + 1));
  // Scores are summed about the first one: scores near 1e4 that differ by 1e-3 keep their digits
  // in every mean and residual sum below (y − pivot is exact for y within a factor 2 of pivot).
  const pivot = firstInBlocks(scores, (block, from) => firstScored(block, from, clusterCodes));
  const squares = new Float64Array(1);
  forEachBlock(scores, (block, from) => addCellSums(block, from, treated, clusterCodes, pivot, counts, sums, squares));
  // The highest code that has a row.
  while (top >= 0 && counts[2 * top]! + counts[2 * top + 1]! === 0) top--;
  return { counts, sums, top, squares: squares[0]!, pivot };
}

/** The block's first score of a row with a cluster, or NaN. */
function firstScored(block: Float64Array, from: number, clusterCodes: ClusterCodes): number {
  for (let j = 0; j < block.length; j++) if (!Number.isNaN(block[j]!) && clusterCodes[from + j]! >= 0) return block[j]!;
  return NaN;
}

function addCellSums(
  block: Float64Array,
  from: number,
  treated: Uint8Array,
  clusterCodes: ClusterCodes,
  pivot: number,
  counts: Float64Array,
  sums: Float64Array,
  squares: Float64Array,
): void {
  let total = squares[0]!;
  for (let j = 0; j < block.length; j++) {
    const y = block[j]!;
    const i = from + j;
    const code = clusterCodes[i]!;
    if (Number.isNaN(y) || code < 0) continue;
    const cell = 2 * code + (treated[i]! === 1 ? 1 : 0);
    counts[cell] = counts[cell]! + 1;
    sums[cell] = sums[cell]! + (y - pivot);
    total += (y - pivot) * (y - pivot);
  }
  squares[0] = total;
}

/** Each cell's Σ (y − cell mean) and Σ (y − cell mean)², the cell means about the pivot. */
function cellSpreads(
  scores: RowValues,
  treated: Uint8Array,
  clusterCodes: ClusterCodes,
  pivot: number,
  cellMeans: Float64Array,
  drift: Float64Array,
  spread: Float64Array,
): void {
  forEachBlock(scores, (block, from) => addCellSpreads(block, from, treated, clusterCodes, pivot, cellMeans, drift, spread));
}

function addCellSpreads(
  block: Float64Array,
  from: number,
  treated: Uint8Array,
  clusterCodes: ClusterCodes,
  pivot: number,
  cellMeans: Float64Array,
  drift: Float64Array,
  spread: Float64Array,
): void {
  for (let j = 0; j < block.length; j++) {
    const y = block[j]!;
    const i = from + j;
    const code = clusterCodes[i]!;
    if (Number.isNaN(y) || code < 0) continue;
    const cell = 2 * code + (treated[i]! === 1 ? 1 : 0);
    const d = y - pivot - cellMeans[cell]!;
    drift[cell] = drift[cell]! + d;
    spread[cell] = spread[cell]! + d * d;
  }
}
