// Published figures (what a report printed) as the tool reads them from published.yaml.

import type { Codebook } from '../codebook/codebook.js';
import { didYouMean, listChoices } from '../text/did-you-mean.js';
import { checkSchema, throwProblems, type LocateYamlPath, type Problem } from '../yaml-schema/check-schema.js';
import { allIndexIds } from '../codebook/codebook.js';

export type PublishedMetric =
  | 'n_total'
  | 'n_treated'
  | 'n_control'
  | 'diff'
  | 'relative_pct'
  | 'mean_treated'
  | 'mean_control'
  | 'cohen_d'
  | 'hedges_g';

export interface PublishedFigure {
  label: string | undefined;
  index: string | undefined;
  metric: PublishedMetric;
  value: number;
  tolerance: number;
}

export interface PublishedFigures {
  source: { title: string; date?: string; url?: string; note?: string };
  figures: PublishedFigure[];
}

const INDEX_METRICS: PublishedMetric[] = ['diff', 'relative_pct', 'mean_treated', 'mean_control', 'cohen_d', 'hedges_g'];

export function validatePublished(data: unknown, schema: object, codebook: Codebook, file: string, locate: LocateYamlPath): PublishedFigures {
  let problems: Problem[] = checkSchema(data, schema);
  const raw = data as { source: PublishedFigures['source']; figures: Omit<PublishedFigure, 'label' | 'index'>[] & { label?: string; index?: string }[] };
  if (problems.length === 0) {
    const ids = allIndexIds(codebook);
    problems = [];
    raw.figures.forEach((figure, i) => {
      const f = figure as PublishedFigure;
      if (f.index !== undefined && !ids.includes(f.index)) {
        const guess = didYouMean(f.index, ids);
        problems.push({ path: ['figures', i, 'index'], message: `"${f.index}" is not an index of the codebook${guess ? ` (did you mean "${guess}"?)` : ''}; the indices are ${listChoices(ids)}` });
      }
      if (f.index === undefined && INDEX_METRICS.includes(f.metric)) {
        problems.push({ path: ['figures', i], message: `the metric "${f.metric}" needs an index` });
      }
      if (f.index !== undefined && f.metric === 'n_total') {
        problems.push({ path: ['figures', i], message: 'n_total counts the whole sample; remove the index' });
      }
    });
  }
  if (problems.length > 0) throwProblems(problems, file, locate, 'PUBLISHED_INVALID', 'see schema/published.schema.json for the format');
  return {
    source: raw.source,
    figures: (raw.figures as PublishedFigure[]).map((f) => ({ label: f.label, index: f.index, metric: f.metric, value: f.value, tolerance: f.tolerance })),
  };
}
