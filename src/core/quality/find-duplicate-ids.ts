// Respondents submitted twice: the same id on more than one row. A double submission (a tablet
// that synced twice, a form sent again) counts one officer twice, so it is a warning, with every
// row that shares the id.

import { describeRows, type Diagnostic } from '../diagnostics.js';

/** Id columns survey platforms add, tried when the codebook declares no respondent_id. */
export const PLATFORM_ID_COLUMNS = ['_uuid', 'KEY', 'meta-instanceID', 'instanceID', 'meta/instanceID', 'ResponseId', 'id'];

export function findDuplicateIds(
  rows: readonly (readonly string[])[],
  rowNumbers: readonly number[],
  idColumn: number,
  column: string,
  file: string,
): Diagnostic[] {
  const byId = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const id = row[idColumn] ?? '';
    if (id === '' || row.every((cell) => cell === '')) return;
    const list = byId.get(id) ?? [];
    list.push(rowNumbers[i]!);
    byId.set(id, list);
  });
  const diagnostics: Diagnostic[] = [];
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    diagnostics.push({
      severity: 'warning',
      code: 'DUPLICATE_ID',
      message: `the id "${id}" is on ${list.length} rows (${describeRows(list)})`,
      location: { file, row: list[0]!, column },
      count: list.length,
      rows: list,
      params: { id, count: list.length },
      hint: 'a form sent twice counts one respondent twice: keep one row per respondent',
    });
  }
  return diagnostics;
}
