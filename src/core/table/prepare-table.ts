// A table as read → the table the analysis sees, by the codebook's `read:` block: extra header
// rows dropped, headers renamed to the codebook's names (read.columns, strip_group_prefix), and
// decimal commas read in the numeric columns. With no `read:` block it returns the table as it
// came, so the numbers of a plain CSV cannot change.

import { GbvError } from '../../errors.js';
import type { Codebook } from '../codebook/codebook.js';
import { referencedColumns } from '../codebook/codebook.js';
import { resolveColumns } from '../codebook/resolve-columns.js';
import { decimalCommaToPoint } from './decimal-comma.js';
import { mapColumnValues, type Table, type TablePlan } from './table.js';

export interface PreparedTable extends Table {
  /** Codebook name → the header in the file, for columns found through read.columns or a group prefix. */
  renamed: Map<string, string>;
  /** Column-resolution problems (a read.columns header that does not exist, an ambiguous prefix). */
  columnProblems: { path: string; message: string }[];
}

/**
 * What a reader must keep for the analysis: the columns the codebook names (found as
 * prepareTable will find them), the columns named on the command line, the respondent id only
 * when asked (an id column of a million distinct values is the one column that costs memory),
 * and `more` (e.g. the id columns validate checks for duplicates). The extra header rows of
 * read.header_rows are dropped as they are read.
 */
export function tablePlan(codebook: Codebook, extraNames: readonly string[] = [], options: { respondentId?: boolean; more?: readonly string[] } = {}): TablePlan {
  const wanted = new Set([...referencedColumns(codebook).map((ref) => ref.column), ...extraNames, ...(options.more ?? [])]);
  if (!options.respondentId && codebook.respondentId !== undefined && !(options.more ?? []).includes(codebook.respondentId)) {
    const elsewhere = referencedColumns(codebook).some((ref) => ref.column === codebook.respondentId && ref.path !== 'respondent_id');
    if (!elsewhere && !extraNames.includes(codebook.respondentId)) wanted.delete(codebook.respondentId);
  }
  return {
    keep: (header) => resolveColumns(codebook, header, '', extraNames).header.map((name) => wanted.has(name)),
    skipRows: Math.max(0, codebook.read.headerRows - 1),
  };
}

export function prepareTable(codebook: Codebook, table: Table, file: string, extraNames: readonly string[] = []): PreparedTable {
  const extra = codebook.read.headerRows - 1;
  if (table.headerRowsSkipped < extra) {
    throw new GbvError('EMPTY_FILE', `the codebook says the header has ${codebook.read.headerRows} rows (read.header_rows), but ${file} has only ${table.headerRowsSkipped + 1}`, {
      location: { file },
      hint: 'check read.header_rows against the file',
    });
  }
  const resolution = resolveColumns(codebook, table.header, file, extraNames);
  let columns = table.columns;
  if (codebook.read.decimalComma) {
    const numeric = new Set([...codebook.indices.flatMap((index) => index.items), ...codebook.covariates, ...(codebook.weights ? [codebook.weights] : [])]);
    columns = columns.map((column, i) => (column !== undefined && numeric.has(resolution.header[i]!) ? mapColumnValues(column, decimalCommaToPoint) : column));
  }
  return {
    ...table,
    header: resolution.header,
    columns,
    renamed: resolution.renamed,
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
