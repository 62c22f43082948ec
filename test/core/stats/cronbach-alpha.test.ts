// cronbachAlpha works from the covariance matrix of dictionary-coded items; here it is held to
// the textbook computation on copied-out complete cases (the implementation it replaced, which
// test/commands/evaluate-reference.test.ts also checks against psych::alpha).

import fc from 'fast-check';
import { sampleCorrelation, sampleVariance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from '../../../src/core/stats/cronbach-alpha.js';
import { expectClose, VALUE_TOLERANCE } from '../../helpers/tolerance.js';

function textbookAlpha(items: number[][]) {
  const k = items.length;
  const complete: number[][] = items.map(() => []);
  for (let i = 0; i < (items[0]?.length ?? 0); i++) {
    if (items.some((item) => Number.isNaN(item[i]!))) continue;
    items.forEach((item, j) => complete[j]!.push(item[i]!));
  }
  const n = complete[0]?.length ?? 0;
  if (k < 2 || n < 2) return { raw: null, standardized: null, nComplete: n, itemRest: items.map(() => null) };
  const totals = complete[0]!.map((_, i) => complete.reduce((s, item) => s + item[i]!, 0));
  const totalVariance = sampleVariance(totals);
  const raw = totalVariance > 0 ? (k / (k - 1)) * (1 - complete.reduce((s, item) => s + sampleVariance(item), 0) / totalVariance) : null;
  const r = (a: number[], b: number[]) => (sampleVariance(a) === 0 || sampleVariance(b) === 0 ? null : sampleCorrelation(a, b));
  const pairs: (number | null)[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) pairs.push(r(complete[a]!, complete[b]!));
  const meanR = pairs.reduce((s: number, x) => s + (x ?? 0), 0) / pairs.length;
  const standardized = pairs.includes(null) ? null : (k * meanR) / (1 + (k - 1) * meanR);
  const itemRest = complete.map((item) => r(item, totals.map((t, i) => t - item[i]!)));
  return { raw, standardized, nComplete: n, itemRest };
}

/** Items as the tool holds them: a code per respondent into a table of distinct values. */
function coded(items: number[][]) {
  return items.map((item) => {
    const values = [...new Set(item.map(String))].map(Number);
    return { codes: item.map((x) => values.findIndex((v) => Object.is(v, x))), values: Float64Array.from(values) };
  });
}

describe('cronbachAlpha', () => {
  it('has no correlation for an item that never varies, and no alpha when no item does (values a float cannot hold exactly)', () => {
    const third = (x: number) => x / 3;
    const constant = Array.from({ length: 10 }, () => 2 / 3);
    const b = [0, 1, 2, 3, 1, 2, 3, 2, 1, 0].map(third);
    const c = [1, 1, 2, 3, 0, 2, 3, 3, 1, 0].map(third);
    const one = cronbachAlpha(coded([constant, b, c]));
    expect(one.standardized).toBeNull();
    expect(one.itemRest[0]).toBeNull();
    expect(one.raw).not.toBeNull();
    const all = cronbachAlpha(coded([constant, constant, Array.from({ length: 10 }, () => 1 / 3)]));
    expect(all).toEqual({ raw: null, standardized: null, nComplete: 10, itemRest: [null, null, null] });
  });

  it('agrees with the textbook computation on random Likert items with missing answers (300 runs)', () => {
    const answer = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 4 }).map((x) => x * 25) }, { weight: 1, arbitrary: fc.constant(NaN) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 40 }), fc.infiniteStream(answer), (k, n, stream) => {
        const items = Array.from({ length: k }, () => Array.from({ length: n }, () => stream.next().value as number));
        const got = cronbachAlpha(coded(items));
        const want = textbookAlpha(items);
        expect(got.nComplete).toBe(want.nComplete);
        for (const key of ['raw', 'standardized'] as const) expectClose(got[key], want[key], VALUE_TOLERANCE, key);
        want.itemRest.forEach((r, j) => expectClose(got.itemRest[j], r, VALUE_TOLERANCE, `itemRest[${j}]`));
      }),
      { seed: 20261129, numRuns: 300 },
    );
  });
});
