import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rescaleItem, scoreComposites, scoreIndex } from '../../../src/core/scoring/score-index.js';

describe('rescaleItem', () => {
  it('maps the scale onto 0–100', () => {
    expect(rescaleItem(1, 1, 5, false)).toBe(0);
    expect(rescaleItem(3, 1, 5, false)).toBe(50);
    expect(rescaleItem(5, 1, 5, false)).toBe(100);
    expect(rescaleItem(7.5, 0, 10, false)).toBe(75);
  });

  it('reverse-codes as 100 − r, the same as recoding x → max + min − x', () => {
    for (const x of [1, 2, 3.5, 4, 5]) {
      expect(rescaleItem(x, 1, 5, true)).toBeCloseTo(100 - rescaleItem(x, 1, 5, false), 12);
      expect(rescaleItem(x, 1, 5, true)).toBeCloseTo(rescaleItem(5 + 1 - x, 1, 5, false), 12);
    }
  });
});

describe('scoreIndex', () => {
  it('averages the answered items only', () => {
    expect(scoreIndex([0, 100, NaN, 50], 0.5)).toBe(50);
  });

  it('is inclusive at the minimum answered share: 2 of 4 meet 0.5, 3 of 5 meet 0.6', () => {
    expect(scoreIndex([25, 75, NaN, NaN], 0.5)).toBe(50);
    expect(scoreIndex([0, 50, 100, NaN, NaN], 0.6)).toBe(50);
  });

  it('is NA just below the minimum share: 1 of 4 at 0.5, 2 of 5 at 0.6', () => {
    expect(scoreIndex([25, NaN, NaN, NaN], 0.5)).toBeNaN();
    expect(scoreIndex([0, 50, NaN, NaN, NaN], 0.6)).toBeNaN();
  });

  it('absorbs floating error at the boundary (1 of 3 with share 1/3 written as 0.3333333334)', () => {
    expect(scoreIndex([40, NaN, NaN], 0.3333333334)).toBe(40);
  });

  it('is NA when nothing was answered, whatever the share', () => {
    expect(scoreIndex([NaN, NaN, NaN], 0.01)).toBeNaN();
  });
});

describe('scoreComposites', () => {
  const one = (components: number[], method: 'sum' | 'mean') => scoreComposites(components.map((x) => Float64Array.of(x)), method, new Float64Array(1))[0];

  it('sums or averages the components', () => {
    expect(one([10, 20, 60], 'sum')).toBe(90);
    expect(one([10, 20, 60], 'mean')).toBe(30);
  });

  it('is NA when any component is NA', () => {
    expect(one([10, NaN, 60], 'sum')).toBeNaN();
    expect(one([10, NaN, 60], 'mean')).toBeNaN();
  });

  it('gives every row the sum in the parts\' order, to the last bit, whatever was in out', () => {
    const score = fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(NaN), fc.constant(-0));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(score, { minLength: 5, maxLength: 5 }), { maxLength: 30 }), fc.constantFrom('sum' as const, 'mean' as const), (k, rows, method) => {
        const parts = Array.from({ length: k }, (_, j) => Float64Array.from(rows, (row) => row[j]!));
        const got = scoreComposites(parts, method, new Float64Array(rows.length).fill(7));
        rows.forEach((row, r) => {
          let sum = 0;
          for (let j = 0; j < k; j++) sum += row[j]!;
          expect(Object.is(got[r], method === 'sum' ? sum : sum / k)).toBe(true);
        });
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });
});
