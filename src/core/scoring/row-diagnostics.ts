// Findings about whole rows that both analyze and validate report in the same words: rows with
// more or fewer fields than the header, and respondents an index cannot score.

import type { IndexDefinition } from '../codebook/codebook.js';
import { describeRows, type Diagnostic } from '../diagnostics.js';
import type { IndexMissingness } from './score-survey.js';

export function raggedRowsDiagnostic(
  table: { header: readonly string[]; raggedRows: readonly { row: number; fields: number }[] },
  file: string,
): Diagnostic | undefined {
  if (table.raggedRows.length === 0) return undefined;
  const rows = table.raggedRows.map((r) => r.row);
  const first = table.raggedRows[0]!;
  return {
    severity: 'error',
    code: 'RAGGED_ROW',
    message: `${rows.length} row${rows.length === 1 ? ' has' : 's have'} a different number of fields from the header (${table.header.length}); row ${first.row} has ${first.fields} (${describeRows(rows)})`,
    location: { file, row: first.row },
    count: rows.length,
    rows,
    hint: 'a delimiter inside an unquoted cell splits it in two: quote such cells, or check --delimiter',
  };
}

/**
 * Respondents an index cannot score, and why. A warning when no respondent at all has a score
 * (the index cannot be compared), a note otherwise.
 */
export function noScoreDiagnostic(index: IndexDefinition, missingness: IndexMissingness, rows?: readonly number[], scored?: number): Diagnostic | undefined {
  const below = missingness.belowMinAnswered.treated + missingness.belowMinAnswered.control;
  const none = missingness.noItemsAnswered.treated + missingness.noItemsAnswered.control;
  if (below + none === 0) return undefined;
  const share = Math.round(index.minAnsweredShare * 100);
  const why = whyUnscored(below, none, share, index.items.length);
  const nobody = scored === 0;
  return {
    severity: nobody ? 'warning' : 'info',
    code: 'NO_SCORE',
    message: nobody
      ? `no respondent has a score on "${index.id}", so it cannot be compared: ${why}`
      : `${below + none} respondent${below + none === 1 ? ' has' : 's have'} no score on "${index.id}": ${why}`,
    count: below + none,
    ...(rows !== undefined ? { rows: [...rows] } : {}),
    params: { count: below + none, index: index.id, below, none, share, items: index.items.length, scored: scored ?? -1 },
  };
}

/** Why respondents have no score on an index, naming only the reasons that apply. */
export function whyUnscored(below: number, none: number, share: number, items: number): string {
  return [...(below > 0 ? [`${below} answered fewer than ${share}% of its ${items} items`] : []), ...(none > 0 ? [`${none} answered none`] : [])].join(' and ');
}
