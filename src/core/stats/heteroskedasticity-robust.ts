// Heteroskedasticity-robust and classical SEs for one coefficient of an OLS/WLS fit.
//
// HC2 (STATISTICS.md §8b): V = B X' diag(û_i²/(1 − h_ii)) X B, h_ii = x_i'B x_i, df = n − k.
// Matches estimatr::lm_robust(se_type = "HC2"). For OLS on a treated dummy alone it equals the
// Welch SE.
// HC1 of a WLS fit (§8c): V = B [Σ w_i² û_i² x_i x_i'] B · n/(n − k), df = n − k. Matches
// sandwich::vcovHC(type = "HC1") on lm(weights = w).
// Classical: σ² B with σ² = Σ w û² / (n − k).
// hc2Focal: the same HC2 for the focal coefficient of a sparse fit (sparse-ols.ts), as a sum over
// rows: V = Σ_i (a·x_i)² û_i²/(1 − h_ii), a the focal row of B, with a·x_i = w_i / Σ w² (w the
// focal column's residuals on the other columns, Frisch–Waugh–Lovell).

import { sandwich, type OlsFit } from './ols.js';
import type { CoefficientSe } from './cluster-robust.js';
import { choleskyLower } from './small-matrix.js';
import type { SparseOlsFit } from './sparse-ols.js';

function rowsOf(fit: OlsFit, design: readonly Float64Array[]): Float64Array[] {
  return fit.kept.map((c) => design[c]!);
}

/** X' diag(d) X, column by column over typed arrays (n·k²/2 multiply-adds, no per-row objects). */
function weightedCrossProduct(columns: readonly Float64Array[], d: Float64Array): number[][] {
  const k = columns.length;
  const n = d.length;
  const out = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const scaled = new Float64Array(n);
  for (let a = 0; a < k; a++) {
    const xa = columns[a]!;
    for (let i = 0; i < n; i++) scaled[i] = d[i]! * xa[i]!;
    for (let b = a; b < k; b++) {
      const xb = columns[b]!;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += scaled[i]! * xb[i]!;
      out[a]![b] = sum;
      out[b]![a] = sum;
    }
  }
  return out;
}

/** Leverages h_ii = x_i'B x_i, as the squared norms of the rows of X·L with B = LL'. */
function leverages(columns: readonly Float64Array[], bread: readonly (readonly number[])[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const lower = choleskyLower(bread);
  const h = new Float64Array(n);
  const w = new Float64Array(n);
  for (let c = 0; c < lower.length; c++) {
    w.fill(0);
    for (let a = c; a < columns.length; a++) {
      const factor = lower[a]![c]!;
      if (factor === 0) continue;
      const xa = columns[a]!;
      for (let i = 0; i < n; i++) w[i] = w[i]! + xa[i]! * factor;
    }
    for (let i = 0; i < n; i++) h[i] = h[i]! + w[i]! * w[i]!;
  }
  return h;
}

export function hc2(fit: OlsFit, design: readonly Float64Array[], at: number): CoefficientSe {
  const columns = rowsOf(fit, design);
  const h = leverages(columns, fit.bread);
  const d = new Float64Array(fit.n);
  for (let i = 0; i < fit.n; i++) d[i] = (fit.residuals[i]! * fit.residuals[i]!) / (1 - h[i]!);
  const meat = weightedCrossProduct(columns, d);
  const v = sandwich(fit.bread, meat);
  return { se: Math.sqrt(v[at]![at]!), df: fit.n - columns.length };
}

export function hc1(fit: OlsFit, design: readonly Float64Array[], at: number, weights?: Float64Array): CoefficientSe {
  const columns = rowsOf(fit, design);
  const d = new Float64Array(fit.n);
  for (let i = 0; i < fit.n; i++) d[i] = ((weights ? weights[i]! : 1) * fit.residuals[i]!) ** 2;
  const meat = weightedCrossProduct(columns, d);
  const v = sandwich(fit.bread, meat);
  const k = columns.length;
  return { se: Math.sqrt((v[at]![at]! * fit.n) / (fit.n - k)), df: fit.n - k };
}

export function classicalSe(fit: OlsFit, at: number, weights?: Float64Array): CoefficientSe {
  const k = fit.kept.length;
  let rss = 0;
  for (let i = 0; i < fit.n; i++) rss += (weights ? weights[i]! : 1) * fit.residuals[i]! ** 2;
  return { se: Math.sqrt((rss / (fit.n - k)) * fit.bread[at]![at]!), df: fit.n - k };
}

/**
 * HC2 SE of the focal coefficient of a sparse fit, df = n − k, from the sums its last pass left.
 *
 * A row with leverage 1 is fitted exactly: û_i = 0 and 1 − h_ii = 0, so its HC2 term is 0/0.
 * (1 − h_ii within rounding of 0: sparse-ols.ts LEVERAGE_ONE_ULPS.)
 * When the focal coefficient does not depend on that row (w_i = 0, to within √ε of the focal
 * column's residual norm: a covariate level with a single respondent, whose dummy absorbs it) the
 * term is dropped, which gives the HC2 of the model without that row and level, and what the
 * rounding-noise 0/0 of the dense computation came to. When it does depend on it (a single
 * trained officer) the SE is undefined and comes back NaN.
 */
export function hc2Focal(fit: SparseOlsFit): CoefficientSe {
  if (fit.focalAt < 0) throw new Error('hc2Focal requires a fit that kept its focal column');
  const ww = fit.focalSumSquares;
  const df = fit.n - fit.kept.length;
  if (fit.leverageOneWeight > Number.EPSILON * ww) return { se: NaN, df };
  return { se: Math.sqrt(fit.hc2Sum / (ww * ww)), df };
}
