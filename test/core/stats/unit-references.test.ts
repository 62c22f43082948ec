// Small statistics against R on their own (test/reference/unit-references.R).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classicalSe } from '../../../src/core/stats/heteroskedasticity-robust.js';
import { fitOls } from '../../../src/core/stats/ols.js';
import { pAdjustBH, pAdjustHolm } from '../../../src/core/stats/p-adjust.js';
import { propTest } from '../../../src/core/stats/prop-test.js';
import { expectClose, P_TOLERANCE, VALUE_TOLERANCE } from '../../helpers/tolerance.js';

const reference = JSON.parse(readFileSync('test/reference/unit-references.json', 'utf8')) as {
  p_adjust: { p: (number | null)[]; holm: (number | null)[]; bh: (number | null)[] };
  prop_test: { x1: number; n1: number; x0: number; n0: number; diff: number; p: number | null; ci_low: number; ci_high: number }[];
  ols_collinear: { y: number[]; treated: number[]; x1: number[]; x2: number[]; x3: number[]; coef: (number | null)[]; kept: boolean[]; se_classical: (number | null)[] };
};

describe('p.adjust', () => {
  it('Holm and BH match R, ties and NA included', () => {
    const { p, holm, bh } = reference.p_adjust;
    pAdjustHolm(p).forEach((v, i) => expectClose(v, holm[i]!, P_TOLERANCE, `holm[${i}]`));
    pAdjustBH(p).forEach((v, i) => expectClose(v, bh[i]!, P_TOLERANCE, `bh[${i}]`));
  });
});

describe('propTest', () => {
  it.each(reference.prop_test)('matches prop.test(correct = FALSE) for $x1/$n1 vs $x0/$n0', (want) => {
    const got = propTest(want.x1, want.n1, want.x0, want.n0)!;
    expectClose(got.diff, want.diff, VALUE_TOLERANCE, 'diff');
    expectClose(got.p, want.p, P_TOLERANCE, 'p');
    expectClose(got.ci95[0], want.ci_low, VALUE_TOLERANCE, 'ci_low');
    expectClose(got.ci95[1], want.ci_high, VALUE_TOLERANCE, 'ci_high');
  });
});

describe('fitOls', () => {
  it('drops a collinear column as lm() does and matches its coefficients and SEs', () => {
    const o = reference.ols_collinear;
    const design = [o.y.map(() => 1), o.treated, o.x1, o.x2, o.x3].map((c) => Float64Array.from(c));
    const fit = fitOls(design, Float64Array.from(o.y));
    expect(fit.kept).toEqual(o.kept.flatMap((kept, i) => (kept ? [i] : [])));
    fit.kept.forEach((column, c) => {
      expectClose(fit.coef[c], o.coef[column]!, VALUE_TOLERANCE, `coef[${column}]`);
      expectClose(classicalSe(fit, c).se, o.se_classical[column]!, VALUE_TOLERANCE, `se[${column}]`);
    });
  });
});
