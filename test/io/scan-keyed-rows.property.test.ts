// The fused fast path of the byte reader (scan-bytes.ts scanKeyedRows) must read survey-shaped
// files exactly as the general path and the text scanner do: the same cells, row numbers, empty
// rows, ragged rows, blank lines and errors, however the file is cut into pieces. Random
// documents from csv-arbitraries.ts are mostly ragged and rarely repeat a cell, so they seldom
// reach it; these repeat a few values per column at a fixed width, with the odd row it must
// leave to the general path (quotes with "" or a line break inside, a ragged row, a blank line,
// whitespace, a long or non-ASCII cell, a column of unique ids), or a column of so many values
// (more than 256) that its codes widen while the fast path is learning them.

import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TableBuilder, tableRows } from '../../src/core/table/table.js';
import { memorySource } from '../../src/io/byte-source.js';
import { readSurveyText, type SurveyReadOptions } from '../../src/io/read-survey.js';
import { readOutcome } from '../helpers/read-outcome.js';

const SEED = 20261129;
const RUNS = 400;

const surveyArb = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t'),
    width: fc.integer({ min: 1, max: 6 }),
    rows: fc.integer({ min: 0, max: 600 }),
    oddShare: fc.constantFrom(0, 0.02, 0.2),
    keep: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    finalNewline: fc.boolean(),
    uniqueIds: fc.boolean(),
    manyValues: fc.boolean(),
    seed: fc.integer(),
  })
  .map((spec) => {
    // A small deterministic generator, so that one fast-check value is one document.
    let state = spec.seed >>> 0 || 1;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    // Cells a column draws from: plain answers most of the time, awkward ones sometimes.
    const plain = ['1', '2', '3', '4', '5', '98', '', 'capacitado', 'control', 'Nuevo León', '"4"', '"a,b"'];
    const odd = [' ', ' 3', '"say ""no"""', '"two\nlines"', 'x'.repeat(70), '\u00a0', 'é', 'ñandú', 'a"b'];
    const header = Array.from({ length: spec.width }, (_, c) => `c${c}`);
    const lines = [header.join(spec.delimiter)];
    for (let r = 0; r < spec.rows; r++) {
      const roll = next();
      if (roll < spec.oddShare / 4) {
        lines.push(pick(['', '  ', pick(plain)]));
        continue;
      }
      const width = roll < spec.oddShare / 2 ? Math.max(1, spec.width + pick([-1, 1])) : spec.width;
      const cells = Array.from({ length: width }, (_, c) => {
        if (c === 0 && spec.uniqueIds) return `id-${r}`;
        if (c === spec.width - 1 && spec.manyValues) return String(Math.floor(next() * 700));
        return next() < spec.oddShare ? pick(odd) : pick(plain);
      });
      lines.push(cells.join(spec.delimiter));
    }
    const text = lines.join('\n') + (spec.finalNewline ? '\n' : '');
    return { ...spec, text: text.replaceAll('\n', spec.newline) };
  });

/** UTF-8, the survey's delimiter, and its columns kept or dropped as drawn. */
function read(options: { delimiter: string; keep: readonly boolean[] }): SurveyReadOptions {
  return { delimiter: options.delimiter, encoding: 'utf-8', plan: { keep: (header) => header.map((_, i) => options.keep[i] ?? true) } };
}

describe('scanKeyedRows, through readSurveyText', () => {
  afterEach(() => vi.restoreAllMocks());

  it(`reads survey-shaped files as the text scanner does, in any pieces (${RUNS} runs), and takes most of their rows`, () => {
    const fastRows = vi.spyOn(TableBuilder.prototype, 'keyedRowsAdded');
    let taken = 0;
    let rows = 0;
    fc.assert(
      fc.property(surveyArb, fc.integer({ min: 1, max: 80 }), (survey, piece) => {
        const bytes = Buffer.from(survey.text, 'utf8');
        const options = { delimiter: survey.delimiter, keep: survey.keep };
        fastRows.mockClear();
        const bytesRead = readOutcome(bytes, piece, { ...read(options), scanner: 'bytes' });
        taken += fastRows.mock.calls.reduce((sum, [count]) => sum + count, 0);
        rows += survey.rows;
        expect(bytesRead).toEqual(readOutcome(bytes, 1 << 30, { ...read(options), scanner: 'text' }));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The fast path is really what read them (an early exit on every row would pass the above).
    expect(taken / rows).toBeGreaterThan(0.3);
  });

  it('takes plain rows in one go, learning new values on the way, and leaves a quoted line break and a "" to the general path', () => {
    const fastRows = vi.spyOn(TableBuilder.prototype, 'keyedRowsAdded');
    const text = ['a,b', '1,2', '1,2', '"1",2', '1,"x ""y"""', '2,1', '1,"two', 'lines"', '2,2', '2,1', ''].join('\r\n');
    const survey = readSurveyText(memorySource(Buffer.from(text)), 'f.csv', { delimiter: ',' });
    expect(tableRows(survey)).toEqual([['1', '2'], ['1', '2'], ['1', '2'], ['1', 'x "y"'], ['2', '1'], ['1', 'two\nlines'], ['2', '2'], ['2', '1']]);
    expect([...survey.rowNumbers]).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    // Rows 2–4 go the fast way (row 2 teaches the columns 1 and 2; "1" quoted is the same bytes);
    // "" stops it; row 6 goes (teaching a 2 in column a); a quoted line break stops it; rows 8 and 9 go.
    expect(fastRows.mock.calls).toEqual([[3], [1], [2]]);
  });
});
