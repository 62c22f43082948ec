// Turns the parsed YAML of a codebook into a Codebook, or explains every problem at once.
// Two layers: the JSON Schema (shipped in schema/, so editors autocomplete the same rules this
// checks) catches shape errors; the checks below catch what a schema cannot say (a reverse item
// that is not among the index's items, a composite of an unknown index, min >= max).

import { GbvError } from '../../errors.js';
import { didYouMean, listChoices } from '../text/did-you-mean.js';
import { normalizeLabel } from '../text/normalize-label.js';
import { checkSchema, throwProblems, type LocateYamlPath, type Problem } from '../yaml-schema/check-schema.js';
import { COMMON_MISSING_CODES, LIKERT_LABELS } from './built-in-answers.js';
import {
  DEFAULT_MIN_ANSWERED_SHARE,
  DEFAULT_MIN_CELL,
  type Codebook,
  type CellCode,
  type CompositeDefinition,
  type IndexDefinition,
  type LocalizedText,
} from './codebook.js';

function checkSemantics(raw: RawCodebook): Problem[] {
  const problems: Problem[] = [];
  if (raw.scale.min >= raw.scale.max) {
    problems.push({ path: ['scale'], message: `min (${raw.scale.min}) must be smaller than max (${raw.scale.max})` });
  }
  if (String(raw.cohort.treated).trim() === String(raw.cohort.control).trim()) {
    problems.push({
      path: ['cohort', 'control'],
      message: `is the same as cohort.treated ("${String(raw.cohort.treated)}"); the two cohorts need different values`,
    });
  }
  const indexIds = raw.indices.map((index) => index.id);
  const seen = new Set<string>();
  const checkId = (id: string, path: (string | number)[]) => {
    if (id === 'aggregate') problems.push({ path, message: '"aggregate" is reserved; choose another id' });
    if (seen.has(id)) problems.push({ path, message: `the id "${id}" is used twice` });
    seen.add(id);
  };
  raw.indices.forEach((index, i) => {
    checkId(index.id, ['indices', i, 'id']);
    (index.reverse ?? []).forEach((item, j) => {
      if (!index.items.includes(item)) {
        problems.push({
          path: ['indices', i, 'reverse', j],
          message: `"${item}" is not one of this index's items (${listChoices(index.items)})`,
        });
      }
    });
  });
  (raw.composites ?? []).forEach((composite, i) => {
    checkId(composite.id, ['composites', i, 'id']);
    composite.of.forEach((component, j) => {
      const path = ['composites', i, 'of', j];
      if (component === composite.id) problems.push({ path, message: `the composite "${component}" cannot contain itself` });
      else if (!indexIds.includes(component)) {
        const isComposite = (raw.composites ?? []).some((c) => c.id === component);
        const guess = didYouMean(component, indexIds);
        problems.push({
          path,
          message: isComposite
            ? `"${component}" is a composite; a composite is built from indices (${listChoices(indexIds)})`
            : `"${component}" is not an index${guess ? ` (did you mean "${guess}"?)` : ''}; the indices are ${listChoices(indexIds)}`,
        });
      }
    });
  });
  if (raw.agree_at !== undefined && (raw.agree_at <= raw.scale.min || raw.agree_at > raw.scale.max)) {
    problems.push({ path: ['agree_at'], message: `${raw.agree_at} must lie above the scale's minimum ${raw.scale.min} and at most its maximum ${raw.scale.max}` });
  }
  for (const [label, value] of Object.entries(raw.value_labels ?? {})) {
    if (value < raw.scale.min || value > raw.scale.max) {
      problems.push({
        path: ['value_labels', label],
        message: `${value} is outside the scale ${raw.scale.min}–${raw.scale.max}`,
      });
    }
  }
  problems.push(...checkAnswerSets(raw), ...checkReadOptions(raw));
  return problems;
}

function checkAnswerSets(raw: RawCodebook): Problem[] {
  const problems: Problem[] = [];
  const { min, max } = raw.scale;
  if (raw.likert_labels !== undefined && max - min !== 4) {
    problems.push({
      path: ['likert_labels'],
      message: `the built-in labels are a five-point scale, but the scale is ${min}–${max}; list the labels in value_labels instead`,
    });
  }
  if (raw.common_missing_codes === true) {
    const onScale = [98, 99].filter((code) => code >= min && code <= max);
    if (onScale.length > 0) {
      problems.push({
        path: ['common_missing_codes'],
        message: `the common codes include ${onScale.join(' and ')}, which ${onScale.length === 1 ? 'is a valid answer' : 'are valid answers'} on the scale ${min}–${max}; list your missing codes in missing_codes instead`,
      });
    }
  }
  if (raw.label_matching === 'loose') {
    // Two labels that differ only in case or accents must not mean different numbers, and a
    // label must not also be a missing code, once both are compared loosely.
    const seen = new Map<string, { label: string; value: number }>();
    for (const [label, value] of labelEntries(raw)) {
      const key = normalizeLabel(label);
      const other = seen.get(key);
      if (other && other.value !== value) {
        problems.push({
          path: ['label_matching'],
          message: `with loose matching "${other.label}" (${other.value}) and "${label}" (${value}) are the same label; make them differ by more than case or accents, or use exact matching`,
        });
      }
      seen.set(key, { label, value });
    }
    for (const code of missingCodesOf(raw)) {
      const clash = seen.get(normalizeLabel(String(code)));
      if (clash) {
        problems.push({
          path: ['label_matching'],
          message: `with loose matching the missing code "${String(code)}" is the same as the label "${clash.label}" (${clash.value})`,
        });
      }
    }
  }
  return problems;
}

function checkReadOptions(raw: RawCodebook): Problem[] {
  const problems: Problem[] = [];
  const named = new Set(referencedNames(raw));
  const targets = new Map<string, string>();
  for (const [name, header] of Object.entries(raw.read?.columns ?? {})) {
    if (!named.has(name.trim())) {
      const guess = didYouMean(name, [...named]);
      problems.push({
        path: ['read', 'columns', name],
        message: `"${name}" is not a column the codebook uses${guess ? ` (did you mean "${guess}"?)` : ''}; the keys of read.columns are the codebook's names, the values the file's headers`,
      });
    }
    const other = targets.get(header.trim());
    if (other !== undefined) {
      problems.push({ path: ['read', 'columns', name], message: `"${header}" is already the column of "${other}"; each header can stand for one name` });
    }
    targets.set(header.trim(), name);
  }
  return problems;
}

/** Every column name the codebook uses (before read.columns maps them to headers). */
function referencedNames(raw: RawCodebook): string[] {
  return [
    raw.cohort.column,
    ...(raw.respondent_id !== undefined ? [raw.respondent_id] : []),
    ...(raw.cluster !== undefined ? [raw.cluster] : []),
    ...(raw.weights !== undefined ? [raw.weights] : []),
    ...(raw.covariates ?? []),
    ...(raw.subgroups ?? []),
    ...raw.indices.flatMap((index) => index.items),
    ...(raw.read?.complete !== undefined ? [raw.read.complete.column] : []),
  ].map((name) => name.trim());
}

/** Built-in Likert labels first, then value_labels (which win where both name a label). */
function labelEntries(raw: RawCodebook): [string, number][] {
  const entries: [string, number][] = [];
  for (const language of raw.likert_labels ?? []) {
    for (const [label, step] of Object.entries(LIKERT_LABELS[language])) entries.push([label, raw.scale.min + step]);
  }
  for (const [label, value] of Object.entries(raw.value_labels ?? {})) entries.push([label.trim(), value]);
  return entries;
}

function missingCodesOf(raw: RawCodebook): CellCode[] {
  const codes: CellCode[] = [...(raw.missing_codes ?? [])];
  if (raw.common_missing_codes === true) {
    const have = new Set(codes.map((code) => String(code).trim()));
    for (const code of COMMON_MISSING_CODES) if (!have.has(String(code))) codes.push(code);
  }
  return codes;
}

interface RawCodebook {
  codebook_version: 1;
  title: LocalizedText;
  language?: 'en' | 'es';
  respondent_id?: string;
  cohort: { column: string; treated: string | number; control: string | number };
  scale: { min: number; max: number };
  missing_codes?: (string | number)[];
  value_labels?: Record<string, number>;
  likert_labels?: ('es' | 'en')[];
  common_missing_codes?: boolean;
  label_matching?: 'exact' | 'loose';
  leading_number?: boolean;
  read?: {
    header_rows?: number;
    columns?: Record<string, string>;
    strip_group_prefix?: boolean;
    decimal_comma?: boolean;
    complete?: { column: string; values?: (string | number)[] };
  };
  min_answered_share?: number;
  cluster?: string;
  weights?: string;
  covariates?: string[];
  agree_at?: number;
  min_cell?: number;
  subgroups?: string[];
  indices: { id: string; label: LocalizedText; items: string[]; reverse?: string[]; min_answered_share?: number }[];
  composites?: { id: string; label: LocalizedText; of: string[]; method?: 'mean' | 'sum' }[];
  item_text?: Record<string, LocalizedText>;
}

function toCodebook(raw: RawCodebook): Codebook {
  const defaultShare = raw.min_answered_share ?? DEFAULT_MIN_ANSWERED_SHARE;
  const indices: IndexDefinition[] = raw.indices.map((index) => ({
    kind: 'index',
    id: index.id,
    label: index.label,
    items: index.items.map((item) => item.trim()),
    reverse: (index.reverse ?? []).map((item) => item.trim()),
    minAnsweredShare: index.min_answered_share ?? defaultShare,
  }));
  const composites: CompositeDefinition[] = (raw.composites ?? []).map((composite) => ({
    kind: 'composite',
    id: composite.id,
    label: composite.label,
    of: composite.of,
    method: composite.method ?? 'mean',
  }));
  return {
    version: 1,
    title: raw.title,
    language: raw.language,
    respondentId: raw.respondent_id?.trim(),
    cohort: {
      column: raw.cohort.column.trim(),
      treated: String(raw.cohort.treated).trim(),
      control: String(raw.cohort.control).trim(),
    },
    scale: { min: raw.scale.min, max: raw.scale.max },
    missingCodes: missingCodesOf(raw),
    valueLabels: new Map(labelEntries(raw)),
    answers: { labelMatching: raw.label_matching ?? 'exact', leadingNumber: raw.leading_number ?? false },
    read: {
      headerRows: raw.read?.header_rows ?? 1,
      columns: new Map(Object.entries(raw.read?.columns ?? {}).map(([name, header]) => [name.trim(), header.trim()])),
      stripGroupPrefix: raw.read?.strip_group_prefix ?? false,
      decimalComma: raw.read?.decimal_comma ?? false,
      complete:
        raw.read?.complete === undefined
          ? undefined
          : { column: raw.read.complete.column.trim(), values: raw.read.complete.values?.map((value) => String(value).trim()) },
    },
    indices,
    composites,
    cluster: raw.cluster?.trim(),
    weights: raw.weights?.trim(),
    covariates: (raw.covariates ?? []).map((c) => c.trim()),
    agreeAt: raw.agree_at ?? raw.scale.max - 1,
    minCell: raw.min_cell ?? DEFAULT_MIN_CELL,
    subgroups: (raw.subgroups ?? []).map((c) => c.trim()),
    itemText: raw.item_text ?? {},
  };
}

/**
 * Validates parsed codebook YAML against the schema and the rules a schema cannot state.
 * Throws one GbvError (code CODEBOOK_INVALID) that lists every problem with its path.
 */
export function validateCodebook(
  data: unknown,
  schema: object,
  file: string,
  locate: LocateYamlPath = () => undefined,
): Codebook {
  if (data === null || data === undefined) {
    throw new GbvError('CODEBOOK_INVALID', 'the codebook is empty', {
      location: { file },
      hint: 'write one with `gbv-impact init SURVEY` (a draft from the survey\'s columns), or start from samples/mexico-2020/codebook.yaml',
    });
  }
  const shapeProblems = checkSchema(data, schema);
  const problems = shapeProblems.length > 0 ? shapeProblems : checkSemantics(data as RawCodebook);
  if (problems.length === 0) return toCodebook(data as RawCodebook);
  return throwProblems(problems, file, locate, 'CODEBOOK_INVALID', 'the codebook format is described in schema/codebook.schema.json and the README');
}
