// balanceTable counts rows per code and cohort and then works per distinct value: against the
// row-by-row computation it replaced (describeByCohort over each row's value, level shares
// counted row by row), on dictionary-coded columns with missing cells, cells no row has, one
// cohort empty or of one row, and values whose sums round (decimals, large numbers).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceTable, type BalanceRow } from '../../../src/core/evaluate/balance-table.js';
import type { Covariate } from '../../../src/core/evaluate/covariates.js';
import { describeByCohort } from '../../../src/core/stats/describe.js';
import { standardizedDifference } from '../../../src/core/stats/standardized-difference.js';
import type { Codes } from '../../../src/core/table/table.js';
import { mulberry32 } from '../../helpers/mulberry32.js';

/** The balance rows as computed row by row (the code before covariates stayed coded). */
function rowByRow(covariates: readonly Covariate[], treated: Uint8Array): BalanceRow[] {
  const rows: BalanceRow[] = [];
  const apart = (stdDiff: number | null, a: number | null, b: number | null) => (stdDiff !== null ? Math.abs(stdDiff) > 0.25 : a !== null && b !== null && a !== b);
  for (const covariate of covariates) {
    if (covariate.kind === 'numeric') {
      const cohorts = describeByCohort(Float64Array.from(covariate.codes, (code) => covariate.valueOf[code]!), treated);
      const t = { n: cohorts.treated.n, mean: cohorts.treated.mean, sd: cohorts.treated.sd };
      const c = { n: cohorts.control.n, mean: cohorts.control.mean, sd: cohorts.control.sd };
      const stdDiff = t.mean !== null && c.mean !== null && t.sd !== null && c.sd !== null ? standardizedDifference(t.mean, c.mean, t.sd ** 2, c.sd ** 2) : null;
      rows.push({ covariate: covariate.name, kind: 'numeric', level: null, treated: t, control: c, stdDiff, imbalanced: apart(stdDiff, t.mean, c.mean) });
      continue;
    }
    const counts = [covariate.levels.map(() => 0), covariate.levels.map(() => 0)];
    const totals = [0, 0];
    covariate.codes.forEach((code, i) => {
      const level = covariate.levelOf[code]!;
      if (level < 0) return;
      counts[treated[i]!]![level]!++;
      totals[treated[i]!]!++;
    });
    covariate.levels.forEach((level, l) => {
      const share = (g: number) => (totals[g]! > 0 ? counts[g]![l]! / totals[g]! : null);
      const pt = share(1);
      const pc = share(0);
      const sd = (p: number | null) => (p === null ? null : Math.sqrt(p * (1 - p)));
      const stdDiff = pt !== null && pc !== null ? standardizedDifference(pt, pc, pt * (1 - pt), pc * (1 - pc)) : null;
      rows.push({ covariate: covariate.name, kind: 'categorical', level, treated: { n: totals[1]!, mean: pt, sd: sd(pt) }, control: { n: totals[0]!, mean: pc, sd: sd(pc) }, stdDiff, imbalanced: apart(stdDiff, pt, pc) });
    });
  }
  return rows;
}

const KINDS = ['ages', 'decimals', 'large', 'constant'] as const;

function build(seed: number, n: number, distinct: number, treatedShare: number, kind: (typeof KINDS)[number]) {
  const rnd = mulberry32(seed);
  const value = (): number => {
    if (rnd() < 0.1) return NaN; // a missing cell
    if (kind === 'ages') return 18 + Math.floor(rnd() * 50);
    if (kind === 'decimals') return Math.round(rnd() * 1000) / 10;
    if (kind === 'large') return 1e9 + rnd() * 1e3;
    return 7.3;
  };
  const valueOf = Float64Array.from({ length: distinct }, value);
  const levels = Array.from({ length: Math.max(1, Math.min(distinct, 6)) }, (_, l) => `level ${l}`);
  // Per code a level or −1 (missing); the last code a cell no row has.
  const levelOf = Int32Array.from({ length: distinct }, () => (rnd() < 0.1 ? -1 : Math.floor(rnd() * levels.length)));
  const code = () => Math.floor(rnd() * Math.max(distinct - 1, 1));
  const codes: Codes = distinct <= 0x100 ? Uint8Array.from({ length: n }, code) : Uint16Array.from({ length: n }, code);
  const treated = Uint8Array.from({ length: n }, () => (rnd() < treatedShare ? 1 : 0));
  const covariates: Covariate[] = [
    { kind: 'numeric', name: 'x', codes, valueOf },
    { kind: 'categorical', name: 'c', levels, codes, levelOf },
  ];
  return { covariates, treated };
}

/** Relative difference, 0 for equal numbers or nulls. */
function relative(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null || b === null) return Infinity;
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('balanceTable', () => {
  it('gives the row-by-row numbers: counts and shares exactly, means and SDs to their last bits', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 400 }),
        fc.constantFrom(0, 0.001, 0.3, 0.5, 1),
        fc.constantFrom(...KINDS),
        (seed, n, distinct, share, kind) => {
          const { covariates, treated } = build(seed, n, distinct, share, kind);
          const got = balanceTable(covariates, treated);
          const want = rowByRow(covariates, treated);
          expect(got.length).toBe(want.length);
          got.forEach((row, i) => {
            const w = want[i]!;
            expect({ ...row, stdDiff: null, treated: { ...row.treated, mean: 0, sd: 0 }, control: { ...row.control, mean: 0, sd: 0 } }).toEqual({
              ...w,
              stdDiff: null,
              treated: { ...w.treated, mean: 0, sd: 0 },
              control: { ...w.control, mean: 0, sd: 0 },
            });
            if (row.kind === 'categorical') expect(row).toEqual(w);
            for (const [a, b] of [
              [row.treated.mean, w.treated.mean],
              [row.control.mean, w.control.mean],
              [row.treated.sd, w.treated.sd],
              [row.control.sd, w.control.sd],
            ] as const) {
              expect(relative(a, b)).toBeLessThanOrEqual(1e-13);
            }
            // A standardised difference of nearly equal means is a difference of nearly equal
            // numbers: compare it on the scale of the means it comes from.
            if (row.stdDiff === null || w.stdDiff === null) expect(row.stdDiff).toBe(w.stdDiff);
            else {
              const scale = Math.max(Math.abs(w.treated.mean!), Math.abs(w.control.mean!)) / Math.sqrt((w.treated.sd! ** 2 + w.control.sd! ** 2) / 2);
              expect(Math.abs(row.stdDiff - w.stdDiff)).toBeLessThanOrEqual(1e-13 * Math.max(scale, Math.abs(w.stdDiff)));
            }
          });
        },
      ),
      { seed: 20240531, numRuns: 200 },
    );
  });
});
