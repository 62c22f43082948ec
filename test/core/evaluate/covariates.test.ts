// parseCovariate reads each distinct cell once and the rows at most once, and keeps the column's
// codes: against the definition (STATISTICS.md §8b) applied cell by cell, row by row, on columns
// whose dictionary holds cells that do not occur in the rows (as a column of the analysis rows
// does when other rows were left out).

import { describe, expect, it } from 'vitest';
import { parseCovariate, type Covariate } from '../../../src/core/evaluate/covariates.js';
import { makeMissingTest, parseDecimal } from '../../../src/core/scoring/parse-cell.js';
import type { Column } from '../../../src/core/table/table.js';

const codebook = { missingCodes: [98, 99, 'NS/NR'] };

/** A covariate read row by row: its kind, name, levels, and per row its value or level (−1 missing). */
type Spread = { kind: 'numeric'; name: string; values: number[] } | { kind: 'categorical'; name: string; levels: string[]; codes: number[] };

/** The rule, row by row: a cell is missing, a number, or text; text that occurs makes it categorical. */
function byDefinition(name: string, column: Column): Spread {
  const isMissing = makeMissingTest(codebook);
  const cells = Array.from(column.codes, (code) => column.values[code]!);
  const kept = cells.filter((cell) => !isMissing(cell));
  if (kept.every((cell) => !Number.isNaN(parseDecimal(cell)))) {
    return { kind: 'numeric', name, values: cells.map((cell) => (isMissing(cell) ? NaN : parseDecimal(cell))) };
  }
  const levels = [...new Set(kept)].sort();
  return { kind: 'categorical', name, levels, codes: cells.map((cell) => (isMissing(cell) ? -1 : levels.indexOf(cell))) };
}

/** What parseCovariate gave, read row by row through the codes. */
function spread(covariate: Covariate): Spread {
  const { kind, name } = covariate;
  if (kind === 'numeric') return { kind, name, values: Array.from(covariate.codes, (code) => covariate.valueOf[code]!) };
  return { kind, name, levels: covariate.levels, codes: Array.from(covariate.codes, (code) => covariate.levelOf[code]!) };
}

/** A column over `rows` cells drawn from `values` (code 0 is ''), with the codes of `absent` never used. */
function column(values: string[], rows: number, absent: number[], codes: 'u8' | 'u16' = 'u8'): Column {
  const used = values.map((_, code) => code).filter((code) => !absent.includes(code));
  const array = codes === 'u8' ? new Uint8Array(rows) : new Uint16Array(rows);
  for (let r = 0; r < rows; r++) array[r] = used[(r * 7 + (r >> 3)) % used.length]!;
  return { codes: array, values: ['', ...values.slice(1)] };
}

describe('parseCovariate', () => {
  const cases: [string, Column][] = [
    ['numbers, missing codes and empty cells', column(['', '43', '30', '99', '28.5', 'NS/NR', '98.0'], 200, [])],
    ['numbers with a text cell that does not occur', column(['', '43', 'n/a', '30', '99'], 200, [2])],
    ['numbers with a text cell that occurs', column(['', '43', 'n/a', '30', '99'], 200, [])],
    ['levels, one of them absent from the rows', column(['', 'Morelos', 'Jalisco', 'Sonora', 'NS/NR', 'Aguascalientes'], 300, [3])],
    ['levels that look like numbers beside text', column(['', 'Policía', '2', '10', 'Suboficial', '98'], 300, [2], 'u16')],
    ['every cell missing', column(['', 'NS/NR', '99'], 50, [])],
  ];
  for (const [what, cells] of cases) {
    it(`reads ${what} as the definition does`, () => {
      const got = parseCovariate('x', cells, codebook);
      // The column's codes themselves, not a copy: nothing is allocated per row.
      expect(got.codes).toBe(cells.codes);
      expect(spread(got)).toEqual(byDefinition('x', cells));
    });
  }
});
