// `--delimiter auto`: which of `,`, `;` and tab separates the fields. Counts each candidate
// outside quotes on the header and the first records (a quoted cell may hold the others, and a
// line break), and picks the one that splits the header and every sampled record into the same
// number of fields; among those, the one that gives the most fields. Spanish-locale Excel writes
// `;` because `,` is its decimal point, so "3,5" must not win over the `;` around it.

import { GbvError } from '../errors.js';

export const DELIMITER_CANDIDATES = [',', ';', '\t'] as const;

/** How many records (header included) are sampled. */
const SAMPLE_RECORDS = 30;

export interface DetectedDelimiter {
  delimiter: string;
  /** False when no candidate appears in the header: the file has one column, or is not delimited. */
  found: boolean;
}

/** Per sampled record, how many times each candidate occurs outside quotes. */
function countOutsideQuotes(text: string): number[][] & { complete?: boolean } {
  const counts: number[][] = [];
  let current = DELIMITER_CANDIDATES.map(() => 0);
  let inQuotes = false;
  let recordHasText = false;
  for (let i = 0; i < text.length && counts.length < SAMPLE_RECORDS; i++) {
    const c = text[i]!;
    if (c === '"') {
      inQuotes = !inQuotes;
      recordHasText = true;
    } else if (!inQuotes && c === '\n') {
      if (recordHasText) counts.push(current);
      current = DELIMITER_CANDIDATES.map(() => 0);
      recordHasText = false;
    } else if (!inQuotes) {
      const at = (DELIMITER_CANDIDATES as readonly string[]).indexOf(c);
      if (at >= 0) current[at]!++;
      if (c.trim() !== '') recordHasText = true;
    }
  }
  const complete = counts.length >= SAMPLE_RECORDS;
  if (recordHasText && counts.length < SAMPLE_RECORDS) counts.push(current);
  return Object.assign(counts, { complete });
}

/**
 * The beginning of a file read in pieces: the answer detectDelimiter would give for the whole
 * text, once `text` holds every sampled record; undefined while it may still change.
 */
function detectDelimiterSoFar(text: string): DetectedDelimiter | undefined {
  const records = countOutsideQuotes(text);
  return records.complete ? choose(records) : undefined;
}

/**
 * The most text `--delimiter auto` waits for: a quote that never closes in the first records
 * would otherwise keep it waiting, and re-reading, to the end of the file.
 */
export const DETECTION_CHARS = 4 * 2 ** 20;

/**
 * For a file read in pieces: the delimiter once the beginning read so far decides it (every
 * sampled record complete, DETECTION_CHARS read, or the end of the file); undefined before.
 */
export function delimiterFromHead(text: string, final: boolean): string | undefined {
  if (final || text.length >= DETECTION_CHARS) return detectDelimiter(text.slice(0, DETECTION_CHARS)).delimiter;
  return detectDelimiterSoFar(text)?.delimiter;
}

/** `text` has \n line ends (the reader normalises them). */
export function detectDelimiter(text: string): DetectedDelimiter {
  return choose(countOutsideQuotes(text));
}

function choose(records: number[][]): DetectedDelimiter {
  const header = records[0];
  if (!header) return { delimiter: ',', found: false };
  let best: { delimiter: string; consistent: number; fields: number } | undefined;
  DELIMITER_CANDIDATES.forEach((delimiter, k) => {
    const fields = header[k]!;
    if (fields === 0) return;
    // Records that split into as many fields as the header: ragged rows happen, so this is a
    // share, not a requirement.
    const consistent = records.filter((record) => record[k] === fields).length / records.length;
    if (!best || consistent > best.consistent || (consistent === best.consistent && fields > best.fields)) {
      best = { delimiter, consistent, fields };
    }
  });
  return best ? { delimiter: best.delimiter, found: true } : { delimiter: ',', found: false };
}

export function describeDelimiter(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}

/** What `--delimiter` accepts: `auto`, a name (`tab`, `comma`, `semicolon`) or one character. */
export function parseDelimiterOption(text: string): string | 'auto' {
  if (text.trim().toLowerCase() === 'auto') return 'auto';
  const named: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';' };
  const delimiter = named[text.toLowerCase()] ?? text;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new GbvError('USAGE', `--delimiter "${text}" is not a single character; use auto, ",", ";", "tab" or "|"`);
  }
  return delimiter;
}
