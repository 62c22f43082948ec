// The analysis rows as a selection of the table's rows: no array of positions while they are the
// table's first rows (nothing left out, or only rows at the end), an array as soon as a row is
// left out before one that is kept; either way the same rows, and the same cells read for them.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectAnalysisRows } from '../../../src/core/scoring/select-analysis-rows.js';
import { columnCells, columnForRows, tableFromRows, tableRow } from '../../../src/core/table/table.js';
import { GbvError } from '../../../src/errors.js';
import { CODEBOOK_HEAD, codebookFromText } from '../../helpers/codebook-text.js';

const { codebook } = codebookFromText(`${CODEBOOK_HEAD}indices:
  - id: a
    label: {en: A, es: A}
    items: [a1]
`);

/** A row kept (T, C), left out for its cohort (X, '') or empty (every cell ''). */
const kind = fc.constantFrom('T', 'C', 'T', 'C', 'X', '', 'empty');

describe('selectAnalysisRows: the rows it keeps', () => {
  it('keeps the rows of either cohort, in order, with no positions while they are the first rows', () => {
    fc.assert(
      fc.property(fc.array(kind, { minLength: 1, maxLength: 40 }), (kinds) => {
        const rows = kinds.map((k, i) => (k === 'empty' ? ['', ''] : [k, String(1 + (i % 5))]));
        const table = tableFromRows(['grupo', 'a1'], rows);
        const kept = kinds.flatMap((k, i) => (k === 'T' || k === 'C' ? [i] : []));
        let selected;
        try {
          selected = selectAnalysisRows(codebook, table, 0, 's.csv').rows;
        } catch (error) {
          // A cohort with no row is an error of its own.
          expect(error).toBeInstanceOf(GbvError);
          expect(kinds.includes('T') && kinds.includes('C')).toBe(false);
          return;
        }
        expect(selected.count).toBe(kept.length);
        expect(Array.from({ length: selected.count }, (_, r) => tableRow(selected, r))).toEqual(kept);
        expect(selected.positions === null).toBe(kept.every((row, r) => row === r));
        const cells = columnCells(columnForRows(table, 1, selected));
        expect(cells).toEqual(kept.map((row) => rows[row]![1]));
      }),
      { numRuns: 400, seed: 20261129 },
    );
  });
});
