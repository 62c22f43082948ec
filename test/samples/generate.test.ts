// The shipped sample must be exactly what its committed, seeded generator makes.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the generator is plain JavaScript without type declarations
import { generateSurveyCsv } from '../../samples/mexico-2020/generate.mjs';

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe('samples/mexico-2020/generate.mjs', () => {
  it('regenerates survey.csv byte for byte', () => {
    const committed = readFileSync('samples/mexico-2020/survey.csv');
    const generated = (generateSurveyCsv as (o: object) => string)({ seed: 2020, nControl: 716, nTreated: 1100 });
    expect(sha256(generated)).toBe(sha256(committed));
  });
});
