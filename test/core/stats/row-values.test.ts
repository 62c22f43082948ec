// Statistics read a computed column (the summary indices) a block at a time and a stored one
// through views of the same blocks: the numbers, and so every statistic over them, must be the
// same to the last bit either way, wherever the blocks fall.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterInference } from '../../../src/core/evaluate/cluster-inference.js';
import { describeByCohort } from '../../../src/core/stats/describe.js';
import { firstInBlocks, forEachBlock, ROW_BLOCK, type ComputedRows } from '../../../src/core/stats/row-values.js';

/** The stored numbers handed out as a computed column would hand them out. */
const computed = (stored: Float64Array): ComputedRows => ({
  length: stored.length,
  fill: (from, to, out) => {
    out.fill(-1); // what a block not filled would show
    out.set(stored.subarray(from, to));
  },
});

/** Equal to the last bit, NaN and −0 included. */
const same = (a: unknown, b: unknown): boolean => {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  const keys = Object.keys(a as object);
  return keys.length === Object.keys(b as object).length && keys.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
};

/** Rows over up to three blocks; the first `leading` have no score, so the first scored row may be blocks in. */
const rows = fc
  .record({ n: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: ROW_BLOCK - 2, max: 3 * ROW_BLOCK + 2 })), leading: fc.nat({ max: 2 * ROW_BLOCK + 10 }), clusters: fc.integer({ min: 2, max: 9 }), seed: fc.integer() })
  .map(({ n, leading, clusters, seed }) => {
    let state = seed >>> 0 || 1;
    const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const treated = Uint8Array.from({ length: n }, () => (next() < 0.5 ? 1 : 0));
    const scores = Float64Array.from({ length: n }, (_, i) => (i < leading || next() < 0.05 ? NaN : 1e4 + Math.round(next() * 40) / 10 + 0.5 * treated[i]!));
    const codes = Int32Array.from({ length: n }, () => (next() < 0.05 ? -1 : Math.floor(next() * clusters)));
    return { scores, treated, codes };
  });

describe('row values read a block at a time', () => {
  it('hands out every number once, in order, in blocks of ROW_BLOCK (the last one shorter), stored or computed', () => {
    for (const n of [0, 1, ROW_BLOCK - 1, ROW_BLOCK, ROW_BLOCK + 1, 2 * ROW_BLOCK, 2 * ROW_BLOCK + 3]) {
      const stored = Float64Array.from({ length: n }, (_, i) => i);
      for (const values of [stored, computed(stored)]) {
        const seen: number[] = [];
        const starts: number[] = [];
        forEachBlock(values, (block, from) => {
          starts.push(from);
          seen.push(...block);
        });
        expect(seen).toEqual([...stored]);
        expect(starts).toEqual(Array.from({ length: Math.ceil(n / ROW_BLOCK) }, (_, k) => k * ROW_BLOCK));
      }
    }
  });

  it('stops at the first block that gives a number', () => {
    const stored = Float64Array.from({ length: 3 * ROW_BLOCK }, (_, i) => i);
    const visited: number[] = [];
    const found = firstInBlocks(computed(stored), (block, from) => {
      visited.push(from);
      return from >= ROW_BLOCK ? block[5]! : NaN;
    });
    expect(found).toBe(ROW_BLOCK + 5);
    expect(visited).toEqual([0, ROW_BLOCK]);
    expect(firstInBlocks(stored, () => NaN)).toBeNaN();
  });

  it('gives the same cohort descriptions and clustered inference, to the last bit, from a computed column as from the stored one', () => {
    fc.assert(
      fc.property(rows, ({ scores, treated, codes }) => {
        expect(same(describeByCohort(computed(scores), treated), describeByCohort(scores, treated))).toBe(true);
        expect(same(clusterInference('c', computed(scores), treated, codes), clusterInference('c', scores, treated, codes))).toBe(true);
      }),
      { numRuns: 60, seed: 20261129 },
    );
  });
});
