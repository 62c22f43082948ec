// --expect: published figures against reproduced ones, and the published figures against
// each other. A report can contradict itself (the 2020 Mexico release gives an aggregate of
// 28.14 whose three components sum to 29.14); the tool says so instead of hiding it. A figure
// that misses its tolerance fails the check, except when the miss is exactly such a
// contradiction of the source: the reproduction then agrees with what the published
// components imply, and the figure is marked `source_inconsistent`, not `miss`. A composite is
// scored on the respondents with every component, so its difference may differ from its
// components' sum (or mean) as much as the data's own do without the source contradicting itself.

import type { Codebook } from '../codebook/codebook.js';
import type { TableAnalysis } from '../analyze-table.js';
import type { PublishedFigure, PublishedFigures, PublishedMetric } from './published.js';

export type FigureStatus = 'ok' | 'miss' | 'source_inconsistent' | 'not_computable';

export interface FigureCheck {
  label: string | undefined;
  /** null for whole-sample counts. */
  index: string | null;
  metric: PublishedMetric;
  published: number;
  reproduced: number | null;
  /** reproduced − published */
  deviation: number | null;
  tolerance: number;
  status: FigureStatus;
}

export interface SourceInconsistency {
  kind: 'composite' | 'total';
  /** The figure that disagrees with its parts, e.g. `police_skills` or `n_total`. */
  subject: string;
  published: number;
  /** What the other published figures imply for it. */
  implied: number;
  parts: { name: string; value: number }[];
  method: 'sum' | 'mean';
  message: string;
}

export interface Reproduction {
  figures: FigureCheck[];
  inconsistencies: SourceInconsistency[];
  /** True when no figure has status `miss` or `not_computable`. */
  passed: boolean;
}

function reproducedValue(figure: PublishedFigure, analysis: TableAnalysis): number | null {
  const { cohorts } = analysis;
  if (figure.index === undefined) {
    if (figure.metric === 'n_total') return cohorts.treated.n + cohorts.control.n;
    if (figure.metric === 'n_treated') return cohorts.treated.n;
    if (figure.metric === 'n_control') return cohorts.control.n;
    return null;
  }
  const index = analysis.indices.find((i) => i.id === figure.index);
  if (!index) return null;
  const byMetric: Record<Exclude<PublishedMetric, 'n_total'>, number | null> = {
    n_treated: index.treated.n,
    n_control: index.control.n,
    diff: index.diff,
    relative_pct: index.relativePct,
    mean_treated: index.treated.mean,
    mean_control: index.control.mean,
    cohen_d: index.cohenD,
    hedges_g: index.hedgesG,
  };
  return byMetric[figure.metric as Exclude<PublishedMetric, 'n_total'>] ?? null;
}

const figureName = (figure: PublishedFigure) => figure.index ?? figure.metric;

/**
 * How far the data's composite difference is from the same sum or mean of its components' own
 * differences (0 when either is missing). A composite is scored on the respondents with every
 * component, each component on all who have it, so the two differ when some lack a component:
 * published figures that differ by as much do not contradict each other.
 */
function completeCaseGap(analysis: TableAnalysis, id: string, method: 'sum' | 'mean'): number {
  const composite = analysis.indices.find((index) => index.id === id);
  if (composite?.kind !== 'composite' || composite.diff === null) return 0;
  const combined = composite.componentDiffs[method];
  return combined === null ? 0 : composite.diff - combined;
}

function findInconsistencies(published: PublishedFigures, codebook: Codebook, analysis: TableAnalysis): SourceInconsistency[] {
  const found: SourceInconsistency[] = [];
  const find = (index: string | undefined, metric: PublishedMetric) =>
    published.figures.find((f) => f.index === index && f.metric === metric);

  const total = find(undefined, 'n_total');
  const treated = find(undefined, 'n_treated');
  const control = find(undefined, 'n_control');
  if (total && treated && control && total.value !== treated.value + control.value) {
    const implied = treated.value + control.value;
    found.push({
      kind: 'total',
      subject: 'n_total',
      published: total.value,
      implied,
      parts: [{ name: 'n_treated', value: treated.value }, { name: 'n_control', value: control.value }],
      method: 'sum',
      message: `the published total (${total.value}) is not the sum of the published cohorts (${treated.value} + ${control.value} = ${implied})`,
    });
  }

  // Composites are checked on their difference, the figure such reports publish.
  for (const composite of codebook.composites) {
    const whole = find(composite.id, 'diff');
    const parts = composite.of.map((id) => find(id, 'diff'));
    if (!whole || parts.some((p) => p === undefined)) continue;
    const values = parts.map((p) => p!.value);
    const sum = values.reduce((a, b) => a + b, 0);
    const implied = composite.method === 'sum' ? sum : sum / values.length;
    // Rounded published parts can only explain a gap as large as their tolerances allow.
    const allowance = whole.tolerance + parts.reduce((a, p) => a + p!.tolerance, 0) / (composite.method === 'sum' ? 1 : values.length);
    const gap = whole.value - implied;
    // Consistent if the composite is its components' sum (or mean), or off it by as much as the
    // data's own composite is (complete cases): only a gap neither explains is the source's.
    const dataGap = completeCaseGap(analysis, composite.id, composite.method);
    if (Math.abs(gap) <= allowance || Math.abs(gap - dataGap) <= allowance) continue;
    const shown = values.map(formatPlain).join(' + ');
    const fromData =
      Math.abs(dataGap) >= 0.005
        ? ` (in these data the composite, scored on respondents with every component, is ${dataGap > 0 ? '+' : '−'}${Math.abs(dataGap).toFixed(2)} from its components' ${composite.method}, which does not explain it)`
        : '';
    found.push({
      kind: 'composite',
      subject: composite.id,
      published: whole.value,
      implied,
      parts: composite.of.map((id, i) => ({ name: id, value: values[i]! })),
      method: composite.method,
      message:
        `the published ${composite.id} difference (${formatPlain(whole.value)}) is not the ${composite.method} of its published components ` +
        `(${composite.method === 'sum' ? shown : `(${shown}) / ${values.length}`} = ${formatPlain(implied)}); the source itself is off by ${Math.abs(gap).toFixed(2)}${fromData}`,
    });
  }
  return found;
}

/** Plain short number for messages about published figures, which carry at most a few decimals. */
function formatPlain(value: number): string {
  return String(Number(value.toFixed(6)));
}

export function checkPublished(published: PublishedFigures, analysis: TableAnalysis, codebook: Codebook): Reproduction {
  const inconsistencies = findInconsistencies(published, codebook, analysis);
  const figures = published.figures.map((figure): FigureCheck => {
    const reproduced = reproducedValue(figure, analysis);
    const deviation = reproduced === null ? null : reproduced - figure.value;
    let status: FigureStatus;
    if (deviation === null) status = 'not_computable';
    else if (Math.abs(deviation) <= figure.tolerance + 1e-12 * Math.max(1, Math.abs(figure.value))) status = 'ok';
    else {
      const explained = inconsistencies.find(
        (inc) =>
          inc.subject === figureName(figure) &&
          Math.abs(reproduced! - inc.implied - (inc.kind === 'composite' ? completeCaseGap(analysis, inc.subject, inc.method) : 0)) <= figure.tolerance,
      );
      status = explained ? 'source_inconsistent' : 'miss';
    }
    return { label: figure.label, index: figure.index ?? null, metric: figure.metric, published: figure.value, reproduced, deviation, tolerance: figure.tolerance, status };
  });
  const passed = figures.every((f) => f.status === 'ok' || f.status === 'source_inconsistent');
  return { figures, inconsistencies, passed };
}
