// Summary indices over K sub-indices (STATISTICS.md §10), on complete cases, every sub-index
// oriented so higher is better. Each sub-index is z-scored with the control mean and SD.
//
// Kling, Liebman & Katz (2007): index = mean of the K z-scores (not re-standardised); its
// effect equals the mean of the K Glass's Δ.
// Anderson (2008): weights w = Σ⁻¹1 / (1'Σ⁻¹1) from the covariance Σ of the z-scores over all
// rows, s = Σ_k w_k z_k, re-standardised with the control mean and SD of s; the effect is in
// control-SD units.

import { addCompensated, describeByCohort, meanOfRows } from './describe.js';
import { choleskyLower, invertSymmetric } from './small-matrix.js';

export interface SummaryIndices {
  controlMean: number[];
  controlSd: number[];
  klk: Float64Array;
  /** Null when the covariance of the z-scores is singular (collinear sub-indices). */
  anderson: {
    weights: number[];
    rawWeights: number[];
    /**
     * Writes the Anderson index of the n respondents into `into` and returns it, with the
     * treated − control difference of s before re-standardisation (the unstandardised effect,
     * as compareIndex gives it). `into` may be the KLK column once its effect has been taken:
     * a million respondents then cost one column for both indices, not three.
     */
    write(into: Float64Array): { index: Float64Array; rawDiff: number | null };
  } | null;
}

/** simple-statistics' sampleStandardDeviation of values[rows[t]], bit for bit, without copies. */
function sampleSdOf(values: Float64Array, rows: Int32Array): number {
  const centre = meanOfRows(values, rows);
  let squares = 0;
  for (let t = 0; t < rows.length; t++) {
    const d = values[rows[t]!]! - centre;
    squares += d * d;
  }
  return Math.sqrt(squares / (rows.length - 1));
}

/**
 * `scores[k][i]`: sub-index k of respondent i, NaN when missing; `treated[i]` 1 or 0. The
 * complete cases are the respondents with every sub-index; the others are skipped where they
 * stand (no copies), and get NaN in both indices. The z-scores are recomputed where needed rather
 * than kept: the same arithmetic each time, so the same numbers, and a million respondents cost
 * no K extra columns.
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
  const controlMean = scores.map((s) => meanOfRows(s, controlRows));
  const controlSd = scores.map((s) => sampleSdOf(s, controlRows));
  if (controlSd.some((sd) => !(sd > 0))) return null;
  const zs = new ZScores(scores, controlMean, controlSd);
  // One pass: the KLK index, and each z's mean as simple-statistics' mean computes it.
  const klk = new Float64Array(treated.length);
  const zSum = new Float64Array(k);
  const zCorrection = new Float64Array(k);
  klkAndSums(zs, klk, zSum, zCorrection);
  const means = Array.from(zSum, (sum, j) => (sum + zCorrection[j]!) / n);
  // A second pass: the covariance of the z-scores, each entry summed in respondent order.
  const products = new Float64Array(k * k);
  centredProducts(zs, treated.length, Float64Array.from(means), products);
  const covariance = means.map((_, a) => means.map((__, b) => products[Math.min(a, b) * k + Math.max(a, b)]! / (n - 1)));
  const scale = Math.max(...covariance.map((row, i) => row[i]!));
  const pivots = choleskyLower(covariance).map((row, i) => row[i]!);
  if (pivots.some((pivot) => !(pivot > 1e-7 * Math.sqrt(scale)))) return { controlMean, controlSd, klk, anderson: null };
  const inverse = invertSymmetric(covariance);
  const rawWeights = inverse.map((row) => row.reduce((s, v) => s + v, 0));
  const total = rawWeights.reduce((s, v) => s + v, 0);
  const weights = rawWeights.map((w) => w / total);
  const write = (into: Float64Array) => {
    const s = into;
    // Σ w z of every respondent (NaN for one without every sub-index), then re-standardised in place.
    weightedSums(zs, Float64Array.from(weights), s);
    const sMean = meanOfRows(s, controlRows);
    const sSd = sampleSdOf(s, controlRows);
    const { treated: sTreated, control: sControl } = describeByCohort(s, treated);
    const rawDiff = sTreated.mean !== null && sControl.mean !== null ? sTreated.mean - sControl.mean : null;
    for (let i = 0; i < s.length; i++) s[i] = (s[i]! - sMean) / sSd;
    return { index: s, rawDiff };
  };
  return { controlMean, controlSd, klk, anderson: { weights, rawWeights, write } };
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

/** Each respondent's KLK index (the mean of their z-scores), and the compensated sums of each z. */
function klkAndSums(zs: ZScores, klk: Float64Array, zSum: Float64Array, zCorrection: Float64Array): void {
  const k = zSum.length;
  const z = new Float64Array(k);
  for (let i = 0; i < klk.length; i++) {
    if (!zs.fill(i, z)) {
      klk[i] = NaN;
      continue;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) {
      sum += z[j]!;
      addCompensated(zSum, zCorrection, j, z[j]!);
    }
    klk[i] = sum / k;
  }
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

/** Each respondent's Σ_j w_j z_j (the Anderson index before it is re-standardised). */
function weightedSums(zs: ZScores, weights: Float64Array, out: Float64Array): void {
  const k = weights.length;
  const z = new Float64Array(k);
  for (let i = 0; i < out.length; i++) {
    zs.fill(i, z);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += weights[j]! * z[j]!;
    out[i] = sum;
  }
}
