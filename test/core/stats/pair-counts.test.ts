// pairCounts counts complete rows by patterns of item groups; here every count is held to the
// same count made row by row and pair by pair, exactly.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CodedItem } from '../../../src/core/stats/cronbach-alpha.js';
import { groupsOf, packedGroups, pairCounts } from '../../../src/core/stats/pair-counts.js';
import { codedItems, itemsSpec } from '../../helpers/random-coded-items.js';

function countedRowByRow(items: readonly CodedItem[]) {
  const k = items.length;
  const n = items[0]?.codes.length ?? 0;
  const levels = items.map(({ values }) => [...new Set([...values].filter((x) => !Number.isNaN(x)))]);
  const levelOfCode = items.map(({ values }, j) => Array.from(values, (x) => levels[j]!.indexOf(x)));
  const levelOf = (j: number, i: number) => levelOfCode[j]![items[j]!.codes[i]!]!;
  const marginal = levels.map((values) => new Float64Array(values.length));
  const joint: Float64Array[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) joint[a * k + b] = new Float64Array(levels[a]!.length * levels[b]!.length);
  let nComplete = 0;
  for (let i = 0; i < n; i++) {
    const row = items.map((_, j) => levelOf(j, i));
    if (row.some((u) => u < 0)) continue;
    nComplete++;
    for (let a = 0; a < k; a++) {
      marginal[a]![row[a]!]!++;
      for (let b = a + 1; b < k; b++) joint[a * k + b]![row[a]! * levels[b]!.length + row[b]!]!++;
    }
  }
  return { nComplete, levels: levels.map((values) => Float64Array.from(values)), marginal, joint };
}

describe('pairCounts', () => {
  it('counts what a row-by-row count counts, for one group, several, and items with many values, however grouped (150 runs)', () => {
    const oneByOne = (radix: readonly number[]) => (radix.some((r) => r > 512) ? null : radix.map((_, j) => [j]));
    fc.assert(
      fc.property(itemsSpec({ min: 1, max: 14 }), (spec) => {
        const items = codedItems(spec);
        const got = pairCounts(items);
        const levels = items.map(({ values }) => new Set([...values].filter((x) => !Number.isNaN(x))).size);
        if (got === null) {
          expect(Math.max(...levels)).toBeGreaterThan(512); // the only way out at these sizes
          return;
        }
        const expected = countedRowByRow(items);
        expect(got).toEqual(expected);
        // Whatever groupsOf chose for this many rows, both groupings count the same.
        expect(pairCounts(items, packedGroups)).toEqual(expected);
        const single = pairCounts(items, oneByOne);
        if (single !== null) expect(single).toEqual(expected);
      }),
      { seed: 20261129, numRuns: 150 },
    );
  });

  it('counts 17 Likert items in groups of three, as many rows as a block and more', () => {
    const items = codedItems({
      n: 20_000,
      seed: 7,
      items: Array.from({ length: 17 }, (_, j) => ({ values: [1, 2, NaN, 3, 4, 5, NaN], container: j % 2 ? 'uint8' : 'array', missing: 0.01, noise: 0.3, reversed: j % 4 === 3 })),
    });
    const got = pairCounts(items);
    expect(got).toEqual(countedRowByRow(items));
    expect(got!.nComplete).toBeGreaterThan(1000);
  });

  it('counts 17 Likert items one by one when there are few rows', () => {
    const items = codedItems({
      n: 700,
      seed: 8,
      items: Array.from({ length: 17 }, (_, j) => ({ values: [1, 2, NaN, 3, 4, 5, NaN], container: j % 2 ? 'uint8' : 'array', missing: 0.01, noise: 0.3, reversed: j % 4 === 3 })),
    });
    expect(pairCounts(items)).toEqual(countedRowByRow(items));
  });

  it('groups items as tightly as it may for many rows, and one by one for a few thousand', () => {
    const likert17 = Array.from({ length: 17 }, () => 5);
    const likert6 = Array.from({ length: 6 }, () => 5);
    const threes = Array.from({ length: 6 }, (_, g) => [3 * g, 3 * g + 1, 3 * g + 2].filter((j) => j < 17));
    expect(groupsOf(likert17, 1_000_000)).toEqual(threes);
    expect(groupsOf(likert17, 20_000)).toEqual(threes);
    expect(groupsOf(likert17, 1_816)).toEqual(likert17.map((_, j) => [j]));
    expect(groupsOf(likert6, 1_000_000)).toEqual([[0, 1, 2, 3, 4, 5]]);
    expect(groupsOf(likert6, 1_816)).toEqual(likert6.map((_, j) => [j]));
    expect(groupsOf([600, 5], 10)).toEqual([[0, 1]]);
    // 72 five-level items pack into 24 groups whose pair tables pass the cap: still row by row
    // (pairCounts null), as before there was a choice, even where one by one would fit.
    const likert72 = Array.from({ length: 72 }, () => 5);
    expect(groupsOf(likert72, 1_816)).toEqual(packedGroups(likert72));
    expect(groupsOf([600, 5, 5, 5, 5, 5, 5], 10)).toBeNull();
  });

  it('leaves items of more than 512 distinct values to the row-by-row path, unless they fit one group', () => {
    const many = { codes: Uint16Array.from({ length: 1000 }, (_, i) => i % 600), values: Float64Array.from({ length: 600 }, (_, v) => v) };
    const few = { codes: Uint8Array.from({ length: 1000 }, (_, i) => i % 5), values: Float64Array.from([1, 2, 3, 4, 5]) };
    expect(pairCounts([many, few, few, few, few, few, few])).toBeNull();
    expect(pairCounts([many, few])).toEqual(countedRowByRow([many, few]));
  });
});
