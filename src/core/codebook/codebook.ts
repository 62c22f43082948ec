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

export interface Codebook {
  version: 1;
  title: LocalizedText;
  language: Language | undefined;
  respondentId: string | undefined;
  cohort: { column: string; treated: string; control: string };
  scale: { min: number; max: number };
  missingCodes: CellCode[];
  /** Text answer → number, matched exactly after trimming. */
  valueLabels: Map<string, number>;
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
  return refs;
}
