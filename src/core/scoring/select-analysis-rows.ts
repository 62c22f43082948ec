// Which rows are analysed, by STATISTICS.md §1.7–§1.9: fully empty rows are dropped, rows whose
// cohort is neither the treated nor the control value are dropped (and reported by value, since
// a typo in the cohort column silently shrinks a cohort), the rest are the analysis rows.
// A codebook with `read.complete` also drops incomplete responses (LimeSurvey's empty
// submitdate, Qualtrics' Finished = 0), after the empty rows and before the cohort check.

import { GbvError } from '../../errors.js';
import type { Codebook } from '../codebook/codebook.js';
import { describeRows, type Diagnostic } from '../diagnostics.js';
import { listChoices } from '../text/did-you-mean.js';
import { trimmed, type RowSelection, type Table } from '../table/table.js';

export interface AnalysisRows {
  /** The analysis rows, in file order. */
  rows: RowSelection;
  /** 1 for the treated cohort, 0 for control, per analysis row. */
  treated: Uint8Array;
  droppedEmpty: number;
  /** Spreadsheet rows of the fully empty rows. */
  emptyRows: number[];
  /** Rows left out as incomplete responses (read.complete). */
  droppedIncomplete: number;
  droppedOtherCohort: number;
  nTreated: number;
  nControl: number;
  diagnostics: Diagnostic[];
}

export function selectAnalysisRows(codebook: Codebook, table: Table, cohortColumn: number, file: string, completeColumn?: number): AnalysisRows {
  const { treated: treatedValue, control: controlValue, column } = codebook.cohort;
  // Made only once a row is left out before another is kept: until then the analysis rows are
  // the table's first rows.
  let positions: Int32Array | null = null;
  const flags = new Uint8Array(table.rowCount);
  let kept = 0;
  const others = new Map<string, number[]>();
  const emptyRows: number[] = [];
  const incompleteRows: number[] = [];
  const complete = codebook.read.complete;
  const completeValues = complete?.values !== undefined ? new Set(complete.values) : undefined;
  // Decided once per distinct cell: 1 treated, 0 control, −1 another value.
  const cohort = table.columns[cohortColumn]!;
  const cohortOf = Int8Array.from(cohort.values, (value) => (value === treatedValue ? 1 : value === controlValue ? 0 : -1));
  const completeCells = completeColumn !== undefined ? table.columns[completeColumn]! : undefined;
  const isComplete = completeCells && Uint8Array.from(completeCells.values, (mark) => (completeValues ? completeValues.has(mark) : mark !== '') ? 1 : 0);
  for (let i = 0; i < table.rowCount; i++) {
    if (table.emptyRow[i] === 1) {
      emptyRows.push(table.rowNumbers[i]!);
      continue;
    }
    if (isComplete !== undefined && isComplete[completeCells!.codes[i]!] === 0) {
      incompleteRows.push(table.rowNumbers[i]!);
      continue;
    }
    const code = cohort.codes[i]!;
    const flag = cohortOf[code]!;
    if (flag >= 0) {
      if (positions === null && kept !== i) positions = firstRows(kept, table.rowCount);
      if (positions !== null) positions[kept] = i;
      flags[kept++] = flag;
    } else {
      const value = cohort.values[code]!;
      const list = others.get(value) ?? [];
      list.push(table.rowNumbers[i]!);
      others.set(value, list);
    }
  }

  const treated = trimmed(flags, kept);
  let nTreated = 0;
  for (let r = 0; r < kept; r++) nTreated += treated[r]!;
  const nControl = kept - nTreated;
  const allowed = `the treated value "${treatedValue}" nor the control value "${controlValue}"`;
  const seen = () =>
    listChoices(
      cohort.values.filter((value) => value !== '').sort(),
      20,
    );
  if (nTreated === 0 || nControl === 0) {
    const which = nTreated === 0 && nControl === 0 ? 'either cohort' : nTreated === 0 ? `the treated cohort ("${treatedValue}")` : `the control cohort ("${controlValue}")`;
    throw new GbvError('EMPTY_COHORT', `no row belongs to ${which}, so there is nothing to compare`, {
      location: { file, column },
      details: [`values found in "${column}": ${seen() || '(none: the column is empty)'}`],
      hint: 'check cohort.treated and cohort.control in the codebook against the values in the file (they must match exactly)',
    });
  }

  const diagnostics: Diagnostic[] = [];
  if (incompleteRows.length > 0 && complete) {
    const n = incompleteRows.length;
    const rule = complete.values ? `"${complete.column}" is not ${listChoices(complete.values)}` : `"${complete.column}" is empty`;
    diagnostics.push({
      severity: 'info',
      code: 'INCOMPLETE_RESPONSE',
      message: `${n} incomplete response${n === 1 ? '' : 's'} left out (${rule}; ${describeRows(incompleteRows)})`,
      location: { file, row: incompleteRows[0]!, column: complete.column },
      count: n,
      rows: incompleteRows,
      params: { count: n, column: complete.column, values: complete.values ? listChoices(complete.values) : '' },
    });
  }
  for (const [value, rowList] of others) {
    const rowsHave = `${rowList.length} row${rowList.length === 1 ? ' has' : 's have'}`;
    diagnostics.push({
      severity: 'warning',
      code: 'OTHER_COHORT',
      message:
        value === ''
          ? `${rowsHave} no cohort value; left out (${describeRows(rowList)})`
          : `${rowsHave} the cohort value "${value}", which is neither ${allowed}; left out (${describeRows(rowList)})`,
      location: { file, row: rowList[0]!, column },
      count: rowList.length,
      rows: rowList,
      params: { count: rowList.length, value, treated: treatedValue, control: controlValue },
      hint: value === '' ? 'fill in the cohort or remove the rows' : 'fix the value in the file, or if it is a cohort, set it in cohort.treated or cohort.control',
    });
  }
  const droppedOtherCohort = [...others.values()].reduce((sum, list) => sum + list.length, 0);
  return {
    rows: { count: kept, positions: positions && trimmed(positions, kept) },
    treated,
    droppedEmpty: emptyRows.length,
    emptyRows,
    droppedIncomplete: incompleteRows.length,
    droppedOtherCohort,
    nTreated,
    nControl,
    diagnostics,
  };
}

/** Room for `length` positions, the first `count` of them 0, 1, 2, … */
function firstRows(count: number, length: number): Int32Array {
  const positions = new Int32Array(length);
  for (let r = 0; r < count; r++) positions[r] = r;
  return positions;
}
