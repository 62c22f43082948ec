// Reading a survey in pieces must give exactly what reading it whole gives: the same header,
// rows, row numbers, ragged rows, blank lines, detected delimiter, encoding and line ends, or
// the same error at the same line. Pieces of 1–64 bytes split every record, quoted field,
// CRLF pair and multi-byte character somewhere; the whole-file read is a single piece.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableRows } from '../../src/core/table/table.js';
import { formatError, GbvError } from '../../src/errors.js';
import { memorySource } from '../../src/io/byte-source.js';
import { parseCsv } from '../../src/io/parse-csv.js';
import { readSurveyText } from '../../src/io/read-survey.js';
import { readOutcome } from '../helpers/read-outcome.js';
import { documentArb, malformedArb } from '../helpers/csv-arbitraries.js';

const SEED = 20261130;
const RUNS = 500;

const WHOLE = 1 << 30;

const lineEndsArb = fc.constantFrom('\n', '\r\n', '\r');
const pieceArb = fc.integer({ min: 1, max: 64 });

/** The characters as UTF-8, with one Windows-1252 byte (ñ, never UTF-8 on its own) at `at` (modulo the length). */
function withWindows1252Byte(parts: readonly string[], at: number): { text: string; cut: number; bytes: Buffer } {
  const text = parts.join('');
  const cut = at % (text.length + 1);
  return { text, cut, bytes: Buffer.concat([Buffer.from(text.slice(0, cut), 'utf8'), Buffer.from([0xf1]), Buffer.from(text.slice(cut), 'utf8')]) };
}

describe('readSurveyText in pieces', () => {
  it(`gives what one piece gives, for any document, line ends and piece size (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.oneof(documentArb, malformedArb), lineEndsArb, pieceArb, fc.boolean(), fc.boolean(), ({ delimiter, text }, newline, piece, auto, bom) => {
        const bytes = Buffer.from((bom ? '\uFEFF' : '') + text.replaceAll('\n', newline), 'utf8');
        const options = { delimiter: auto ? 'auto' : delimiter };
        expect(readOutcome(bytes, piece, options)).toEqual(readOutcome(bytes, WHOLE, options));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`the byte scanner reads what the text scanner reads, in UTF-8 and Windows-1252 (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(documentArb, malformedArb),
        lineEndsArb,
        pieceArb,
        fc.constantFrom('auto', 'utf-8', 'windows-1252'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 3 }),
        ({ delimiter, text }, newline, piece, encoding, bom, crs) => {
          // Lone CRs anywhere too (inside quotes, before an LF, at a piece's end): both read them as line ends.
          let lined = text.replaceAll('\n', newline);
          for (const at of crs) lined = `${lined.slice(0, at % (lined.length + 1))}\r${lined.slice(at % (lined.length + 1))}`;
          const bytes =
            encoding === 'windows-1252'
              ? Buffer.from((bom ? '\u00ef\u00bb\u00bf' : '') + lined.replace(/[^\u0000-\u00ff]/gu, 'ñ'), 'latin1')
              : Buffer.from((bom ? '\uFEFF' : '') + lined, 'utf8');
          const options = { delimiter, encoding };
          expect(readOutcome(bytes, piece, { ...options, scanner: 'bytes' })).toEqual(readOutcome(bytes, WHOLE, { ...options, scanner: 'text' }));
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`names the line of the first non-UTF-8 byte, with any line ends, piece size and scanner (${RUNS} runs)`, () => {
    const chars = fc.constantFrom('a', 'ñ', 'é', ',', '\n', '\r', '\r\n', '1', '€', ' ');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 120 }), fc.nat(), pieceArb, fc.constantFrom<'bytes' | 'text'>('bytes', 'text'), (parts, at, piece, scanner) => {
        const { text, cut, bytes } = withWindows1252Byte(parts, at);
        // Independently: one more than the line breaks before the bad byte.
        const line = 1 + (text.slice(0, cut).match(/\r\n|\r|\n/g)?.length ?? 0);
        const given = readOutcome(bytes, piece, { delimiter: ',', encoding: 'utf-8', scanner }) as { error?: string };
        expect(given.error).toContain(`f.csv:${line}: the file is not valid UTF-8`);
        const guessed = readOutcome(bytes, piece, { delimiter: ',', scanner }) as { notes?: string[]; error?: string };
        if (guessed.error === undefined) expect(guessed.notes).toEqual([`ENCODING_GUESSED ${line}`]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`names the first fault in the file, a NUL or a syntax error, however the file is cut (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(malformedArb, fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), lineEndsArb, pieceArb, fc.constantFrom<'bytes' | 'text'>('bytes', 'text'), ({ delimiter, text }, nuls, newline, piece, scanner) => {
        let lined = text.replaceAll('\n', newline);
        for (const at of nuls) lined = `${lined.slice(0, at % (lined.length + 1))}\0${lined.slice(at % (lined.length + 1))}`;
        const bytes = Buffer.from(lined, 'utf8');
        const options = { delimiter, scanner };
        expect(readOutcome(bytes, piece, options)).toEqual(readOutcome(bytes, WHOLE, options));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`falls back to Windows-1252 as a whole read does, wherever the first non-UTF-8 byte is and whatever fault comes before it (${RUNS} runs)`, () => {
    const chars = fc.constantFrom('a', 'ñ', 'é', ',', '\n', '1', '€', ' ');
    const faults = fc.array(fc.tuple(fc.nat(), fc.constantFrom('"', '\0')), { maxLength: 2 });
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 200 }), faults, fc.nat(), pieceArb, fc.constantFrom<'bytes' | 'text'>('bytes', 'text'), (parts, inserts, at, piece, scanner) => {
        // Often no fault, so the fallback reads the whole file; or a stray quote or a NUL, which
        // may come before the first non-UTF-8 byte. With --encoding auto the file is still
        // Windows-1252, and the fault is told in that encoding; with --encoding utf-8 (the byte
        // scanner) the first fault in the file is named.
        const all: string[] = [...parts];
        for (const [where, what] of inserts) all.splice(where % (all.length + 1), 0, what);
        const { bytes } = withWindows1252Byte(all, at);
        expect(readOutcome(bytes, piece, { delimiter: ',', scanner })).toEqual(readOutcome(bytes, WHOLE, { delimiter: ',', scanner }));
        if (scanner === 'bytes') {
          const utf8 = { delimiter: ',', encoding: 'utf-8', scanner } as const;
          expect(readOutcome(bytes, piece, utf8)).toEqual(readOutcome(bytes, WHOLE, utf8));
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`in one piece, keeps every cell parseCsv reads, padded or cut to the header (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(documentArb, ({ delimiter, text }) => {
        let expected: unknown;
        try {
          const parsed = parseCsv(text, delimiter, 'f.csv');
          const width = parsed.header.length;
          expected = { header: parsed.header, rows: parsed.rows.map((row) => Array.from({ length: width }, (_, k) => row[k] ?? '')), rowNumbers: parsed.rowNumbers };
        } catch (error) {
          expected = { error: formatError(error as GbvError) };
        }
        const got = readOutcome(Buffer.from(text, 'utf8'), WHOLE, { delimiter }) as { header: string[]; rows: string[][]; rowNumbers: number[]; error?: string };
        expect(got.error !== undefined ? { error: got.error } : { header: got.header, rows: got.rows, rowNumbers: got.rowNumbers }).toEqual(expected);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('keeps only the planned columns, and still sees a row with text only in a dropped column as not empty', () => {
    const bytes = Buffer.from('a,b,c\n1,,\n,,x\n,,\n', 'utf8');
    const survey = readSurveyText(memorySource(bytes, 3), 'f.csv', { delimiter: ',', plan: { keep: (header) => header.map((name) => name !== 'c') } });
    expect(survey.columns[2]).toBeUndefined();
    expect([...survey.emptyRow]).toEqual([0, 0, 1]);
    expect(tableRows(survey)).toEqual([['1', '', ''], ['', '', ''], ['', '', '']]);
  });

  it('names a stray quote before a byte that is not UTF-8, whether the delimiter is still being detected or records wait in the reader', () => {
    const bad = (text: string, rest = '3,4\n') => Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0xf1]), Buffer.from(rest, 'utf8')]);
    // Line 2 is read before the delimiter can be detected (fewer records than detection wants).
    const early = bad('a,b\n1,x"y\n2,3\n');
    // A long quoted cell makes the reader set short pieces aside; the stray quote is on line 3.
    const waiting = bad(`a,b\n1,"${'x'.repeat(300)}"\n2,z"z\n`);
    for (const [bytes, line] of [[early, 2], [waiting, 3]] as const) {
      for (const delimiter of [',', 'auto']) {
        for (const piece of [1, 2, 3, 7, 8, 13, 64, WHOLE]) {
          const outcome = readOutcome(bytes, piece, { delimiter, encoding: 'utf-8' }) as { error?: string };
          expect(outcome.error, `${delimiter}, pieces of ${piece}`).toMatch(new RegExp(`^f\\.csv:${line}: the file is not valid CSV`));
        }
      }
    }
  });

  it('a quote that never closes is the same error, at the line where it opens, however the file is cut', () => {
    const text = `a,b\n1,"${'x'.repeat(5000)}`;
    expect(readOutcome(Buffer.from(text), 100, { delimiter: ',' })).toEqual(readOutcome(Buffer.from(text), WHOLE, { delimiter: ',' }));
  });
});
