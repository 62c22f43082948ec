// --scores: one CSV row per analysed respondent with the id, the cohort, every column the
// codebook declares as cluster, weight or covariate, and each index score. Cells that a
// spreadsheet would run as a formula are neutralised (OWASP's CSV-injection advice), unless
// the caller asks for the raw values (`--raw-csv`, for a file read by code, not a spreadsheet).

import type { TableAnalysis } from '../core/analyze-table.js';
import type { Codebook } from '../core/codebook/codebook.js';
import { allIndexIds } from '../core/codebook/codebook.js';
import { DECIMAL } from '../core/scoring/parse-cell.js';
import { cellAt, tableRow, type Table } from '../core/table/table.js';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string, raw = false): string {
  const safe = !raw && FORMULA_START.test(value) && !DECIMAL.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderScoresCsv(
  codebook: Codebook,
  table: Table,
  analysis: TableAnalysis,
  /** Columns named on the command line (--cluster, --by), kept beside the codebook's. */
  moreColumns: readonly (string | undefined)[] = [],
  /** Write cells as they are, without the quote that stops a spreadsheet running them as formulas. */
  raw = false,
): string {
  const cell = (value: string) => csvCell(value, raw);
  const { header, rowNumbers } = table;
  const extra = [codebook.cluster, ...moreColumns, codebook.weights, ...codebook.covariates, ...codebook.subgroups].filter(
    (c, i, all): c is string => c !== undefined && all.indexOf(c) === i && c !== codebook.respondentId && c !== codebook.cohort.column,
  );
  const idColumns = [...(codebook.respondentId !== undefined ? [codebook.respondentId] : []), codebook.cohort.column, ...extra];
  const positions = idColumns.map((name) => header.indexOf(name));
  const ids = allIndexIds(codebook);
  const lines = [[...(codebook.respondentId === undefined ? ['row'] : []), ...idColumns, ...ids].map(cell).join(',')];
  const { rows, scores } = analysis.rowsUsed;
  for (let r = 0; r < rows.count; r++) {
    const position = tableRow(rows, r);
    const cells = positions.map((p) => cell(p < 0 ? '' : cellAt(table, position, p)));
    if (codebook.respondentId === undefined) cells.unshift(String(rowNumbers[position]));
    for (const id of ids) {
      const score = scores.get(id)![r]!;
      cells.push(Number.isNaN(score) ? '' : String(Number(score.toPrecision(15))));
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
