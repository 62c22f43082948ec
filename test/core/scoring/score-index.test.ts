import { describe, expect, it } from 'vitest';
import { rescaleItem, scoreComposite, scoreIndex } from '../../../src/core/scoring/score-index.js';

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

describe('scoreComposite', () => {
  it('sums or averages the components', () => {
    expect(scoreComposite([10, 20, 60], 'sum')).toBe(90);
    expect(scoreComposite([10, 20, 60], 'mean')).toBe(30);
  });

  it('is NA when any component is NA', () => {
    expect(scoreComposite([10, NaN, 60], 'sum')).toBeNaN();
    expect(scoreComposite([10, NaN, 60], 'mean')).toBeNaN();
  });
});
