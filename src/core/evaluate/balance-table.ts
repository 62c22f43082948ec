// Covariate balance between cohorts: for each covariate, its mean (or the share of each level)
// per cohort and the standardised difference. Without random assignment, a large imbalance on
// something that also drives the outcome can create or hide a difference.

import { describeByCohort } from '../stats/describe.js';
import { standardizedDifference } from '../stats/standardized-difference.js';
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

export function balanceTable(covariates: readonly Covariate[], treated: Uint8Array): BalanceRow[] {
  const rows: BalanceRow[] = [];
  for (const covariate of covariates) {
    if (covariate.kind === 'numeric') {
      const cohorts = describeByCohort(covariate.values, treated);
      const t = { n: cohorts.treated.n, mean: cohorts.treated.mean, sd: cohorts.treated.sd };
      const c = { n: cohorts.control.n, mean: cohorts.control.mean, sd: cohorts.control.sd };
      const stdDiff = t.mean !== null && c.mean !== null && t.sd !== null && c.sd !== null ? standardizedDifference(t.mean, c.mean, t.sd ** 2, c.sd ** 2) : null;
      rows.push({ covariate: covariate.name, kind: 'numeric', level: null, treated: t, control: c, stdDiff, imbalanced: isImbalanced(stdDiff, t.mean, c.mean) });
      continue;
    }
    const counts = [new Array<number>(covariate.levels.length).fill(0), new Array<number>(covariate.levels.length).fill(0)];
    const totals = [0, 0];
    covariate.codes.forEach((code, i) => {
      if (code < 0) return;
      counts[treated[i]!]![code]!++;
      totals[treated[i]!]!++;
    });
    covariate.levels.forEach((level, l) => {
      const share = (cohort: number) => (totals[cohort]! > 0 ? counts[cohort]![l]! / totals[cohort]! : null);
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
