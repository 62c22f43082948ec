// The covariate-adjusted model's refusals (STATISTICS.md §8b), each on a design built to provoke
// it, and its numbers against the dense QR path on a clustered design with missing covariates.

import { describe, expect, it } from 'vitest';
import { covariateAdjustment, prepareAdjustment, type CovariateAdjustment } from '../../../src/core/evaluate/covariate-adjustment.js';
import type { Covariate } from '../../../src/core/evaluate/covariates.js';
import { clusterHc1 } from '../../../src/core/stats/cluster-robust.js';
import { hc2 } from '../../../src/core/stats/heteroskedasticity-robust.js';
import { fitOls } from '../../../src/core/stats/ols.js';
import { expectClose, VALUE_TOLERANCE } from '../../helpers/tolerance.js';

/** A deterministic stream in [0, 1) (Park–Miller). */
function stream(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

// Covariates dictionary-coded as parseCovariate gives them: a code per row and, per code, the
// level (code ℓ + 1 is level ℓ, code 0 missing) or the value (distinct values in order of appearance).
const categorical = (name: string, levels: string[], codes: ArrayLike<number>): Covariate => ({
  kind: 'categorical',
  name,
  levels,
  codes: Uint16Array.from(codes, (level) => level + 1),
  levelOf: Int32Array.from({ length: levels.length + 1 }, (_, code) => code - 1),
});
const numeric = (name: string, values: ArrayLike<number>): Covariate => {
  const codeOf = new Map<number, number>();
  const codes = Uint32Array.from(values, (x) => {
    if (!codeOf.has(x)) codeOf.set(x, codeOf.size);
    return codeOf.get(x)!;
  });
  return { kind: 'numeric', name, codes, valueOf: Float64Array.from(codeOf.keys()) };
};

function sample(n: number, seed: number) {
  const next = stream(seed);
  const state = Int32Array.from({ length: n }, () => Math.floor(next() * 5));
  const treated = Uint8Array.from({ length: n }, () => (next() < 0.4 ? 1 : 0));
  const age = Float64Array.from({ length: n }, () => Math.round(40 + 20 * (next() - 0.5)));
  const scores = Float64Array.from({ length: n }, (_, i) => 3 + 0.5 * treated[i]! + 0.01 * age[i]! + 0.2 * state[i]! + next());
  return { state, treated, age, scores };
}

describe('covariateAdjustment', () => {
  it('takes scores near 1e6 that vary by 1e-4 for what they are, not for a perfect fit', () => {
    const { state, treated, age, scores } = sample(60, 11);
    const small = scores.map((y) => 1e-4 * y);
    const covariates = [categorical('state', ['a', 'b', 'c', 'd', 'e'], state), numeric('age', age)];
    const near = covariateAdjustment(small, treated, covariates, undefined) as CovariateAdjustment;
    const far = covariateAdjustment(small.map((y) => y + 1e6), treated, covariates, undefined) as CovariateAdjustment;
    expect(typeof near).toBe('object');
    expect(typeof far).toBe('object');
    expect(Math.abs(far.se / near.se - 1)).toBeLessThan(1e-3);
  });

  it('gives the HC2 figure for a row of very high, but not total, leverage (one covariate value of 1e5)', () => {
    // From review: 1 − h = 1.93e-9 here. estimatr::lm_robust(y ~ t + x, se_type = "HC2") and
    // exact rational arithmetic both give these; a √ε cut on 1 − h refused the model.
    const y = [1.3, 2.1, 0.7, 2.9, 1.1, 2.4, 1.8, 3.0, 0.9, 2.2, 1.5, 2.6];
    const t = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0];
    const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 1e5];
    const got = covariateAdjustment(Float64Array.from(y), Uint8Array.from(t), [numeric('x', x)], undefined) as CovariateAdjustment;
    expect(typeof got).toBe('object');
    expectClose(got.estimate, -0.460011802204856, VALUE_TOLERANCE, 'estimate');
    expectClose(got.se, 0.45525965519913781, VALUE_TOLERANCE, 'HC2 SE');
  });

  it('says treated-collinear when a category determines who was trained', () => {
    const { state, age, scores } = sample(200, 7);
    const treated = Uint8Array.from(state, (s) => (s === 1 || s === 3 ? 1 : 0));
    const result = covariateAdjustment(scores, treated, [categorical('state', ['a', 'b', 'c', 'd', 'e'], state), numeric('age', age)], undefined);
    expect(result).toBe('treated-collinear');
  });

  it('says one-cohort when only one cohort has complete covariates', () => {
    const { state, treated, scores } = sample(100, 8);
    const age = Float64Array.from(treated, (t, i) => (t === 1 ? NaN : 30 + (i % 20)));
    expect(covariateAdjustment(scores, treated, [numeric('age', age), categorical('state', ['a', 'b', 'c', 'd', 'e'], state)], undefined)).toBe('one-cohort');
  });

  it('says too-few-rows when there are no more rows than parameters', () => {
    const scores = Float64Array.of(1, 2, 3, 4);
    const treated = Uint8Array.of(0, 1, 0, 1);
    expect(covariateAdjustment(scores, treated, [categorical('state', ['a', 'b', 'c'], [0, 1, 2, 2])], undefined)).toBe('too-few-rows');
  });

  it('says perfect-fit when the covariates and training explain the scores exactly', () => {
    const { state, treated, age } = sample(120, 9);
    const scores = Float64Array.from(age, (a, i) => 2 + 0.5 * treated[i]! + 0.03 * a + (state[i] === 2 ? 0.25 : 0));
    expect(covariateAdjustment(scores, treated, [numeric('age', age), categorical('state', ['a', 'b', 'c', 'd', 'e'], state)], undefined)).toBe('perfect-fit');
  });

  it('says leverage-one when a single trained officer carries the estimate', () => {
    const { state, age, scores } = sample(150, 10);
    const treated = new Uint8Array(150);
    treated[17] = 1;
    expect(covariateAdjustment(scores, treated, [numeric('age', age), categorical('state', ['a', 'b', 'c', 'd', 'e'], state)], undefined)).toBe('leverage-one');
  });

  it('gives a level with one respondent no weight: the same estimate and SE as without that row', () => {
    const { state, treated, age, scores } = sample(150, 11);
    const levels = ['a', 'b', 'c', 'd', 'e', 'lone'];
    const withLone = Int32Array.from(state);
    withLone[42] = 5;
    const full = covariateAdjustment(scores, treated, [numeric('age', age), categorical('state', levels, withLone)], undefined) as CovariateAdjustment;
    const without = Float64Array.from(scores);
    without[42] = NaN;
    const reduced = covariateAdjustment(without, treated, [numeric('age', age), categorical('state', levels, withLone)], undefined) as CovariateAdjustment;
    expect(typeof full).toBe('object');
    expect(full.nParams).toBe(reduced.nParams + 1);
    expect(full.df).toBe(reduced.df);
    expectClose(full.estimate, reduced.estimate, VALUE_TOLERANCE, 'estimate');
    expectClose(full.se, reduced.se, VALUE_TOLERANCE, 'se');
  });

  it('matches the dense QR fit with HC2 and CR1, leaving out rows with a missing covariate', () => {
    const n = 400;
    const { state, treated, age, scores } = sample(n, 12);
    const next = stream(13);
    const income = Float64Array.from({ length: n }, () => (next() < 0.05 ? NaN : 1e5 + 3e4 * (next() - 0.5)));
    const rank = Int32Array.from({ length: n }, () => (next() < 0.03 ? -1 : Math.floor(next() * 3)));
    const clusters = Int32Array.from(state, (s, i) => s * 3 + (i % 3));
    const covariates = [categorical('state', ['a', 'b', 'c', 'd', 'e'], state), numeric('age', age), numeric('income', income), categorical('rank', ['x', 'y', 'z'], rank)];
    const got = covariateAdjustment(scores, treated, covariates, clusters) as CovariateAdjustment;

    const rows = [...scores.keys()].filter((i) => !Number.isNaN(income[i]!) && rank[i]! >= 0);
    const columns = [
      new Float64Array(rows.length).fill(1),
      Float64Array.from(rows, (r) => age[r]!),
      Float64Array.from(rows, (r) => income[r]!),
      ...[1, 2, 3, 4].map((level) => Float64Array.from(rows, (r) => (state[r] === level ? 1 : 0))),
      ...[1, 2].map((level) => Float64Array.from(rows, (r) => (rank[r] === level ? 1 : 0))),
      Float64Array.from(rows, (r) => treated[r]!),
    ];
    const fit = fitOls(columns, Float64Array.from(rows, (r) => scores[r]!));
    const at = fit.kept.length - 1;
    expect(got.n).toBe(rows.length);
    expect(got.nDroppedMissingCovariate).toBe(n - rows.length);
    expect(got.nParams).toBe(fit.kept.length);
    expectClose(got.estimate, fit.coef[at]!, VALUE_TOLERANCE, 'estimate');
    const want = hc2(fit, columns, at);
    expectClose(got.se, want.se, VALUE_TOLERANCE, 'hc2 se');
    expect(got.df).toBe(want.df);
    const codes = Int32Array.from(rows, (r) => clusters[r]!);
    const cr1 = clusterHc1(fit, columns, { codes, count: 15 }, at);
    expectClose(got.clusterCr1!.se, cr1.se, VALUE_TOLERANCE, 'cr1 se');
    expect(got.clusterCr1!.df).toBe(14);
  });

  it('gives every index from one prepared design what it gives alone, whichever rows lack a score', () => {
    // Four indices as evaluate has them: most rows scored in all, a few missing in one index
    // only, some in all; some rows miss a covariate, one of them also a score.
    const n = 600;
    const { state, treated, age, scores } = sample(n, 21);
    const next = stream(22);
    const years = Float64Array.from(age, (a) => (next() < 0.04 ? NaN : Math.floor(next() * (a - 17))));
    const rank = Int32Array.from({ length: n }, () => (next() < 0.03 ? -1 : Math.floor(next() * 4)));
    years[77] = NaN; // no score in any index either
    years[97] = NaN; // no score in the first index only
    const clusters = Int32Array.from(state, (s, i) => s * 2 + (i % 2));
    const covariates = [categorical('state', ['a', 'b', 'c', 'd', 'e'], state), numeric('age', age), numeric('years', years), categorical('rank', ['w', 'x', 'y', 'z'], rank)];
    const missingEverywhere = new Set([5, 77, 300]);
    const indices = [0, 1, 2, 3].map((k) =>
      Float64Array.from(scores, (y, i) => (missingEverywhere.has(i) || (i * 7 + k * 13) % 97 === 0 ? NaN : y + 0.1 * k * ((i * 31) % 7))),
    );
    const prepared = prepareAdjustment(treated, covariates, clusters);
    for (const y of [...indices, ...indices.slice().reverse()]) {
      const got = prepared.fit(y) as CovariateAdjustment;
      expect(got).toEqual(covariateAdjustment(y, treated, covariates, clusters));

      // The same model from only its complete cases: no row to take back out.
      const rows = [...y.keys()].filter((i) => !Number.isNaN(y[i]!) && !Number.isNaN(years[i]!) && rank[i]! >= 0);
      const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T) => a.filter((_, i) => rows.includes(i)) as T;
      const alone = covariateAdjustment(
        pick(y),
        pick(treated),
        [categorical('state', ['a', 'b', 'c', 'd', 'e'], pick(state)), numeric('age', pick(age)), numeric('years', pick(years)), categorical('rank', ['w', 'x', 'y', 'z'], pick(rank))],
        pick(clusters),
      ) as CovariateAdjustment;
      expect(got.n).toBe(rows.length);
      expect(got.nDroppedMissingCovariate).toBe([...y.keys()].filter((i) => !Number.isNaN(y[i]!) && !rows.includes(i)).length);
      expect(got.nParams).toBe(alone.nParams);
      expect(got.df).toBe(alone.df);
      expect(got.clusterCr1!.df).toBe(alone.clusterCr1!.df);
      for (const [a, b] of [[got.estimate, alone.estimate], [got.se, alone.se], [got.clusterCr1!.se, alone.clusterCr1!.se]] as const) {
        expect(Math.abs(a - b) / Math.abs(b)).toBeLessThanOrEqual(1e-12);
      }
    }
  });
});
