import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateCodebook } from '../../../src/core/codebook/validate-codebook.js';
import { decimalCommaToPoint } from '../../../src/core/table/decimal-comma.js';
import { prepareTable } from '../../../src/core/table/prepare-table.js';
import { parseYaml } from '../../../src/io/read-yaml.js';

const schema = JSON.parse(readFileSync('schema/codebook.schema.json', 'utf8')) as object;
const codebook = (read: string) =>
  validateCodebook(
    parseYaml(`codebook_version: 1
title: {en: T, es: T}
cohort: {column: g, treated: t, control: c}
scale: {min: 1, max: 5}
weights: w
indices: [{id: a, label: {en: A, es: A}, items: [a1]}]
${read}`, 'cb.yaml').data,
    schema,
    'cb.yaml',
  );

const table = {
  header: ['g', 'a1', 'w', 'note'],
  rows: [['Grupo', 'Pregunta', 'Peso', 'Nota'], ['{"ImportId":"g"}', '{"ImportId":"QID1"}', '', ''], ['t', '3,5', '1,25', 'uno, dos'], ['c', '4', '0,8', '2,5']],
  rowNumbers: [2, 3, 4, 6],
  raggedRows: [{ row: 3, fields: 5 }],
};

describe('prepareTable', () => {
  it('returns a plain table unchanged', () => {
    const prepared = prepareTable(codebook(''), table, 's.csv');
    expect(prepared.rows).toEqual(table.rows);
    expect(prepared.headerRowsSkipped).toBe(0);
  });

  it('skips extra header rows, keeping spreadsheet row numbers and dropping their ragged-row notes', () => {
    const prepared = prepareTable(codebook('read: {header_rows: 3}'), table, 's.csv');
    expect(prepared.rows[0]![0]).toBe('t');
    expect(prepared.rowNumbers).toEqual([4, 6]);
    expect(prepared.raggedRows).toEqual([]);
    expect(prepared.headerRowsSkipped).toBe(2);
  });

  it('reads decimal commas in items and weights only', () => {
    const prepared = prepareTable(codebook('read: {header_rows: 3, decimal_comma: true}'), table, 's.csv');
    expect(prepared.rows).toEqual([['t', '3.5', '1.25', 'uno, dos'], ['c', '4', '0.8', '2,5']]);
  });

  it('refuses more header rows than the file has', () => {
    expect(() => prepareTable(codebook('read: {header_rows: 9}'), table, 's.csv')).toThrow(/the header has 9 rows \(read.header_rows\), but s.csv has only 5/);
  });
});

describe('decimalCommaToPoint', () => {
  it('turns one decimal comma into a point and leaves anything else alone', () => {
    expect(['3,5', '-0,25', ',5', '12', '1.234,5', '1,2,3', 'a,b', '3.5'].map(decimalCommaToPoint)).toEqual(['3.5', '-0.25', '.5', '12', '1.234,5', '1,2,3', 'a,b', '3.5']);
  });
});
