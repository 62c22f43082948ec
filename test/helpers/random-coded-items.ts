// Random dictionary-coded items for the property tests of cronbachAlpha and pairCounts: Likert
// dictionaries with missing codes and duplicate values, values a float cannot hold exactly (2/3),
// items that never vary, items never answered, and dictionaries of hundreds of distinct values
// that force the row-by-row path. Answers follow one latent trait per respondent, so items
// correlate (some reversed) as survey items do. The codes come from a seeded generator, not from
// fast-check, so a run of 3,000 respondents costs one seed.

import fc from 'fast-check';
import { mulberry32 } from './mulberry32.js';
import type { CodedItem } from '../../src/core/stats/cronbach-alpha.js';

/** Answered values with a few missing codes among them, in any order. */
const withMissingCodes = (answered: fc.Arbitrary<number>) =>
  fc
    .tuple(fc.array(answered, { minLength: 1, maxLength: 9 }), fc.integer({ min: 0, max: 3 }), fc.integer())
    .map(([values, missing, seed]) => shuffle([...values, ...Array.from({ length: missing }, () => NaN)], mulberry32(seed)));
const likert = withMissingCodes(fc.constantFrom(0, 25, 50, 75, 100));
const thirds = withMissingCodes(fc.integer({ min: 0, max: 6 }).map((x) => x / 3));
const constant = fc.tuple(fc.constantFrom(2 / 3, 0.1, 50), fc.integer({ min: 1, max: 4 }), fc.boolean()).map(([value, copies, missing]) => [...Array.from({ length: copies }, () => value), ...(missing ? [NaN] : [])]);
const neverAnswered = fc.integer({ min: 1, max: 3 }).map((length) => Array.from({ length }, () => NaN));
/** Tens of distinct values: single-item groups, big pair tables. */
const wide = fc.integer({ min: 13, max: 60 }).map((length) => [NaN, ...Array.from({ length }, (_, v) => v * 1.5)]);
/** More distinct values than a group may have: the row-by-row path. */
const huge = fc.integer({ min: 513, max: 600 }).map((length) => [...Array.from({ length }, (_, v) => Math.sqrt(v)), NaN]);

const dictionary = fc.oneof(
  { weight: 140, arbitrary: likert },
  { weight: 30, arbitrary: thirds },
  { weight: 10, arbitrary: constant },
  { weight: 1, arbitrary: neverAnswered },
  { weight: 8, arbitrary: wide },
  { weight: 3, arbitrary: huge },
);

const container = fc.constantFrom('uint8', 'uint16', 'int32', 'array');

export interface ItemsSpec {
  n: number;
  seed: number;
  items: { values: number[]; container: string; missing: number; noise: number; reversed: boolean }[];
}

const item = fc.record({
  values: dictionary,
  container,
  missing: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.1, noNaN: true })),
  noise: fc.double({ min: 0, max: 1, noNaN: true }),
  reversed: fc.boolean(),
});

export function itemsSpec(k: { min: number; max: number }) {
  return fc.record({
    n: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 9, arbitrary: fc.integer({ min: 0, max: 3000 }) }),
    seed: fc.integer(),
    items: fc.integer(k).chain((length) => fc.array(item, { minLength: length, maxLength: length })),
  });
}

/**
 * Each respondent's answer to an item: with probability `missing` one of its missing codes, else
 * with probability `noise` any answer, else the answer at the respondent's latent rank among the
 * item's values (from the top when reversed).
 */
export function codedItems({ n, seed, items }: ItemsSpec): CodedItem[] {
  const random = mulberry32(seed);
  const latent = Array.from({ length: n }, () => random());
  return items.map(({ values, container, missing, noise, reversed }) => {
    const codesOf = (answered: boolean) => values.map((x, code) => ({ x, code })).filter(({ x }) => Number.isNaN(x) !== answered);
    const answers = codesOf(true).sort((a, b) => (reversed ? b.x - a.x : a.x - b.x)).map(({ code }) => code);
    const missingCodes = codesOf(false).map(({ code }) => code);
    const pick = (from: number[], u: number) => from[Math.min(from.length - 1, Math.floor(u * from.length))]!;
    const codes = latent.map((u) => {
      if (answers.length === 0 || (missingCodes.length > 0 && random() < missing)) return pick(missingCodes, random());
      return pick(answers, random() < noise ? random() : u);
    });
    const typed =
      container === 'uint8' && values.length <= 256 ? Uint8Array.from(codes) : container === 'uint16' ? Uint16Array.from(codes) : container === 'int32' ? Int32Array.from(codes) : codes;
    return { codes: typed, values: Float64Array.from(values) };
  });
}

function shuffle<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}
