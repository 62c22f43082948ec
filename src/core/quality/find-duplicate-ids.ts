// Respondents submitted twice: the same id on more than one row. A double submission (a tablet
// that synced twice, a form sent again) counts one officer twice, so it is a warning, with every
// row that shares the id.

import { describeRows, type Diagnostic } from '../diagnostics.js';
import type { Table } from '../table/table.js';

/** Id columns survey platforms add, tried when the codebook declares no respondent_id. */
export const PLATFORM_ID_COLUMNS = ['_uuid', 'KEY', 'meta-instanceID', 'instanceID', 'meta/instanceID', 'ResponseId', 'id'];

export function findDuplicateIds(table: Table, idColumn: number, column: string, file: string): Diagnostic[] {
  const ids = table.columns[idColumn];
  if (ids === undefined) return [];
  // Codes are per distinct id: count rows per code, then list the rows of the codes seen twice.
  const seen = new Uint32Array(ids.values.length);
  for (let i = 0; i < table.rowCount; i++) if (table.emptyRow[i] === 0) seen[ids.codes[i]!]!++;
  const byId = new Map<string, number[]>();
  for (let i = 0; i < table.rowCount; i++) {
    const code = ids.codes[i]!;
    if (code === 0 || seen[code]! < 2 || table.emptyRow[i] === 1) continue;
    const id = ids.values[code]!;
    const list = byId.get(id) ?? [];
    list.push(table.rowNumbers[i]!);
    byId.set(id, list);
  }
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
