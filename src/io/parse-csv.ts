// RFC 4180 text → header and trimmed rows, following STATISTICS.md §1.4–§1.6. Blank lines
// (empty or whitespace only) are skipped and counted; rows keep the number a spreadsheet would
// show them at (the header is row 1), so every later message can point at them.
//
// Limits: a row (the header included) may have at most MAX_FIELDS_PER_ROW fields. No survey
// has that many questions; a row that does is a wrong --delimiter or a corrupt export, and one
// sentence saying so beats minutes of matching a million columns. A NUL character never occurs
// in a text export: it means a binary file, or UTF-16 text without a byte order mark.

import { CsvError, parse } from 'csv-parse/sync';
import { GbvError } from '../errors.js';

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

interface RawRecord {
  record: string[];
  raw: string;
}

/** The most fields a row, or the header, may have (README: "Limits"). */
export const MAX_FIELDS_PER_ROW = 100_000;

export function parseCsv(text: string, delimiter: string, file: string): SurveyTable {
  rejectNul(text, file);
  let records: RawRecord[];
  try {
    records = parse(text, {
      delimiter,
      quote: '"',
      escape: '"',
      record_delimiter: '\n',
      relax_column_count: true,
      skip_empty_lines: false,
      raw: true,
    }) as unknown as RawRecord[];
  } catch (error) {
    if (error instanceof CsvError) throw csvErrorToGbv(error, file, text);
    throw error;
  }

  let start = 0;
  while (start < records.length && records[start]!.raw.trim() === '') start++;
  if (start >= records.length) {
    throw new GbvError('EMPTY_FILE', 'the file is empty: it has no header and no rows', { location: { file } });
  }
  for (let i = start; i < records.length; i++) {
    const fields = records[i]!.record.length;
    if (fields > MAX_FIELDS_PER_ROW) throw tooManyFields(i === start ? 'header' : 'row', i + 1, fields, file);
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
    const row = i + 1;
    if (record.length !== header.length) raggedRows.push({ row, fields: record.length });
    rows.push(record.map((cell) => cell.trim()));
    rowNumbers.push(row);
  }
  return { header, rows, rowNumbers, blankLinesSkipped, raggedRows };
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

/** The line where the quote that is never closed opens (a `""` inside quotes is one quote). */
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

function csvErrorToGbv(error: CsvError, file: string, text: string): GbvError {
  const line = (error as CsvError & { lines?: number }).lines;
  const location = { file, ...(line !== undefined ? { line } : {}) };
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    const opened = unclosedQuoteLine(text);
    return new GbvError('CSV_SYNTAX', 'a quoted field is never closed: the file ends inside quotes', {
      location: opened !== undefined ? { file, line: opened } : location,
      hint: opened !== undefined ? `the quote opens on line ${opened}; close it with " (a quote inside a quoted cell is written "")` : 'look for a cell that opens with " but has no closing "',
    });
  }
  if (error.code === 'CSV_INVALID_CLOSING_QUOTE') {
    return new GbvError('CSV_SYNTAX', 'a quote closes a field but more text follows before the delimiter', {
      location,
      hint: 'inside a quoted field, write a quote as "" (two quotes); check --delimiter too',
    });
  }
  return new GbvError('CSV_SYNTAX', `the file is not valid CSV (${error.message})`, { location });
}
