// The project's own CSV scanner (src/io/scan-csv.ts) against csv-parse, configured as
// parse-csv.ts configured it before the switch (issue 7: "a parser of the project's own agrees
// with csv-parse on random RFC 4180 documents"):
//  (a) well-formed documents: the same records, field for field, and the same raw text per
//      record (so the same blank lines);
//  (b) malformed documents (quotes dropped in at random, random text over a CSV-ish alphabet):
//      both succeed with the same records, or both fail with the same error at the same line;
//  (c) parseCsv as it is now against parseCsv as it was (csv-parse and its error mapping,
//      copied below): the same table or the same formatted error, on both kinds of document.
// Texts never hold \r (the reader normalises line ends) or NUL (parseCsv rejects it first).

import { CsvError, parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GbvError, formatError } from '../../src/errors.js';
import { MAX_FIELDS_PER_ROW, parseCsv, quoteInsideCellError } from '../../src/io/parse-csv.js';
import { CsvScanError, isBlankRange, scanCsv } from '../../src/io/scan-csv.js';
import { documentArb, malformedArb } from '../helpers/csv-arbitraries.js';

/** Fixed, so a failure reproduces; fast-check prints the counterexample and its path. */
const SEED = 20261129;
const RUNS = 1000;

const csvParseOptions = (delimiter: string) => ({
  delimiter,
  quote: '"',
  escape: '"',
  record_delimiter: '\n',
  relax_column_count: true,
  skip_empty_lines: false,
  raw: true,
});

interface Outcome {
  records?: { fields: string[]; raw: string; blank: boolean }[];
  error?: { kind: string; line: number; message?: string };
}

function byScanner(text: string, delimiter: string): Outcome {
  const records: NonNullable<Outcome['records']> = [];
  try {
    scanCsv(text, delimiter, (fields, start, end) => records.push({ fields, raw: text.slice(start, end), blank: isBlankRange(text, start, end) }));
    return { records };
  } catch (error) {
    if (!(error instanceof CsvScanError)) throw error;
    return { error: { kind: error.kind, line: error.line, ...(error.kind === 'quote-inside-field' ? { message: error.message } : {}) } };
  }
}

function byCsvParse(text: string, delimiter: string): Outcome {
  try {
    const parsed = parse(text, csvParseOptions(delimiter)) as unknown as { record: string[]; raw: string }[];
    return {
      records: parsed.map(({ record, raw }) => ({ fields: record, raw: raw.endsWith('\n') ? raw.slice(0, -1) : raw, blank: raw.trim() === '' })),
    };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines: number }).lines;
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') return { error: { kind: 'unclosed-quote', line: unclosedQuoteLine(text)! } };
    if (error.code === 'CSV_INVALID_CLOSING_QUOTE') return { error: { kind: 'text-after-closing-quote', line } };
    if (error.code === 'INVALID_OPENING_QUOTE') return { error: { kind: 'quote-inside-field', line, message: error.message } };
    return { error: { kind: error.code, line, message: error.message } };
  }
}

// ---- parseCsv as it was before the scanner (b5f9512), the reference for (c) ----

function unclosedQuoteLine(text: string): number | undefined {
  let inQuotes = false;
  let line = 1;
  let openedAt = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      if (inQuotes && text[i + 1] === '"') i++;
      else {
        inQuotes = !inQuotes;
        if (inQuotes) openedAt = line;
      }
    }
  }
  return inQuotes ? openedAt : undefined;
}

function referenceParseCsv(text: string, delimiter: string, file: string) {
  if (text.includes('\0')) return parseCsv(text, delimiter, file); // the NUL check did not change
  let records: { record: string[]; raw: string }[];
  try {
    records = parse(text, csvParseOptions(delimiter)) as unknown as { record: string[]; raw: string }[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    const location = { file, ...(line !== undefined ? { line } : {}) };
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      const opened = unclosedQuoteLine(text);
      throw new GbvError('CSV_SYNTAX', 'a quoted field is never closed: the file ends inside quotes', {
        location: opened !== undefined ? { file, line: opened } : location,
        hint: opened !== undefined ? `the quote opens on line ${opened}; close it with " (a quote inside a quoted cell is written "")` : 'look for a cell that opens with " but has no closing "',
      });
    }
    if (error.code === 'CSV_INVALID_CLOSING_QUOTE') {
      throw new GbvError('CSV_SYNTAX', 'a quote closes a field but more text follows before the delimiter', {
        location,
        hint: 'inside a quoted field, write a quote as "" (two quotes); check --delimiter too',
      });
    }
    // csv-parse's own words for a quote inside a field: the field (from 0) and the text before it.
    const quote = /^Invalid Opening Quote: a quote is found on field (\d+) at line \d+, value is (".*?")( \(utf8 bom\))?$/s.exec(error.message);
    if (quote) throw quoteInsideCellError(Number(quote[1]), JSON.parse(quote[2]!) as string, location);
    throw new GbvError('CSV_SYNTAX', `the file is not valid CSV (${error.message})`, { location });
  }
  let start = 0;
  while (start < records.length && records[start]!.raw.trim() === '') start++;
  if (start >= records.length) throw new GbvError('EMPTY_FILE', 'the file is empty: it has no header and no rows', { location: { file } });
  for (let i = start; i < records.length; i++) {
    const fields = records[i]!.record.length;
    if (fields > MAX_FIELDS_PER_ROW) {
      const count = fields.toLocaleString('en-US');
      const limit = MAX_FIELDS_PER_ROW.toLocaleString('en-US');
      throw new GbvError('TOO_MANY_FIELDS', `${i === start ? 'the header' : `row ${i + 1}`} has ${count} fields, more than the limit of ${limit} fields per row`, {
        location: { file, row: i + 1 },
        hint: 'a survey has far fewer columns: check --delimiter, and that the file is the survey export',
      });
    }
  }
  const header = records[start]!.record.map((cell) => cell.trim());
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const raggedRows: { row: number; fields: number }[] = [];
  let blankLinesSkipped = start;
  for (let i = start + 1; i < records.length; i++) {
    const { record, raw } = records[i]!;
    if (raw.trim() === '') {
      blankLinesSkipped++;
      continue;
    }
    if (record.length !== header.length) raggedRows.push({ row: i + 1, fields: record.length });
    rows.push(record.map((cell) => cell.trim()));
    rowNumbers.push(i + 1);
  }
  return { header, rows, rowNumbers, blankLinesSkipped, raggedRows };
}

function tableOrError(parser: typeof parseCsv, text: string, delimiter: string): unknown {
  try {
    return parser(text, delimiter, 'f.csv');
  } catch (error) {
    if (error instanceof GbvError) return `${error.code} ${formatError(error)}`;
    throw error;
  }
}


describe('scanCsv agrees with csv-parse', () => {
  it(`on random well-formed RFC 4180 documents (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(documentArb, ({ delimiter, text }) => {
        const expected = byCsvParse(text, delimiter);
        expect(expected.error).toBeUndefined();
        expect(byScanner(text, delimiter)).toEqual(expected);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`on malformed documents: the same records, or the same error at the same line (${RUNS} runs)`, () => {
    const seen: Record<string, number> = {};
    fc.assert(
      fc.property(malformedArb, ({ delimiter, text }) => {
        const expected = byCsvParse(text, delimiter);
        expect(byScanner(text, delimiter)).toEqual(expected);
        const outcome = expected.error?.kind ?? 'records';
        seen[outcome] = (seen[outcome] ?? 0) + 1;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Every outcome is exercised, none only by chance.
    for (const outcome of ['records', 'unclosed-quote', 'text-after-closing-quote', 'quote-inside-field']) expect(seen[outcome], outcome).toBeGreaterThan(RUNS / 20);
  });
});

describe('parseCsv gives what it gave with csv-parse', () => {
  it(`on well-formed and malformed documents: the same table or the same message (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.oneof(documentArb, malformedArb), ({ delimiter, text }) => {
        expect(tableOrError(parseCsv, text, delimiter)).toEqual(tableOrError(referenceParseCsv as typeof parseCsv, text, delimiter));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('scanCsv errors', () => {
  const errorOf = (text: string, delimiter = ',') => {
    try {
      scanCsv(text, delimiter, () => {});
    } catch (error) {
      if (error instanceof CsvScanError) return { kind: error.kind, line: error.line, message: error.message };
    }
    return undefined;
  };

  it('an unclosed quote: the line where it opens, past doubled quotes and quoted line breaks', () => {
    expect(errorOf('a,b\n1,"x ""y""\nz"\n2,"3\n4,5\n')).toEqual({ kind: 'unclosed-quote', line: 4, message: 'a quoted field is never closed: the file ends inside quotes' });
    expect(errorOf('"')).toMatchObject({ kind: 'unclosed-quote', line: 1 });
    expect(errorOf('a\n"""')).toMatchObject({ kind: 'unclosed-quote', line: 2 });
  });

  it('text after a closing quote: the line of the quote, after a quoted line break', () => {
    expect(errorOf('x\n"a\nb"c')).toEqual({ kind: 'text-after-closing-quote', line: 3, message: 'a quote closes a field but more text follows before the delimiter' });
    expect(errorOf('"a" ,b')).toMatchObject({ kind: 'text-after-closing-quote', line: 1 });
    expect(errorOf('"a";b', ',')).toMatchObject({ kind: 'text-after-closing-quote', line: 1 });
  });

  it('a quote inside an unquoted field, in csv-parse words (field index from 0)', () => {
    expect(errorOf('x,\n1,a"b')).toEqual({ kind: 'quote-inside-field', line: 2, message: 'Invalid Opening Quote: a quote is found on field 1 at line 2, value is "a"' });
    expect(errorOf(' "a"')?.message).toBe('Invalid Opening Quote: a quote is found on field 0 at line 1, value is " "');
    expect(errorOf('\uFEFF"a"')?.message).toBe('Invalid Opening Quote: a quote is found on field 0 at line 1, value is "\uFEFF" (utf8 bom)');
  });

  it('hands over the records before the error', () => {
    const seen: string[][] = [];
    expect(() => scanCsv('a,b\n1,2\n3,"4\n', ',', (fields) => seen.push(fields))).toThrow(CsvScanError);
    expect(seen).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('refuses a delimiter that is not one character, a quote or a newline', () => {
    for (const delimiter of ['', ',,', '"', '\n']) expect(() => scanCsv('a', delimiter, () => {})).toThrow(/one-character delimiter/);
  });
});

describe('scanCsv records', () => {
  const records = (text: string, delimiter = ',') => {
    const out: [string[], number, number, number][] = [];
    scanCsv(text, delimiter, (fields, start, end, line) => out.push([fields, start, end, line]));
    return out;
  };

  it('an empty text has no records; an empty line is one empty field; the final newline starts no record', () => {
    expect(records('')).toEqual([]);
    expect(records('\n')).toEqual([[[''], 0, 0, 1]]);
    expect(records('a\n\n')).toEqual([[['a'], 0, 1, 1], [[''], 2, 2, 2]]);
    expect(records('a,')).toEqual([[['a', ''], 0, 2, 1]]);
  });

  it('gives the line each record starts on, counting line breaks inside quotes', () => {
    expect(records('h\n"a\n\nb",c\nd\n').map(([fields, , , line]) => [fields, line])).toEqual([
      [['h'], 1],
      [['a\n\nb', 'c'], 2],
      [['d'], 5],
    ]);
  });

  it('blank ranges are what trim() would empty', () => {
    for (const text of ['', ' ', '\t\u00a0\uFEFF\u3000', 'a', ' a', '""', '\u200b']) expect(isBlankRange(text, 0, text.length)).toBe(text.trim() === '');
  });
});
