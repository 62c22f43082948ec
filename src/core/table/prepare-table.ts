// A table as read → the table the analysis sees, by the codebook's `read:` block: extra header
// rows dropped, headers renamed to the codebook's names (read.columns, strip_group_prefix), and
// decimal commas read in the numeric columns. With no `read:` block it returns the table as it
// came, so the numbers of a plain CSV cannot change.

import { GbvError } from '../../errors.js';
import type { TableInput } from '../analyze-table.js';
import type { Codebook } from '../codebook/codebook.js';
import { resolveColumns } from '../codebook/resolve-columns.js';
import { convertDecimalCommas } from './decimal-comma.js';
import { skipHeaderRows } from './skip-header-rows.js';

export interface PreparedTable extends TableInput {
  /** Codebook name → the header in the file, for columns found through read.columns or a group prefix. */
  renamed: Map<string, string>;
  headerRowsSkipped: number;
  /** Column-resolution problems (a read.columns header that does not exist, an ambiguous prefix). */
  columnProblems: { path: string; message: string }[];
}

export function prepareTable(codebook: Codebook, table: TableInput, file: string, extraNames: readonly string[] = []): PreparedTable {
  const body = skipHeaderRows(table, codebook.read.headerRows, file);
  const resolution = resolveColumns(codebook, table.header, file, extraNames);
  let rows = body.rows;
  if (codebook.read.decimalComma) {
    const numeric = new Set([...codebook.indices.flatMap((index) => index.items), ...codebook.covariates, ...(codebook.weights ? [codebook.weights] : [])]);
    const positions = resolution.header.flatMap((name, i) => (numeric.has(name) ? [i] : []));
    rows = convertDecimalCommas(rows, positions);
  }
  return {
    header: resolution.header,
    rows,
    rowNumbers: body.rowNumbers,
    raggedRows: body.raggedRows,
    renamed: resolution.renamed,
    headerRowsSkipped: codebook.read.headerRows - 1,
    columnProblems: resolution.problems,
  };
}

/** For analyze: column-resolution problems stop the run, named at once, like missing columns. */
export function throwColumnProblems(prepared: PreparedTable, codebookFile: string): void {
  const [first, ...rest] = prepared.columnProblems;
  if (!first) return;
  throw new GbvError('COLUMN_MISSING', `${first.path}: ${first.message}`, {
    location: { file: codebookFile },
    details: rest.map((problem) => `${problem.path}: ${problem.message}`),
    hint: 'the values of read.columns must be headers of the file exactly as written (after trimming spaces)',
  });
}
