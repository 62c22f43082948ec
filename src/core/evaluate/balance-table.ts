// Covariate balance between cohorts: for each covariate, its mean (or the share of each level)
// per cohort and the standardised difference. Without random assignment, a large imbalance on
// something that also drives the outcome can create or hide a difference.

import { productError } from '../stats/product-error.js';
import { standardizedDifference } from '../stats/standardized-difference.js';
import type { Codes } from '../table/table.js';
import type { Covariate } from './covariates.js';

export const IMBALANCE_THRESHOLD = 0.25;

export interface BalanceRow {
  covariate: string;
  kind: 'numeric' | 'categorical';
  /** The level for a categorical covariate; null for a numeric one. */
  level: string | null;
  treated: { n: number; mean: number | null; sd: number | null };
  control: { n: number; mean: number | null; sd: number | null };
  /** Null when both SDs are 0: then the cohorts are either identical or entirely apart. */
  stdDiff: number | null;
  /** |stdDiff| above the threshold, or the cohorts entirely apart (100% against 0%). */
  imbalanced: boolean;
}

function isImbalanced(stdDiff: number | null, meanTreated: number | null, meanControl: number | null): boolean {
  if (stdDiff !== null) return Math.abs(stdDiff) > IMBALANCE_THRESHOLD;
  return meanTreated !== null && meanControl !== null && meanTreated !== meanControl;
}

/**
 * The balance rows of each covariate, in the covariates' order (a categorical one: a row per
 * level, in level order). Computed from how many rows of each cohort have each code of the
 * column (one increment per row), then per distinct value: a numeric covariate's mean and SD
 * are those of describeByCohort over its rows (sample SD, divisor n − 1), with Σ count·x and
 * Σ count·(x − mean)² summed in double-double, so they agree with the row-by-row sums to
 * their last bits (on a million rows the row-by-row SD carries ~1e-13 of rounding; these less).
 */
export function balanceTable(covariates: readonly Covariate[], treated: Uint8Array): BalanceRow[] {
  const rows: BalanceRow[] = [];
  for (const covariate of covariates) {
    const size = covariate.kind === 'numeric' ? covariate.valueOf.length : covariate.levelOf.length;
    const counts = countByCohort(covariate.codes, treated, size, new Int32Array(2 * size));
    if (covariate.kind === 'numeric') {
      const describeCohort = (g: number) => describeCounts(covariate.valueOf, counts.subarray(g * size, (g + 1) * size));
      const t = describeCohort(1);
      const c = describeCohort(0);
      const stdDiff = t.mean !== null && c.mean !== null && t.sd !== null && c.sd !== null ? standardizedDifference(t.mean, c.mean, t.sd ** 2, c.sd ** 2) : null;
      rows.push({ covariate: covariate.name, kind: 'numeric', level: null, treated: t, control: c, stdDiff, imbalanced: isImbalanced(stdDiff, t.mean, c.mean) });
      continue;
    }
    const levelCounts = [new Array<number>(covariate.levels.length).fill(0), new Array<number>(covariate.levels.length).fill(0)];
    const totals = [0, 0];
    for (let g = 0; g < 2; g++) {
      covariate.levelOf.forEach((level, code) => {
        if (level < 0) return;
        levelCounts[g]![level]! += counts[g * size + code]!;
        totals[g]! += counts[g * size + code]!;
      });
    }
    covariate.levels.forEach((level, l) => {
      const share = (cohort: number) => (totals[cohort]! > 0 ? levelCounts[cohort]![l]! / totals[cohort]! : null);
      const pt = share(1);
      const pc = share(0);
      const sd = (p: number | null) => (p === null ? null : Math.sqrt(p * (1 - p)));
      const stdDiff = pt !== null && pc !== null ? standardizedDifference(pt, pc, pt * (1 - pt), pc * (1 - pc)) : null;
      rows.push({
        covariate: covariate.name,
        kind: 'categorical',
        level,
        treated: { n: totals[1]!, mean: pt, sd: sd(pt) },
        control: { n: totals[0]!, mean: pc, sd: sd(pc) },
        stdDiff,
        imbalanced: isImbalanced(stdDiff, pt, pc),
      });
    });
  }
  return rows;
}

/** Rows per cohort (treated 0 or 1) and code, at treated·size + code: the only per-row loop. */
function countByCohort(codes: Codes, treated: Uint8Array, size: number, counts: Int32Array): Int32Array {
  for (let r = 0; r < codes.length; r++) {
    const at = treated[r]! * size + codes[r]!;
    counts[at] = counts[at]! + 1;
  }
  return counts;
}

/** n, mean and sample SD of the values with their counts (NaN values left out), as describe() gives them. */
function describeCounts(valueOf: Float64Array, counts: Int32Array): { n: number; mean: number | null; sd: number | null } {
  let n = 0;
  const sum = new DoubleDouble();
  valueOf.forEach((x, code) => {
    const count = counts[code]!;
    if (count === 0 || Number.isNaN(x)) return;
    n += count;
    sum.addProduct(x, count);
  });
  if (n === 0) return { n, mean: null, sd: null };
  const mean = sum.value() / n;
  if (n < 2) return { n, mean, sd: null };
  const squares = new DoubleDouble();
  valueOf.forEach((x, code) => {
    const count = counts[code]!;
    if (count === 0 || Number.isNaN(x)) return;
    const d = x - mean;
    const d2 = d * d;
    squares.addProduct(d2, count);
    squares.add(productError(d, d, d2) * count);
  });
  return { n, mean, sd: Math.sqrt(squares.value() / (n - 1)) };
}

/** A sum carried as high + low (two-sum per term), so that a few hundred terms lose no digit a double keeps. */
class DoubleDouble {
  private high = 0;
  private low = 0;

  add(x: number): void {
    const sum = this.high + x;
    const z = sum - this.high;
    this.low += this.high - (sum - z) + (x - z);
    this.high = sum;
  }

  /** Adds a·b exactly to the rounding of the sum (the product's own rounding error kept). */
  addProduct(a: number, b: number): void {
    const product = a * b;
    this.add(product);
    this.low += productError(a, b, product);
  }

  value(): number {
    return this.high + this.low;
  }
}

