import { describe, expect, it } from 'vitest';
import { MAX_FIELDS_PER_ROW, parseCsv } from '../../src/io/parse-csv.js';
import { GbvError, formatError } from '../../src/errors.js';

describe('parseCsv', () => {
  it('trims headers and cells and keeps spreadsheet row numbers across blank lines', () => {
    const table = parseCsv(' a , b \n1, 2\n\n   \n3,4\n', ',', 'f.csv');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(table.rowNumbers).toEqual([2, 5]);
    expect(table.blankLinesSkipped).toBe(2);
  });

  it('does not count the final newline as a line, but counts a blank line before it', () => {
    expect(parseCsv('a\n1\n', ',', 'f').blankLinesSkipped).toBe(0);
    expect(parseCsv('a\n1\n\n', ',', 'f').blankLinesSkipped).toBe(1);
  });

  it('keeps quoted delimiters, newlines and doubled quotes inside a field', () => {
    const table = parseCsv('a,b\n"x, ""y""\nz",2\n', ',', 'f');
    expect(table.rows).toEqual([['x, "y"\nz', '2']]);
  });

  it('names a quote in the middle of a cell by its field, counted from 1, with what comes before it and how to quote it', () => {
    let text = '';
    try {
      parseCsv('id,link\n1,=HYPERLINK("http://x")\n', ',', 'f.csv');
    } catch (error) {
      if (error instanceof GbvError) text = formatError(error);
    }
    expect(text).toBe(
      'f.csv:2: the file is not valid CSV: a quote in the middle of field 2 of the row, after "=HYPERLINK("\n' +
        'hint: a cell with a quote in it must be quoted whole, with its quotes doubled ("=HYPERLINK(""http://…"")"); check --delimiter too',
    );
  });

  it('records rows whose field count differs from the header', () => {
    expect(parseCsv('a,b\n1,2,3\n4\n', ',', 'f').raggedRows).toEqual([{ row: 2, fields: 3 }, { row: 3, fields: 1 }]);
  });

  it('reports an unclosed quote with its line', () => {
    try {
      parseCsv('a,b\n1,"2\n3,4\n', ',', 'f.csv');
      throw new Error('expected a CSV error');
    } catch (error) {
      expect(error).toBeInstanceOf(GbvError);
      expect(formatError(error as GbvError)).toMatch(/^f\.csv:\d+: a quoted field is never closed/);
    }
  });

  it('refuses an empty file', () => {
    expect(() => parseCsv('\n  \n', ',', 'f.csv')).toThrow(/the file is empty/);
  });
});

describe('parseCsv on what exports do', () => {
  it('names the line where a quote that is never closed opens', () => {
    try {
      parseCsv('a,b\n1,"x ""y"" z"\n2,"3\n4,5\n', ',', 'f.csv');
      throw new Error('expected a CSV error');
    } catch (error) {
      expect(formatError(error as GbvError)).toMatch(/^f\.csv:3: a quoted field is never closed/);
      expect(formatError(error as GbvError)).toContain('the quote opens on line 3');
    }
  });

  it('keeps a field of two million characters whole', () => {
    const long = 'x'.repeat(2_000_000);
    expect(parseCsv(`a,b\n1,"${long}"\n`, ',', 'f').rows[0]![1]).toHaveLength(2_000_000);
  });
});

describe('parseCsv limits', () => {
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return error instanceof GbvError ? `${error.code} ${formatError(error)}` : String(error);
    }
    return 'no error';
  };

  it(`rejects a row of a million fields, naming the row, the count and the limit of ${MAX_FIELDS_PER_ROW}`, () => {
    const text = `a,b\n1,2\n${'x,'.repeat(999_999)}x\n3,4\n`;
    expect(codeOf(() => parseCsv(text, ',', 'f.csv'))).toBe(
      'TOO_MANY_FIELDS f.csv:3: row 3 has 1,000,000 fields, more than the limit of 100,000 fields per row\n' +
        'hint: a survey has far fewer columns: check --delimiter, and that the file is the survey export',
    );
  });

  it('rejects a header above the limit and accepts one exactly at it', () => {
    const header = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(',');
    expect(codeOf(() => parseCsv(`${header(MAX_FIELDS_PER_ROW + 1)}\n`, ',', 'f.csv'))).toMatch(/^TOO_MANY_FIELDS f\.csv:1: the header has 100,001 fields/);
    expect(parseCsv(`${header(MAX_FIELDS_PER_ROW)}\n`, ',', 'f.csv').header).toHaveLength(MAX_FIELDS_PER_ROW);
  });

  it('rejects a NUL character with its line (a binary file, or UTF-16 without a BOM)', () => {
    expect(codeOf(() => parseCsv('a,b\n1,2\n3,\u00004\n', ',', 'f.csv'))).toMatch(/^NUL_CHARACTER f\.csv:3: the file contains a NUL character/);
  });

  it('names the first of two faults in the file, a syntax error before a NUL or a NUL before a syntax error', () => {
    expect(codeOf(() => parseCsv('a,b\n1,x"y\n3,\u00004\n', ',', 'f.csv'))).toMatch(/^CSV_SYNTAX f\.csv:2:/);
    expect(codeOf(() => parseCsv('a,b\n1,\u00002\n3,x"y\n', ',', 'f.csv'))).toMatch(/^NUL_CHARACTER f\.csv:2:/);
  });
});
