import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/parse-csv.js';
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
