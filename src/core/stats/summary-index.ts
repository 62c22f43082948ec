// Summary indices over K sub-indices (STATISTICS.md §10), on complete cases, every sub-index
// oriented so higher is better. Each sub-index is z-scored with the control mean and SD.
//
// Kling, Liebman & Katz (2007): index = mean of the K z-scores (not re-standardised); its
// effect equals the mean of the K Glass's Δ.
// Anderson (2008): weights w = Σ⁻¹1 / (1'Σ⁻¹1) from the covariance Σ of the z-scores over all
// rows, s = Σ_k w_k z_k, re-standardised with the control mean and SD of s; the effect is in
// control-SD units.

import { addCompensated, describeByCohort } from './describe.js';
import type { ComputedRows } from './row-values.js';
import { choleskyLower, invertSymmetric } from './small-matrix.js';

export interface SummaryIndices {
  controlMean: number[];
  controlSd: number[];
  /** The KLK index of each respondent (NaN without every sub-index), computed as it is read. */
  klk: ComputedRows;
  /** Null when the covariance of the z-scores is singular (collinear sub-indices). */
  anderson: {
    weights: number[];
    rawWeights: number[];
    /**
     * The Anderson index of each respondent, computed as it is read, with the treated − control
     * difference of s before re-standardisation (the unstandardised effect, as compareIndex
     * gives it).
     */
    index(): { index: ComputedRows; rawDiff: number | null };
  } | null;
}

/**
 * `scores[k][i]`: sub-index k of respondent i, NaN when missing; `treated[i]` 1 or 0. The
 * complete cases are the respondents with every sub-index; the others are skipped where they
 * stand (no copies), and get NaN in both indices. The z-scores, and the indices made of them, are
 * recomputed where needed rather than kept: the same arithmetic each time, so the same numbers,
 * and a million respondents cost no column for them.
 */
export function summaryIndices(scores: readonly Float64Array[], treated: Uint8Array): SummaryIndices | null {
  const k = scores.length;
  let n = 0;
  let nControl = 0;
  for (let i = 0; i < treated.length; i++) {
    if (!hasEveryScore(scores, i)) continue;
    n++;
    if (treated[i] === 0) nControl++;
  }
  const controlRows = new Int32Array(nControl);
  for (let i = 0, t = 0; i < treated.length; i++) if (treated[i] === 0 && hasEveryScore(scores, i)) controlRows[t++] = i;
  if (k < 2 || nControl < 2) return null;
  const control = scores.map((s) => meanAndSdAt(s, controlRows));
  const controlMean = control.map(({ mean }) => mean);
  const controlSd = control.map(({ sd }) => sd);
  if (controlSd.some((sd) => !(sd > 0))) return null;
  const zs = new ZScores(scores, controlMean, controlSd);
  const length = treated.length;
  // Each z's mean as simple-statistics' mean computes it.
  const zSum = new Float64Array(k);
  const zCorrection = new Float64Array(k);
  sumZ(zs, length, zSum, zCorrection);
  const means = Array.from(zSum, (sum, j) => (sum + zCorrection[j]!) / n);
  // A second pass: the covariance of the z-scores, each entry summed in respondent order.
  const products = new Float64Array(k * k);
  centredProducts(zs, length, Float64Array.from(means), products);
  const covariance = means.map((_, a) => means.map((__, b) => products[Math.min(a, b) * k + Math.max(a, b)]! / (n - 1)));
  const klk = computedRows(length, (from, to, out) => {
    zs.sumBlock(from, to, out, null);
    divide(out, to - from, k);
  });
  const scale = Math.max(...covariance.map((row, i) => row[i]!));
  const pivots = choleskyLower(covariance).map((row, i) => row[i]!);
  if (pivots.some((pivot) => !(pivot > 1e-7 * Math.sqrt(scale)))) return { controlMean, controlSd, klk, anderson: null };
  const inverse = invertSymmetric(covariance);
  const rawWeights = inverse.map((row) => row.reduce((s, v) => s + v, 0));
  const total = rawWeights.reduce((s, v) => s + v, 0);
  const weights = rawWeights.map((w) => w / total);
  const index = () => {
    // Σ w z of every respondent (NaN for one without every sub-index), then re-standardised.
    const w = Float64Array.from(weights);
    const raw = computedRows(length, (from, to, out) => zs.sumBlock(from, to, out, w));
    // s is NaN exactly where a sub-index is missing, so its control cohort is the complete
    // control rows: their mean and SD as simple-statistics computes them.
    const { treated: sTreated, control: sControl } = describeByCohort(raw, treated);
    // (NaN for fewer than two, as simple-statistics' SD of one number: 0 / 0.)
    const sMean = sControl.mean ?? NaN;
    const sSd = sControl.sd ?? NaN;
    const rawDiff = sTreated.mean !== null ? sTreated.mean - sMean : null;
    const standardised = computedRows(length, (from, to, out) => {
      raw.fill(from, to, out);
      restandardise(out, to - from, sMean, sSd);
    });
    return { index: standardised, rawDiff };
  };
  return { controlMean, controlSd, klk, anderson: { weights, rawWeights, index } };
}

function computedRows(length: number, fill: ComputedRows['fill']): ComputedRows {
  return { length, fill };
}

/** simple-statistics' mean and sampleStandardDeviation of values[rows[t]], bit for bit, without copies. */
function meanAndSdAt(values: Float64Array, rows: Int32Array): { mean: number; sd: number } {
  const sum = new Float64Array(1);
  const correction = new Float64Array(1);
  for (let t = 0; t < rows.length; t++) addCompensated(sum, correction, 0, values[rows[t]!]!);
  const mean = (sum[0]! + correction[0]!) / rows.length;
  let squares = 0;
  for (let t = 0; t < rows.length; t++) {
    const d = values[rows[t]!]! - mean;
    squares += d * d;
  }
  return { mean, sd: Math.sqrt(squares / (rows.length - 1)) };
}

function restandardise(out: Float64Array, count: number, mean: number, sd: number): void {
  for (let j = 0; j < count; j++) out[j] = (out[j]! - mean) / sd;
}

// The passes over the respondents, each a function of its own so that V8 optimises each loop
// whole, and reads the z-scores through one small class it can inline.

/** Respondent i has a number on every sub-index (is a complete case). */
export function hasEveryScore(scores: readonly Float64Array[], i: number): boolean {
  for (let j = 0; j < scores.length; j++) if (Number.isNaN(scores[j]![i]!)) return false;
  return true;
}

/** The z-scores of the sub-indices, recomputed on demand: (score − control mean) / control SD. */
class ZScores {
  private readonly mean: Float64Array;
  private readonly sd: Float64Array;

  constructor(
    private readonly scores: readonly Float64Array[],
    mean: readonly number[],
    sd: readonly number[],
  ) {
    this.mean = Float64Array.from(mean);
    this.sd = Float64Array.from(sd);
  }

  /**
   * Σ_j w_j z_j of respondents [from, to) into out from 0, summed over j in order (w_j = 1
   * without weights: the plain sum, as 1 · z = z); NaN for a respondent without every sub-index.
   * Column by column, the same sums as respondent by respondent.
   */
  sumBlock(from: number, to: number, out: Float64Array, weights: Float64Array | null): void {
    out.fill(0, 0, to - from);
    for (let j = 0; j < this.scores.length; j++) addWeightedZ(this.scores[j]!, this.mean[j]!, this.sd[j]!, weights ? weights[j]! : 1, from, to, out);
  }

  /** Respondent i's z-score on every sub-index, into z; returns whether all are numbers. */
  fill(i: number, z: Float64Array): boolean {
    let complete = true;
    for (let j = 0; j < z.length; j++) {
      const x = (this.scores[j]![i]! - this.mean[j]!) / this.sd[j]!;
      if (x !== x) complete = false;
      z[j] = x;
    }
    return complete;
  }
}

/** The compensated sum of each z over the complete cases among the first n respondents. */
function sumZ(zs: ZScores, n: number, zSum: Float64Array, zCorrection: Float64Array): void {
  const k = zSum.length;
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (!zs.fill(i, z)) continue;
    for (let j = 0; j < k; j++) addCompensated(zSum, zCorrection, j, z[j]!);
  }
}

function divide(out: Float64Array, count: number, by: number): void {
  for (let j = 0; j < count; j++) out[j] = out[j]! / by;
}

/** Σ (z_a − mean_a)(z_b − mean_b) over the complete cases among the first n respondents, for a ≤ b (row-major in `products`). */
function centredProducts(zs: ZScores, n: number, means: Float64Array, products: Float64Array): void {
  const k = means.length;
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (!zs.fill(i, z)) continue;
    for (let a = 0; a < k; a++) {
      const da = z[a]! - means[a]!;
      for (let b = a; b < k; b++) products[a * k + b] = products[a * k + b]! + da * (z[b]! - means[b]!);
    }
  }
}

/** out[i − from] += weight · z(i) for respondents [from, to), z = (score − mean) / sd. */
function addWeightedZ(score: Float64Array, mean: number, sd: number, weight: number, from: number, to: number, out: Float64Array): void {
  for (let i = from; i < to; i++) out[i - from] = out[i - from]! + weight * ((score[i]! - mean) / sd);
}
