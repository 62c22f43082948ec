// Property-based tests (fast-check) of `analyze`, run in-process through runAnalyze:
//  (a) any bytes, and a valid survey with bytes mutated, end in a report or a documented error
//      (GbvError), never in anything else;
//  (b) the order of the data rows changes no number of the JSON report beyond 1e-12 relative;
//  (c) swapping the cohorts (treated ↔ control in the codebook) negates every difference and
//      swaps and negates every CI, within 1e-12.
// Runs are bounded (small inputs, fixed seeds) so the file takes seconds.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { GbvError } from '../../src/errors.js';
import { analyzeInProcess, numericDifferences, removeScratch, swapDifferences } from './run-in-process.js';

afterAll(() => removeScratch());

const SMALL_CODEBOOK = `codebook_version: 1
title: {en: Small, es: Pequeño}
respondent_id: folio
cohort: {column: grupo, treated: capacitado, control: control}
scale: {min: 1, max: 5}
missing_codes: [99]
value_labels: {En desacuerdo: 2, De acuerdo: 4}
indices:
  - id: skills
    label: {en: Skills, es: Habilidades}
    items: [a1, a2, a3]
    reverse: [a3]
  - id: attitudes
    label: {en: Attitudes, es: Actitudes}
    items: [b1, b2]
composites:
  - id: total
    label: {en: Total, es: Total}
    of: [skills, attitudes]
    method: sum
`;
const swapCohorts = (codebook: string) => codebook.replace('treated: capacitado, control: control', 'treated: control, control: capacitado');

const VALID_SURVEY = `folio,grupo,a1,a2,a3,b1,b2
1,capacitado,4,5,2,3,4
2,capacitado,5,De acuerdo,1,4,4
3,capacitado,4,4,99,5,3
4,control,2,3,4,2,2
5,control,3,En desacuerdo,3,,3
6,control,2,2,4,1,2
`;

/** Fixed, so a failure reproduces; fast-check prints the counterexample and its path. */
const SEED = 20240607;

async function outcome(survey: string | Uint8Array, codebook = SMALL_CODEBOOK): Promise<{ report?: Record<string, unknown>; error?: GbvError }> {
  try {
    const run = await analyzeInProcess(survey, codebook);
    return { report: JSON.parse(run.stdout) as Record<string, unknown> };
  } catch (error) {
    if (error instanceof GbvError) return { error };
    throw error;
  }
}

describe('(a) arbitrary and mutated bytes end in a report or a documented error', () => {
  const INTERESTING = [0x22, 0x2c, 0x3b, 0x09, 0x0a, 0x0d, 0x00, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0x20, 0x39, 0x31, 0x61, 0xc3, 0x80];
  const byte = fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 }));

  it('any bytes (200 runs, up to 300 bytes)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const result = await outcome(bytes);
        if (result.error) expect([1, 2]).toContain(result.error.exitCode);
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('a valid survey with 1–6 bytes inserted, replaced or deleted (200 runs)', async () => {
    const valid = new TextEncoder().encode(VALID_SURVEY);
    const mutation = fc.record({ at: fc.nat({ max: valid.length }), kind: fc.constantFrom('insert', 'replace', 'delete'), byte });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (mutations) => {
        const bytes = [...valid];
        for (const { at, kind, byte: b } of mutations) {
          const i = Math.min(at, bytes.length);
          if (kind === 'insert') bytes.splice(i, 0, b);
          else if (kind === 'replace' && i < bytes.length) bytes[i] = b;
          else if (kind === 'delete') bytes.splice(i, 1);
        }
        const result = await outcome(Uint8Array.from(bytes));
        if (result.error) expect([1, 2]).toContain(result.error.exitCode);
      }),
      { numRuns: 200, seed: SEED },
    );
  });
});

/** A small random survey: 2–12 officers per cohort, answers 1–5, blank, 99 or a label. */
const answer = fc.constantFrom('1', '2', '3', '4', '5', '1', '2', '3', '4', '5', '', '99', 'De acuerdo');
const officer = fc.tuple(fc.constantFrom('capacitado', 'control'), fc.array(answer, { minLength: 5, maxLength: 5 }));
const survey = fc
  .tuple(fc.array(officer, { minLength: 4, maxLength: 24 }), fc.array(answer, { minLength: 5, maxLength: 5 }), fc.array(answer, { minLength: 5, maxLength: 5 }))
  .map(([rows, a, b]) => [['capacitado', a], ['control', b], ['capacitado', b], ['control', a], ...rows] as [string, string[]][]);
const toCsv = (rows: readonly (readonly [string, readonly string[]])[], ids: readonly number[] = rows.map((_, i) => i + 1)) =>
  `folio,grupo,a1,a2,a3,b1,b2\n${rows.map(([cohort, answers], i) => [ids[i], cohort, ...answers].join(',')).join('\n')}\n`;

/** The parts of a report that are numbers about the data (input and diagnostics name rows and bytes). */
const NUMBERS = ['cohorts', 'cluster', 'indices', 'balance', 'items', 'subgroups', 'summaryIndices'] as const;
const numbersOf = (report: Record<string, unknown>) => Object.fromEntries(NUMBERS.map((key) => [key, report[key]]));

describe('(b) the order of the rows changes no number beyond 1e-12', () => {
  it('random small surveys in a random order (60 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        survey.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows.map((_, i) => i), { minLength: rows.length, maxLength: rows.length }))),
        async ([rows, order]) => {
          const ids = rows.map((_, i) => i + 1);
          const before = await outcome(toCsv(rows, ids));
          const after = await outcome(toCsv(order.map((i) => rows[i]!), order.map((i) => ids[i]!)));
          expect(after.error?.message).toBe(before.error?.message);
          if (before.report) expect(numericDifferences(numbersOf(before.report), numbersOf(after.report!))).toEqual([]);
        },
      ),
      { numRuns: 60, seed: SEED },
    );
  });

  it('the shipped sample (1,816 officers, clusters and covariates) in 5 random orders', async () => {
    const text = readFileSync('samples/mexico-2020/survey.csv', 'utf8');
    const codebook = readFileSync('samples/mexico-2020/codebook.yaml', 'utf8');
    const [header, ...lines] = text.trimEnd().split('\n');
    const reference = await outcome(text, codebook);
    expect(reference.error).toBeUndefined();
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }), async (shuffled) => {
        const result = await outcome(`${header}\n${shuffled.join('\n')}\n`, codebook);
        expect(numericDifferences(numbersOf(reference.report!), numbersOf(result.report!))).toEqual([]);
      }),
      { numRuns: 5, seed: SEED },
    );
  });
});

/** What a swap of cohorts must negate; the summary indices are standardised by the control cohort, so they are not symmetric. */
const SWAPPED = ['cohorts', 'indices', 'items', 'balance'] as const;
const swappedPartsOf = (report: Record<string, unknown>) => Object.fromEntries(SWAPPED.map((key) => [key, report[key]]));

describe('(c) swapping treated and control negates every difference', () => {
  it('random small surveys (60 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(survey, async (rows) => {
        const csv = toCsv(rows);
        const straight = await outcome(csv);
        const swapped = await outcome(csv, swapCohorts(SMALL_CODEBOOK));
        expect(swapped.error === undefined).toBe(straight.error === undefined);
        if (straight.report) expect(swapDifferences(swappedPartsOf(straight.report), swappedPartsOf(swapped.report!))).toEqual([]);
      }),
      { numRuns: 60, seed: SEED },
    );
  });

  it('the shipped sample: Welch, Student, cluster-robust and covariate-adjusted differences all negate', async () => {
    const text = readFileSync('samples/mexico-2020/survey.csv', 'utf8');
    const codebook = readFileSync('samples/mexico-2020/codebook.yaml', 'utf8');
    const swappedCodebook = codebook.replace('treated: capacitado\n  control: control', 'treated: control\n  control: capacitado');
    expect(swappedCodebook).not.toBe(codebook);
    const straight = await outcome(text, codebook);
    const swapped = await outcome(text, swappedCodebook);
    expect(swapDifferences(swappedPartsOf(straight.report!), swappedPartsOf(swapped.report!))).toEqual([]);
  });
});
