// `gbv-impact init SURVEY`: a draft codebook guessed from an export's header and answers.
// Columns whose answers are small whole numbers (or agreement labels) are items; items are
// grouped into indices by the prefix of their names (com_1, com_2 → "com"); the scale is the
// range of the answers seen; a column with two values and a name like "grupo" or "capacitado"
// is the likely cohort; a column with a different value on every row is the likely id;
// platform metadata (_uuid, SubmissionDate, KEY...) is left out. Every guess is marked CHECK.

import type { TableInput } from '../analyze-table.js';
import { tableRows } from '../table/table.js';
import { COMMON_MISSING_CODES, LIKERT_LABELS } from './built-in-answers.js';
import type { CellCode } from './codebook.js';
import { indexId, type DraftCodebook, type DraftIndex } from './draft-codebook.js';
import { normalizeLabel } from '../text/normalize-label.js';
import { parseDecimal, parseLeadingNumber } from '../scoring/parse-cell.js';

/** Columns survey platforms add to every export; never items, covariates or cohorts. */
const METADATA = new Set(
  [
    'start', 'end', 'today', 'deviceid', 'subscriberid', 'simid', 'phonenumber', 'devicephonenum', 'username', 'audit', 'duration', 'caseid',
    'submissiondate', 'starttime', 'endtime', 'key', 'instanceid', 'meta-instanceid', 'meta/instanceid', 'formdef_version', 'review_status', 'review_comments',
    'submitterid', 'submittername', 'attachmentspresent', 'attachmentsexpected', 'status', 'reviewstate', 'edits', 'formversion',
    'startdate', 'enddate', 'ipaddress', 'progress', 'duration (in seconds)', 'finished', 'recordeddate', 'responseid', 'recipientlastname',
    'recipientfirstname', 'recipientemail', 'externalreference', 'locationlatitude', 'locationlongitude', 'distributionchannel', 'userlanguage',
    'id', 'submitdate', 'lastpage', 'startlanguage', 'seed', 'datestamp', 'marca temporal', 'timestamp', 'dirección de correo electrónico', 'email address',
  ].map((name) => name.toLowerCase()),
);
const isMetadata = (header: string) => header.startsWith('_') || METADATA.has(header.toLowerCase());

const ID_NAMES = /^(folio|id_?encuesta|respondent_?id|encuestado|cuestionario|id)$/i;
const COHORT_NAMES = /grupo|cohort|capacit|train|tratamiento|treat|condici|arm|recib|taller|curso/i;
const TREATED_VALUES = /capacit|train|trat|treat|^s[ií]$|^yes$|^1$|interven|recib/i;
const WEIGHT_NAMES = /^(peso|pesos|ponderador|factor|factor_expansion|weight|weights|wt)$/i;

const LOOSE_LIKERT = new Map<string, number>(
  (['es', 'en'] as const).flatMap((language) => Object.entries(LIKERT_LABELS[language]).map(([label, step]) => [normalizeLabel(label), step] as const)),
);
const LOOSE_MISSING = new Set(COMMON_MISSING_CODES.filter((code) => typeof code === 'string').map((code) => normalizeLabel(String(code))));

interface ColumnProfile {
  header: string;
  name: string;
  /** The group path of the header ("grp_com" of "grp_com/com_1"), when it has one. */
  group: string;
  values: string[];
  distinct: Map<string, number>;
  numbers: number[];
  allIntegers: boolean;
  likertLabels: number;
  numberedLabels: number;
  missingSeen: Set<string>;
  missingCells: number;
  unique: boolean;
}

function profile(header: string, name: string, cells: string[], group: string): ColumnProfile {
  const values = cells.filter((cell) => cell !== '');
  const distinct = new Map<string, number>();
  for (const value of values) distinct.set(value, (distinct.get(value) ?? 0) + 1);
  const missingSeen = new Set<string>();
  let missingCells = 0;
  const numbers: number[] = [];
  let allIntegers = values.length > 0;
  let likertLabels = 0;
  let numberedLabels = 0;
  for (const value of values) {
    const key = normalizeLabel(value);
    if (LOOSE_MISSING.has(key) || /^-?9[6-9]$/.test(value) || /^-99$/.test(value)) {
      missingSeen.add(value);
      missingCells++;
      continue;
    }
    if (LOOSE_LIKERT.has(key)) {
      likertLabels++;
      continue;
    }
    const number = parseDecimal(value);
    if (!Number.isNaN(number)) {
      numbers.push(number);
      if (!Number.isInteger(number)) allIntegers = false;
      continue;
    }
    if (!Number.isNaN(parseLeadingNumber(value))) {
      numberedLabels++;
      numbers.push(parseLeadingNumber(value));
      continue;
    }
    allIntegers = false;
  }
  return { header, name, group, values, distinct, numbers, allIntegers, likertLabels, numberedLabels, missingSeen, missingCells, unique: values.length === cells.length && distinct.size === values.length && values.length > 1 };
}

/** An item: answers that are all small whole numbers on a short range, or agreement labels. */
function isItem(column: ColumnProfile): boolean {
  const answered = column.values.length - column.missingCells;
  if (answered === 0 || column.distinct.size < 2) return false;
  if (column.likertLabels > 0 && column.likertLabels + column.numbers.length >= answered) return true;
  if (!column.allIntegers || column.numbers.length === 0) return false;
  const min = Math.min(...column.numbers);
  const max = Math.max(...column.numbers);
  return min >= 0 && max - min >= 2 && max - min <= 10 && max <= 11;
}

/** The prefix items share: "com_1" → "com", "Q6_2" → "Q6", "COM[SQ001]" → "COM", "Title [row]" → "Title". */
export function itemPrefix(name: string): string {
  const bracket = name.indexOf('[');
  if (bracket > 0) return name.slice(0, bracket).trim();
  const stripped = name.replace(/[_\-.]?\d+[a-z]?$/i, '');
  return stripped === '' ? name : stripped;
}

/** Short names for headers with group paths: "grp/com_1" → "com_1" (and "grp-com_1" for ODK Central). */
function shortNames(header: readonly string[]): { names: string[]; separator?: string } {
  const slash = header.filter((h) => h.includes('/')).length;
  const odk = header.some((h) => h === 'meta-instanceID' || h === 'SubmissionDate') && header.filter((h) => /^[A-Za-z_][\w]*-[\w]/.test(h)).length >= 3;
  const separator = slash >= 3 ? '/' : odk ? '-' : undefined;
  if (!separator) return { names: [...header] };
  const names = header.map((h) => (isMetadata(h) ? h : h.slice(h.lastIndexOf(separator) + 1) || h));
  // A short name two headers share would be ambiguous: keep those headers whole.
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return { names: names.map((name, i) => (counts.get(name)! > 1 ? header[i]! : name)), separator };
}

/** Extra header rows: Kobo's HXL tag row, Qualtrics' question-text and ImportId rows. */
function extraHeaderRows(rows: readonly (readonly string[])[]): { rows: number; note: string } | undefined {
  const first = rows[0];
  if (first && first.some((cell) => cell !== '') && first.every((cell) => cell === '' || cell.startsWith('#'))) {
    return { rows: 2, note: 'the second row holds HXL tags (#...), not answers' };
  }
  const importRow = rows.slice(0, 3).findIndex((row) => row.some((cell) => cell.startsWith('{"ImportId"')));
  if (importRow >= 0) return { rows: importRow + 2, note: 'Qualtrics: the rows under the names hold the question text and the ImportId' };
  return undefined;
}

export function draftFromSurvey(table: TableInput, source: string): DraftCodebook {
  const allRows = tableRows(table);
  const headerRows = extraHeaderRows(allRows);
  const rows = headerRows ? allRows.slice(headerRows.rows - 1) : allRows;
  const { names, separator } = shortNames(table.header);
  const groupOf = (header: string, name: string) => (separator && header !== name && header.endsWith(name) ? header.slice(0, header.length - name.length - 1) : '');
  const columns = table.header.map((header, i) => profile(header, names[i]!, rows.map((row) => row[i] ?? ''), groupOf(header, names[i]!)));
  const skipped: { column: string; why: string }[] = [];
  const items: ColumnProfile[] = [];
  const others: ColumnProfile[] = [];
  for (const column of columns) {
    if (column.header === '') continue;
    if (isMetadata(column.header)) skipped.push({ column: column.header, why: 'platform metadata' });
    else if (isItem(column)) items.push(column);
    else others.push(column);
  }

  const respondent =
    others.find((c) => ID_NAMES.test(c.name) && c.unique) ?? others.find((c) => c.unique && c.numbers.length < c.values.length) ?? columns.find((c) => isMetadata(c.header) && /^(_uuid|KEY|ResponseId|instanceID|id)$/.test(c.header) && c.unique);
  const twoValued = others.filter((c) => c !== respondent && c.distinct.size === 2);
  const cohortColumn = twoValued.find((c) => COHORT_NAMES.test(c.name)) ?? twoValued[0];
  let cohort: DraftCodebook['cohort'];
  if (cohortColumn) {
    const [a, b] = [...cohortColumn.distinct.keys()];
    const treatedFirst = TREATED_VALUES.test(a!) || (!TREATED_VALUES.test(b!) && /control|^no$|sin|^0$|^2$/i.test(b!));
    const [treated, control] = treatedFirst ? [a!, b!] : [b!, a!];
    cohort = {
      column: cohortColumn.name,
      treated,
      control,
      note: `which value is the trained group? values seen: ${[...cohortColumn.distinct].map(([v, n]) => `"${v}" (${n})`).join(', ')}`,
    };
  } else {
    cohort = { column: others[0]?.name ?? table.header[0]!, treated: 'TODO: value of the trained group', control: 'TODO: value of the control group', note: 'no column with exactly two values was found: name the cohort column and its two values' };
  }

  if (items.length === 0) {
    throw new Error('no-items');
  }

  // Scale: the range of the answers seen, or five points for agreement labels.
  const labelled = items.some((c) => c.likertLabels > 0);
  const allNumbers = items.flatMap((c) => c.numbers);
  let min = allNumbers.length > 0 ? Math.min(...allNumbers) : 1;
  let max = allNumbers.length > 0 ? Math.max(...allNumbers) : 5;
  if (labelled) {
    min = Math.min(min, 1);
    max = Math.max(max, 5);
  }
  if (min === max) max = min + 1;

  // Indices: items grouped by the prefix of their names, in the order they appear.
  const groups = new Map<string, string[]>();
  // Group paths, when the export has them, say which items belong together better than names.
  const byPath = items.every((item) => item.group !== '') && new Set(items.map((item) => item.group)).size < items.length;
  for (const item of items) {
    const prefix = byPath ? item.group.slice(item.group.lastIndexOf(separator ?? '/') + 1) : itemPrefix(item.name);
    groups.set(prefix, [...(groups.get(prefix) ?? []), item.name]);
  }
  const taken = new Set<string>();
  const indices: DraftIndex[] = [];
  const loners: string[] = [];
  for (const [prefix, members] of groups) {
    if (members.length === 1) {
      loners.push(members[0]!);
      continue;
    }
    indices.push({ id: indexId(prefix, taken), label: { en: prefix, es: prefix }, items: members });
  }
  if (loners.length > 0) {
    indices.push({ id: indexId(indices.length === 0 ? 'items' : 'other_items', taken), label: { en: 'Other items', es: 'Otros reactivos' }, items: loners, note: 'these items share no prefix with others: move each to its index' });
  }

  const missingCodes = [...new Set(items.flatMap((c) => [...c.missingSeen]))].filter((code) => !LOOSE_MISSING.has(normalizeLabel(code)));
  const numericMissing: CellCode[] = missingCodes.map((code) => (Number.isNaN(parseDecimal(code)) ? code : Number(code)));
  const labelSpellings = items.some((c) => [...c.distinct.keys()].some((v) => LOOSE_LIKERT.has(normalizeLabel(v)) && !(v in LIKERT_LABELS.es) && !(v in LIKERT_LABELS.en)));
  const english = new Set(Object.keys(LIKERT_LABELS.en).filter((label) => !(label in LIKERT_LABELS.es)).map(normalizeLabel));
  const language: 'es' | 'en' = items.some((c) => [...c.distinct.keys()].some((v) => english.has(normalizeLabel(v)))) ? 'en' : 'es';

  const used = new Set([cohort.column, respondent?.name, ...items.map((c) => c.name)]);
  const rest = others.filter((c) => !used.has(c.name));
  const weights = rest.find((c) => WEIGHT_NAMES.test(c.name) && c.numbers.length === c.values.length);
  const covariates = rest.filter((c) => c !== weights && (c.distinct.size <= 12 || c.numbers.length === c.values.length) && !c.unique).map((c) => c.name);
  for (const c of rest) if (c !== weights && !covariates.includes(c.name)) skipped.push({ column: c.header, why: 'free text or too many different values' });

  const renamed = separator ? columns.filter((c) => c.name !== c.header && used.has(c.name)).length > 0 : false;

  // Whole questions as headers (Google Forms, label exports): short names, mapped in read.columns.
  const mapping: [string, string][] = [];
  const long = (name: string) => /\s/.test(name) || name.length > 24;
  const headerOf = new Map(columns.map((c) => [c.name, c.header]));
  for (const index of indices) {
    if (!index.items.some(long)) continue;
    index.items = index.items.map((item, k) => {
      const short = `${index.id}_${k + 1}`;
      mapping.push([short, headerOf.get(item) ?? item]);
      return short;
    });
  }
  if (long(cohort.column) && cohortColumn) {
    mapping.push(['grupo', headerOf.get(cohort.column) ?? cohort.column]);
    cohort = { ...cohort, column: 'grupo' };
  }
  return {
    source,
    title: { en: 'TODO: title in English', es: 'TODO: título en español' },
    language: labelled ? language : 'es',
    ...(respondent ? { respondentId: { column: respondent.name, note: 'every row has a different value here, so it looks like the respondent id' } } : {}),
    cohort,
    scale: { min, max, note: labelled ? 'the answers are five-point agreement labels' : `the answers seen in the item columns run from ${min} to ${max}` },
    missingCodes: numericMissing,
    likertLabels: labelled ? [language] : [],
    commonMissingCodes: items.some((c) => [...c.missingSeen].some((v) => LOOSE_MISSING.has(normalizeLabel(v)))),
    ...(labelSpellings ? { labelMatching: 'loose' as const } : {}),
    ...(items.some((c) => c.numberedLabels > 0) ? { leadingNumber: true } : {}),
    valueLabels: [],
    read: {
      ...(headerRows ? { headerRows } : {}),
      ...(renamed ? { stripGroupPrefix: separator === '/' ? 'the headers carry group paths ("grp/q")' : 'the headers carry group paths ("grp-q", ODK Central)' } : {}),
      ...(mapping.length > 0 ? { columns: mapping } : {}),
    },
    indices,
    itemText: [],
    covariates,
    ...(weights ? { weights: weights.name } : {}),
    skipped,
  };
}
