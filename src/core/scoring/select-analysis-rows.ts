// Which rows are analysed, by STATISTICS.md §1.7–§1.9: fully empty rows are dropped, rows whose
// cohort is neither the treated nor the control value are dropped (and reported by value, since
// a typo in the cohort column silently shrinks a cohort), the rest are the analysis rows.

import { GbvError } from '../../errors.js';
import type { Codebook } from '../codebook/codebook.js';
import { describeRows, type Diagnostic } from '../diagnostics.js';
import { listChoices } from '../text/did-you-mean.js';

export interface AnalysisRows {
  /** Positions in the table's rows of the analysis rows, in file order. */
  positions: number[];
  /** 1 for the treated cohort, 0 for control, per analysis row. */
  treated: Uint8Array;
  droppedEmpty: number;
  droppedOtherCohort: number;
  nTreated: number;
  nControl: number;
  diagnostics: Diagnostic[];
}

export function selectAnalysisRows(
  codebook: Codebook,
  rows: readonly (readonly string[])[],
  rowNumbers: readonly number[],
  cohortColumn: number,
  file: string,
): AnalysisRows {
  const { treated: treatedValue, control: controlValue, column } = codebook.cohort;
  const positions: number[] = [];
  const flags: number[] = [];
  const others = new Map<string, number[]>();
  let droppedEmpty = 0;
  rows.forEach((row, i) => {
    if (row.every((cell) => cell === '')) {
      droppedEmpty++;
      return;
    }
    const cohort = row[cohortColumn] ?? '';
    if (cohort === treatedValue || cohort === controlValue) {
      positions.push(i);
      flags.push(cohort === treatedValue ? 1 : 0);
    } else {
      const list = others.get(cohort) ?? [];
      list.push(rowNumbers[i]!);
      others.set(cohort, list);
    }
  });

  const treated = Uint8Array.from(flags);
  const nTreated = flags.reduce((sum, flag) => sum + flag, 0);
  const nControl = flags.length - nTreated;
  const allowed = `the treated value "${treatedValue}" nor the control value "${controlValue}"`;
  const seen = () =>
    listChoices(
      [...new Set(rows.map((row) => row[cohortColumn] ?? '').filter((value) => value !== ''))].sort(),
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
  return { positions, treated, droppedEmpty, droppedOtherCohort, nTreated, nControl, diagnostics };
}
