// RFC 4180 text → header and trimmed rows, following STATISTICS.md §1.4–§1.6. Blank lines
// (empty or whitespace only) are skipped and counted; rows keep the number a spreadsheet would
// show them at (the header is row 1), so every later message can point at them.
//
// Limits: a row (the header included) may have at most MAX_FIELDS_PER_ROW fields. No survey
// has that many questions; a row that does is a wrong --delimiter or a corrupt export, and one
// sentence saying so beats minutes of matching a million columns. A NUL character never occurs
// in a text export: it means a binary file, or UTF-16 text without a byte order mark.
//
// The text is split by scan-csv.ts, the project's own scanner, which replaced csv-parse here
// and reads every document as csv-parse did (test/io/scan-csv.property.test.ts), with the same
// messages and lines for the same mistakes, several times faster (docs/performance.md).

import { GbvError } from '../errors.js';
import { CsvScanError, isBlankRange, scanCsv } from './scan-csv.js';

export interface SurveyTable {
  header: string[];
  /** Data rows, cells trimmed, blank lines removed; fully empty rows are still here. */
  rows: string[][];
  /** Spreadsheet row number of each entry of `rows`. */
  rowNumbers: number[];
  blankLinesSkipped: number;
  /** Rows whose number of fields differs from the header's: row number and field count. */
  raggedRows: { row: number; fields: number }[];
}

/** The most fields a row, or the header, may have (README: "Limits"). */
export const MAX_FIELDS_PER_ROW = 100_000;

export function parseCsv(text: string, delimiter: string, file: string): SurveyTable {
  rejectNul(text, file);
  let header: string[] | undefined;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const raggedRows: { row: number; fields: number }[] = [];
  let blankLinesSkipped = 0;
  // A syntax error anywhere in the file is reported before a row over the field limit, so the
  // first such row is only remembered until the whole file has been scanned.
  let overLimit: { what: 'header' | 'row'; row: number; fields: number } | undefined;
  // Rows are numbered by record, as a spreadsheet shows them: a quoted cell with line breaks
  // is one row however many lines it spans.
  let row = 0;
  try {
    scanCsv(text, delimiter, (fields, start, end) => {
      row++;
      if (header === undefined) {
        if (isBlankRange(text, start, end)) {
          blankLinesSkipped++;
          return;
        }
        if (fields.length > MAX_FIELDS_PER_ROW && overLimit === undefined) overLimit = { what: 'header', row, fields: fields.length };
        header = trimAll(fields);
        return;
      }
      if (fields.length > MAX_FIELDS_PER_ROW && overLimit === undefined) overLimit = { what: 'row', row, fields: fields.length };
      if (isBlankRange(text, start, end)) {
        blankLinesSkipped++;
        return;
      }
      if (fields.length !== header.length) raggedRows.push({ row, fields: fields.length });
      rows.push(trimAll(fields));
      rowNumbers.push(row);
    });
  } catch (error) {
    if (error instanceof CsvScanError) throw scanErrorToGbv(error, file);
    throw error;
  }
  if (header === undefined) {
    throw new GbvError('EMPTY_FILE', 'the file is empty: it has no header and no rows', { location: { file } });
  }
  if (overLimit !== undefined) throw tooManyFields(overLimit.what, overLimit.row, overLimit.fields, file);
  return { header, rows, rowNumbers, blankLinesSkipped, raggedRows };
}

function trimAll(fields: string[]): string[] {
  for (let k = 0; k < fields.length; k++) fields[k] = fields[k]!.trim();
  return fields;
}

function tooManyFields(what: 'header' | 'row', row: number, fields: number, file: string): GbvError {
  const count = fields.toLocaleString('en-US');
  const limit = MAX_FIELDS_PER_ROW.toLocaleString('en-US');
  return new GbvError('TOO_MANY_FIELDS', `${what === 'header' ? 'the header' : `row ${row}`} has ${count} fields, more than the limit of ${limit} fields per row`, {
    location: { file, row },
    hint: 'a survey has far fewer columns: check --delimiter, and that the file is the survey export',
  });
}

function rejectNul(text: string, file: string): void {
  const at = text.indexOf('\0');
  if (at < 0) return;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  throw new GbvError('NUL_CHARACTER', 'the file contains a NUL character, which a text export never has: it looks like a binary file, or UTF-16 text without a byte order mark', {
    location: { file, line },
    hint: 'give a CSV or .xlsx survey export; if it is UTF-16 text, try --encoding utf-16le',
  });
}

function scanErrorToGbv(error: CsvScanError, file: string): GbvError {
  const location = { file, line: error.line };
  if (error.kind === 'unclosed-quote') {
    return new GbvError('CSV_SYNTAX', 'a quoted field is never closed: the file ends inside quotes', {
      location,
      hint: `the quote opens on line ${error.line}; close it with " (a quote inside a quoted cell is written "")`,
    });
  }
  if (error.kind === 'text-after-closing-quote') {
    return new GbvError('CSV_SYNTAX', 'a quote closes a field but more text follows before the delimiter', {
      location,
      hint: 'inside a quoted field, write a quote as "" (two quotes); check --delimiter too',
    });
  }
  return new GbvError('CSV_SYNTAX', `the file is not valid CSV (${error.message})`, { location });
}
