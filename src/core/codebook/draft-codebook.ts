// A draft codebook: what `gbv-impact init` could guess about an instrument, with a note on every
// guess a person must check. Built from a survey export (draft-from-survey.ts) or an XLSForm
// (draft-from-xlsform.ts), written as commented YAML by draft-yaml.ts.

import type { CellCode, LocalizedText } from './codebook.js';

export interface DraftIndex {
  id: string;
  label: LocalizedText;
  items: string[];
  note?: string;
}

export interface DraftCodebook {
  /** Where the draft came from, for its header comment. */
  source: string;
  title: LocalizedText;
  language: 'es' | 'en';
  respondentId?: { column: string; note: string };
  cohort: { column: string; treated: string; control: string; note: string };
  scale: { min: number; max: number; note: string };
  missingCodes: CellCode[];
  likertLabels: ('es' | 'en')[];
  commonMissingCodes: boolean;
  labelMatching?: 'loose';
  leadingNumber?: boolean;
  valueLabels: [string, number][];
  read: { headerRows?: { rows: number; note: string }; stripGroupPrefix?: string; columns?: [string, string][] };
  indices: DraftIndex[];
  itemText: [string, LocalizedText][];
  /** Suggestions left commented out: covariates, weights. */
  covariates: string[];
  weights?: string;
  /** Columns left out, with why, listed in a comment at the end. */
  skipped: { column: string; why: string }[];
}

/** An index id the schema accepts (^[A-Za-z][A-Za-z0-9_]*$), unique among `taken`. */
export function indexId(text: string, taken: Set<string>): string {
  let id = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (!/^[a-z]/.test(id)) id = `index_${id}`;
  if (id === 'aggregate' || id === 'index_') id = `${id}_1`;
  let unique = id;
  for (let n = 2; taken.has(unique); n++) unique = `${id}_${n}`;
  taken.add(unique);
  return unique;
}
