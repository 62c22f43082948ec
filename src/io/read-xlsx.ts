// An .xlsx workbook → the same table a CSV gives (header, trimmed text cells, spreadsheet row
// numbers), so everything after reading is one pipeline. read-excel-file is imported only when
// a workbook is read: start-up of every other run does not pay for it.
//
// Cells become text the way a CSV export would write them: numbers as the workbook stores them
// ("3.5", never a locale's "3,5"), dates as YYYY-MM-DD (with the time when there is one), TRUE
// and FALSE. Empty rows are skipped and counted like blank lines of a CSV; a row with text
// beyond the header's last column is a ragged row.

import { GbvError } from '../errors.js';
import type { SurveyTable } from './parse-csv.js';

/** "PK\x03\x04": every .xlsx (a ZIP archive) starts with it. */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The old binary .xls (OLE2) format, which read-excel-file does not read. */
export function looksLikeXls(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

export interface XlsxSheet {
  name: string;
  /** Every row as text cells, untrimmed, row i being spreadsheet row i + 1. */
  rows: string[][];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

export async function readXlsxSheets(bytes: Uint8Array, file: string): Promise<XlsxSheet[]> {
  const { default: readXlsxFile } = await import('read-excel-file/node');
  try {
    // parseNumber keeps the number as written in the workbook, so 3.5 stays "3.5".
    const sheets = await readXlsxFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { parseNumber: (text: string) => text });
    return sheets.map((sheet) => ({ name: sheet.sheet, rows: sheet.data.map((row) => row.map(cellText)) }));
  } catch (error) {
    throw new GbvError('XLSX_UNREADABLE', `the workbook cannot be read (${(error as Error).message ?? String(error)})`, {
      location: { file },
      hint: 'open it in Excel or LibreOffice and save it again as .xlsx, or save the sheet as CSV',
    });
  }
}

/** The sheet named `name`, or the first one; an unknown name lists the sheets there are. */
export function chooseSheet(sheets: readonly XlsxSheet[], name: string | undefined, file: string): XlsxSheet {
  const names = sheets.map((sheet) => `"${sheet.name}"`).join(', ');
  if (name === undefined) {
    const first = sheets[0];
    if (!first) throw new GbvError('XLSX_UNREADABLE', 'the workbook has no sheets', { location: { file } });
    return first;
  }
  const found = sheets.find((sheet) => sheet.name === name) ?? sheets.find((sheet) => sheet.name.trim().toLowerCase() === name.trim().toLowerCase());
  if (!found) {
    throw new GbvError('USAGE', `--sheet "${name}" is not a sheet of ${file}; its sheets are ${names}`, { location: { file } });
  }
  return found;
}

/** A sheet as the table parseCsv would give for the same data saved as CSV. */
export function sheetToTable(sheet: XlsxSheet, file: string): SurveyTable {
  let start = 0;
  const blank = (row: readonly string[]) => row.every((cell) => cell.trim() === '');
  while (start < sheet.rows.length && blank(sheet.rows[start]!)) start++;
  if (start >= sheet.rows.length) {
    throw new GbvError('EMPTY_FILE', `the sheet "${sheet.name}" is empty: it has no header and no rows`, { location: { file } });
  }
  const headerRow = sheet.rows[start]!;
  let width = headerRow.length;
  while (width > 0 && headerRow[width - 1]!.trim() === '') width--;
  const header = headerRow.slice(0, width).map((cell) => cell.trim());
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const raggedRows: { row: number; fields: number }[] = [];
  let blankLinesSkipped = start;
  for (let i = start + 1; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i]!;
    if (blank(cells)) {
      blankLinesSkipped++;
      continue;
    }
    let used = cells.length;
    while (used > 0 && cells[used - 1]!.trim() === '') used--;
    if (used > width) raggedRows.push({ row: i + 1, fields: used });
    const row = cells.slice(0, Math.max(width, used)).map((cell) => cell.trim());
    while (row.length < width) row.push('');
    rows.push(row);
    rowNumbers.push(i + 1);
  }
  return { header, rows, rowNumbers, blankLinesSkipped, raggedRows };
}
