// The codebook model: what the rest of the program knows about an instrument once its YAML has
// been validated. Field names are camelCase here; the YAML keys are snake_case (see
// schema/codebook.schema.json, which is the contract users' editors see).

export type Language = 'en' | 'es';

export interface LocalizedText {
  en: string;
  es: string;
}

export type CellCode = string | number;

export interface IndexDefinition {
  kind: 'index';
  id: string;
  label: LocalizedText;
  items: string[];
  reverse: string[];
  /** Inclusive: a respondent needs answered/k ≥ minAnsweredShare for a score. */
  minAnsweredShare: number;
}

export type CompositeMethod = 'mean' | 'sum';

export interface CompositeDefinition {
  kind: 'composite';
  id: string;
  label: LocalizedText;
  of: string[];
  method: CompositeMethod;
}

/** How an export is read: the platform quirks the codebook's `read:` block declares. */
export interface ReadOptions {
  /** Rows at the top that are header (the first holds the names); 1 for a plain CSV. */
  headerRows: number;
  /** Codebook column name → the header in the file. */
  columns: Map<string, string>;
  /** A codebook name also matches a header that ends in "/name", "-name", ".name" or ":name". */
  stripGroupPrefix: boolean;
  /** "3,5" is 3.5 in the columns read as numbers. */
  decimalComma: boolean;
  /** Column marking complete responses; values that mean complete (any non-empty cell when absent). */
  complete: { column: string; values: string[] | undefined } | undefined;
}

export interface AnswerOptions {
  /** exact: labels and missing codes match after trimming; loose: also ignoring case, accents, spacing. */
  labelMatching: 'exact' | 'loose';
  /** "4 - De acuerdo" reads as 4. */
  leadingNumber: boolean;
}

export const DEFAULT_READ_OPTIONS: ReadOptions = {
  headerRows: 1,
  columns: new Map(),
  stripGroupPrefix: false,
  decimalComma: false,
  complete: undefined,
};

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = { labelMatching: 'exact', leadingNumber: false };

export interface Codebook {
  version: 1;
  title: LocalizedText;
  language: Language | undefined;
  respondentId: string | undefined;
  cohort: { column: string; treated: string; control: string };
  scale: { min: number; max: number };
  /** The codebook's missing codes, plus the common ones when `common_missing_codes` is set. */
  missingCodes: CellCode[];
  /** Text answer → number (built-in Likert labels, then `value_labels`), matched per `answers`. */
  valueLabels: Map<string, number>;
  answers: AnswerOptions;
  read: ReadOptions;
  indices: IndexDefinition[];
  composites: CompositeDefinition[];
  cluster: string | undefined;
  weights: string | undefined;
  covariates: string[];
  /** Answers ≥ agreeAt agree (item-level table). */
  agreeAt: number;
  minCell: number;
  subgroups: string[];
  itemText: Record<string, LocalizedText>;
}

export const DEFAULT_MIN_ANSWERED_SHARE = 0.5;
export const DEFAULT_MIN_CELL = 10;

/** Indices first, then composites: the order every report lists them in. */
export function allIndexIds(codebook: Codebook): string[] {
  return [...codebook.indices.map((i) => i.id), ...codebook.composites.map((c) => c.id)];
}

/** Every survey column the codebook refers to, each with the YAML path that names it. */
export function referencedColumns(codebook: Codebook): { column: string; path: string }[] {
  const refs: { column: string; path: string }[] = [{ column: codebook.cohort.column, path: 'cohort.column' }];
  if (codebook.respondentId !== undefined) refs.push({ column: codebook.respondentId, path: 'respondent_id' });
  if (codebook.cluster !== undefined) refs.push({ column: codebook.cluster, path: 'cluster' });
  if (codebook.weights !== undefined) refs.push({ column: codebook.weights, path: 'weights' });
  codebook.covariates.forEach((column, i) => refs.push({ column, path: `covariates[${i}]` }));
  codebook.subgroups.forEach((column, i) => refs.push({ column, path: `subgroups[${i}]` }));
  codebook.indices.forEach((index, i) =>
    index.items.forEach((column, j) => refs.push({ column, path: `indices[${i}].items[${j}]` })),
  );
  if (codebook.read.complete !== undefined) refs.push({ column: codebook.read.complete.column, path: 'read.complete.column' });
  return refs;
}
