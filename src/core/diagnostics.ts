// Data-quality findings. They are collected, never thrown, so a user sees every problem of a
// file at once; the command decides whether errors stop the run and whether --strict turns
// warnings into a failure.

import type { Location } from '../errors.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable, machine-readable: OUT_OF_SCALE, UNREADABLE_ANSWER, OTHER_COHORT, ... */
  code: string;
  message: string;
  /** The first place it happened. */
  location?: Location;
  /** How many cells or rows it concerns. */
  count: number;
  /** Spreadsheet rows where it happened (all of them; reports show the first few). */
  rows?: number[];
  hint?: string;
  /** The message's variable parts, so a renderer can word it in the report's language. */
  params?: Record<string, string | number>;
}

export interface RowWords {
  one: string;
  many: string;
  and: string;
  more: string;
}

const ENGLISH_ROWS: RowWords = { one: 'row', many: 'rows', and: 'and', more: 'more' };

/** "rows 4, 9, 17 and 12 more": enough to find the problem, short enough to read. */
export function describeRows(rows: readonly number[], words: RowWords = ENGLISH_ROWS, max = 10): string {
  const shown = rows.slice(0, max).join(', ');
  const word = rows.length === 1 ? words.one : words.many;
  return rows.length > max ? `${word} ${shown} ${words.and} ${rows.length - max} ${words.more}` : `${word} ${shown}`;
}
