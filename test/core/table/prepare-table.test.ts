import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateCodebook } from '../../../src/core/codebook/validate-codebook.js';
import { decimalCommaToPoint } from '../../../src/core/table/decimal-comma.js';
import { prepareTable, tablePlan } from '../../../src/core/table/prepare-table.js';
import { cellAt, tableFromRows, tableRows } from '../../../src/core/table/table.js';
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

const header = ['g', 'a1', 'w', 'note'];
const rows = [['Grupo', 'Pregunta', 'Peso', 'Nota', 'x'], ['{"ImportId":"g"}', '{"ImportId":"QID1"}', '', ''], ['t', '3,5', '1,25', 'uno, dos'], ['c', '4', '0,8', '2,5']];
const rowNumbers = [2, 3, 4, 6];
/** The table as a reader following the codebook's plan gives it (every column kept, to see them all). */
const read = (book: ReturnType<typeof codebook>) => tableFromRows(header, rows, rowNumbers, { ...tablePlan(book), keep: (h) => h.map(() => true) });

describe('prepareTable', () => {
  it('returns a plain table unchanged', () => {
    const prepared = prepareTable(codebook(''), read(codebook('')), 's.csv');
    expect(tableRows(prepared)).toEqual(rows.map((row) => row.slice(0, 4)));
    expect(prepared.raggedRows).toEqual([{ row: 2, fields: 5 }]);
    expect(prepared.headerRowsSkipped).toBe(0);
  });

  it('skips extra header rows as they are read, keeping spreadsheet row numbers and dropping their ragged-row notes', () => {
    const book = codebook('read: {header_rows: 3}');
    const prepared = prepareTable(book, read(book), 's.csv');
    expect(cellAt(prepared, 0, 0)).toBe('t');
    expect([...prepared.rowNumbers]).toEqual([4, 6]);
    expect(prepared.raggedRows).toEqual([]);
    expect(prepared.headerRowsSkipped).toBe(2);
  });

  it('reads decimal commas in items and weights only', () => {
    const book = codebook('read: {header_rows: 3, decimal_comma: true}');
    const prepared = prepareTable(book, read(book), 's.csv');
    expect(tableRows(prepared)).toEqual([['t', '3.5', '1.25', 'uno, dos'], ['c', '4', '0.8', '2,5']]);
  });

  it('merges cells that become equal, so equal cells share a code', () => {
    const book = codebook('read: {decimal_comma: true}');
    const table = tableFromRows(header, [['t', '3,5', '1', ''], ['c', '3.5', '1', '']]);
    const a1 = prepareTable(book, table, 's.csv').columns[1]!;
    expect(a1.codes[0]).toBe(a1.codes[1]);
    expect(a1.values.filter((v) => v === '3.5')).toHaveLength(1);
  });

  it('refuses more header rows than the file has', () => {
    const book = codebook('read: {header_rows: 9}');
    expect(() => prepareTable(book, read(book), 's.csv')).toThrow(/the header has 9 rows \(read.header_rows\), but s.csv has only 5/);
  });

  it('plans to keep only the columns the codebook names', () => {
    const plan = tablePlan(codebook(''), ['note']);
    expect(plan.keep(['g', 'a1', 'w', 'note', 'free_text'])).toEqual([true, true, true, true, false]);
  });
});

describe('decimalCommaToPoint', () => {
  it('turns one decimal comma into a point and leaves anything else alone', () => {
    expect(['3,5', '-0,25', ',5', '12', '1.234,5', '1,2,3', 'a,b', '3.5'].map(decimalCommaToPoint)).toEqual(['3.5', '-0.25', '.5', '12', '1.234,5', '1,2,3', 'a,b', '3.5']);
  });
});
