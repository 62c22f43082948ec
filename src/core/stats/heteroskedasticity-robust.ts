// Heteroskedasticity-robust and classical SEs for one coefficient of an OLS/WLS fit.
//
// HC2 (STATISTICS.md §8b): V = B X' diag(û_i²/(1 − h_ii)) X B, h_ii = x_i'B x_i, df = n − k.
// Matches estimatr::lm_robust(se_type = "HC2"). For OLS on a treated dummy alone it equals the
// Welch SE.
// HC1 of a WLS fit (§8c): V = B [Σ w_i² û_i² x_i x_i'] B · n/(n − k), df = n − k. Matches
// sandwich::vcovHC(type = "HC1") on lm(weights = w).
// Classical: σ² B with σ² = Σ w û² / (n − k).

import { sandwich, type OlsFit } from './ols.js';
import type { CoefficientSe } from './cluster-robust.js';

function rowsOf(fit: OlsFit, design: readonly Float64Array[]): Float64Array[] {
  return fit.kept.map((c) => design[c]!);
}

function meatOf(fit: OlsFit, columns: Float64Array[], weightOf: (i: number, x: number[]) => number): number[][] {
  const k = columns.length;
  const meat = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const x = new Array<number>(k);
  for (let i = 0; i < fit.n; i++) {
    for (let c = 0; c < k; c++) x[c] = columns[c]![i]!;
    const w = weightOf(i, x);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a]![b] = meat[a]![b]! + w * x[a]! * x[b]!;
  }
  return meat;
}

export function hc2(fit: OlsFit, design: readonly Float64Array[], at: number): CoefficientSe {
  const columns = rowsOf(fit, design);
  const meat = meatOf(fit, columns, (i, x) => {
    let h = 0;
    for (let a = 0; a < x.length; a++) for (let b = 0; b < x.length; b++) h += x[a]! * fit.bread[a]![b]! * x[b]!;
    return fit.residuals[i]! ** 2 / (1 - h);
  });
  const v = sandwich(fit.bread, meat);
  return { se: Math.sqrt(v[at]![at]!), df: fit.n - columns.length };
}

export function hc1(fit: OlsFit, design: readonly Float64Array[], at: number, weights?: Float64Array): CoefficientSe {
  const columns = rowsOf(fit, design);
  const meat = meatOf(fit, columns, (i) => ((weights ? weights[i]! : 1) * fit.residuals[i]!) ** 2);
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
