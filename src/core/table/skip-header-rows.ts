// Extra header rows: Qualtrics puts the question text and an ImportId under the column names,
// KoboToolbox an HXL hashtag row. `read.header_rows` says how many rows the header has; the
// extra ones are dropped before anything counts rows, and the rest keep the row numbers a
// spreadsheet shows (the first response of a Qualtrics export is row 4).

import { GbvError } from '../../errors.js';
import type { TableInput } from '../analyze-table.js';

export function skipHeaderRows<T extends TableInput>(table: T, headerRows: number, file: string): T {
  const extra = headerRows - 1;
  if (extra <= 0) return table;
  if (table.rows.length < extra) {
    throw new GbvError('EMPTY_FILE', `the codebook says the header has ${headerRows} rows (read.header_rows), but ${file} has only ${table.rows.length + 1}`, {
      location: { file },
      hint: 'check read.header_rows against the file',
    });
  }
  const firstData = table.rowNumbers[extra];
  return {
    ...table,
    rows: table.rows.slice(extra),
    rowNumbers: table.rowNumbers.slice(extra),
    raggedRows: table.raggedRows.filter((ragged) => firstData === undefined || ragged.row >= firstData),
  };
}
