// Summary indices over K sub-indices (STATISTICS.md §10), on complete cases, every sub-index
// oriented so higher is better. Each sub-index is z-scored with the control mean and SD.
//
// Kling, Liebman & Katz (2007): index = mean of the K z-scores (not re-standardised); its
// effect equals the mean of the K Glass's Δ.
// Anderson (2008): weights w = Σ⁻¹1 / (1'Σ⁻¹1) from the covariance Σ of the z-scores over all
// rows, s = Σ_k w_k z_k, re-standardised with the control mean and SD of s; the effect is in
// control-SD units.

import { mean, sampleStandardDeviation } from 'simple-statistics';
import { choleskyLower, invertSymmetric } from './small-matrix.js';

export interface SummaryIndices {
  controlMean: number[];
  controlSd: number[];
  klk: Float64Array;
  /** Null when the covariance of the z-scores is singular (collinear sub-indices). */
  anderson: {
    index: Float64Array;
    /** s before re-standardisation, for the unstandardised effect. */
    raw: Float64Array;
    weights: number[];
    rawWeights: number[];
  } | null;
}

/** `scores[k][i]`: sub-index k of respondent i, complete cases only; `treated[i]` 1 or 0. */
export function summaryIndices(scores: readonly Float64Array[], treated: Uint8Array): SummaryIndices | null {
  const k = scores.length;
  const n = treated.length;
  const controlRows = [...treated.keys()].filter((i) => treated[i] === 0);
  if (k < 2 || controlRows.length < 2) return null;
  const controlMean = scores.map((s) => mean(controlRows.map((i) => s[i]!)));
  const controlSd = scores.map((s) => sampleStandardDeviation(controlRows.map((i) => s[i]!)));
  if (controlSd.some((sd) => !(sd > 0))) return null;
  const z = scores.map((s, j) => Float64Array.from(s, (v) => (v - controlMean[j]!) / controlSd[j]!));

  const klk = new Float64Array(n);
  for (let i = 0; i < n; i++) klk[i] = z.reduce((s, zj) => s + zj[i]!, 0) / k;

  const means = z.map((zj) => mean(Array.from(zj)));
  const covariance = z.map((za, a) =>
    z.map((zb, b) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (za[i]! - means[a]!) * (zb[i]! - means[b]!);
      return sum / (n - 1);
    }),
  );
  const klkIndex = klk;
  const scale = Math.max(...covariance.map((row, i) => row[i]!));
  const pivots = choleskyLower(covariance).map((row, i) => row[i]!);
  if (pivots.some((pivot) => !(pivot > 1e-7 * Math.sqrt(scale)))) return { controlMean, controlSd, klk: klkIndex, anderson: null };
  const inverse = invertSymmetric(covariance);
  const rawWeights = inverse.map((row) => row.reduce((s, v) => s + v, 0));
  const total = rawWeights.reduce((s, v) => s + v, 0);
  const weights = rawWeights.map((w) => w / total);
  const andersonRaw = new Float64Array(n);
  for (let i = 0; i < n; i++) andersonRaw[i] = z.reduce((s, zj, j) => s + weights[j]! * zj[i]!, 0);
  const sControl = controlRows.map((i) => andersonRaw[i]!);
  const sMean = mean(sControl);
  const sSd = sampleStandardDeviation(sControl);
  const anderson = Float64Array.from(andersonRaw, (v) => (v - sMean) / sSd);
  return { controlMean, controlSd, klk, anderson: { index: anderson, raw: andersonRaw, weights, rawWeights } };
}
