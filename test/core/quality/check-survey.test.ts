// validate's core on the dirtiest fixture: every kind of finding, each with its rows and column.

import { describe, expect, it } from 'vitest';
import { checkSurvey } from '../../../src/core/quality/check-survey.js';
import { findDuplicateIds } from '../../../src/core/quality/find-duplicate-ids.js';
import { prepareTable } from '../../../src/core/table/prepare-table.js';
import { loadCodebook } from '../../../src/io/load-codebook.js';
import { tableFromRows } from '../../../src/core/table/table.js';
import { readSurvey } from '../../../src/io/read-survey.js';
import { CODEBOOK_HEAD, codebookFromText } from '../../helpers/codebook-text.js';

const DIR = 'test/fixtures/validate/dirtiest-export';

describe('checkSurvey on the dirtiest export', () => {
  const { codebook } = loadCodebook(`${DIR}/codebook.yaml`, 'flag');
  const survey = readSurvey(`${DIR}/survey.csv`);
  const check = checkSurvey(codebook, { ...prepareTable(codebook, survey, 's.csv'), blankLinesSkipped: survey.blankLinesSkipped }, 's.csv', 'cb.yaml');
  const find = (code: string, value?: string) => check.diagnostics.filter((d) => d.code === code && (value === undefined || d.message.includes(value)));

  it('finds each kind of problem', () => {
    expect(new Set(check.diagnostics.map((d) => d.code))).toEqual(
      new Set(['MISSING_COLUMN', 'RAGGED_ROW', 'OTHER_COHORT', 'EMPTY_ROW', 'BLANK_LINES', 'OUT_OF_SCALE', 'UNREADABLE_ANSWER', 'BELOW_MIN_ANSWERED', 'DUPLICATE_ID']),
    );
  });

  it('gives rows and columns', () => {
    expect(find('MISSING_COLUMN')[0]!.message).toBe('indices[1].items[2]: "act_3" is not a column of s.csv (did you mean "act_1"?)');
    expect(find('RAGGED_ROW')[0]!.rows).toEqual([14]);
    expect(find('OTHER_COHORT').map((d) => [d.params!.value, d.rows])).toEqual([['Capacitado', [8]], ['piloto', [9]], ['', [10]]]);
    expect(find('EMPTY_ROW')[0]!.rows).toEqual([11]);
    expect(find('OUT_OF_SCALE').map((d) => [d.location!.column, d.rows])).toEqual([['tra_1', [4]], ['tra_3', [4]]]);
    expect(find('DUPLICATE_ID')[0]).toMatchObject({ rows: [3, 7], location: { column: 'folio' } });
    expect(find('BELOW_MIN_ANSWERED', '"trato"')[0]!.rows).toEqual([6, 13]);
  });

  it('tells unknown labels from non-numbers, with the hint that would read them', () => {
    const unreadable = find('UNREADABLE_ANSWER').map((d) => [d.params!.value, d.params!.kind, d.location!.row, d.location!.column]);
    expect(unreadable).toEqual([
      ['Deacuerdo', 'text', 5, 'tra_1'],
      ['3,5', 'number', 6, 'tra_1'],
      ['de acuerdo', 'text', 5, 'tra_2'],
      ['4..', 'number', 6, 'tra_2'],
      ['4 - De acuerdo', 'text', 6, 'tra_3'],
    ]);
    expect(find('UNREADABLE_ANSWER', '"3,5"')[0]!.hint).toMatch(/read.decimal_comma: true/);
    expect(find('UNREADABLE_ANSWER', '"de acuerdo"')[0]!.hint).toMatch(/label_matching: loose/);
    expect(find('UNREADABLE_ANSWER', '"4 - De acuerdo"')[0]!.hint).toMatch(/leading_number: true/);
    expect(find('UNREADABLE_ANSWER', '"Deacuerdo"')[0]!.hint).toMatch(/known labels: "De acuerdo", "En desacuerdo"/);
  });

  it('still checks the answers when no row belongs to a cohort', () => {
    const other = { ...codebook, cohort: { ...codebook.cohort, treated: 'nadie', control: 'ninguno' } };
    const result = checkSurvey(other, prepareTable(other, survey, 's.csv'), 's.csv', 'cb.yaml');
    expect(result.diagnostics.map((d) => d.code)).toContain('EMPTY_COHORT');
    expect(result.diagnostics.filter((d) => d.code === 'UNREADABLE_ANSWER')).toHaveLength(5);
    // analyze would stop: no row is to be analysed, and the hint shows the values the column holds.
    expect(result.rowsAnalysed).toBe(0);
    expect(result.diagnostics.find((d) => d.code === 'EMPTY_COHORT')!.hint).toMatch(/^values found in "grupo": .*"Capacitado".*; check cohort.treated/);
  });
});

describe('checkSurvey: columns the survey lacks', () => {
  it('are placed at their line and column in the codebook', () => {
    const { codebook, locate } = codebookFromText(`${CODEBOOK_HEAD}indices:
  - id: a
    label: {en: A, es: A}
    items: [a1, a9]
`);
    const table = tableFromRows(['grupo', 'a1'], [['T', '1'], ['C', '2']]);
    const missing = checkSurvey(codebook, table, 's.csv', 'cb.yaml', locate).diagnostics.find((d) => d.code === 'MISSING_COLUMN')!;
    expect(missing.location).toEqual({ file: 'cb.yaml', line: 8, col: 17 });
  });
});

describe('findDuplicateIds', () => {
  it('ignores empty ids and empty rows', () => {
    const rows = [['a', '1'], ['', '2'], ['', '3'], ['a', '4'], ['', '']];
    expect(findDuplicateIds(tableFromRows(['id', 'x'], rows, [2, 3, 4, 5, 6]), 0, 'id', 'f').map((d) => d.rows)).toEqual([[2, 5]]);
  });
});
