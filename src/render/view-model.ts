// The one place numbers are rounded and formatted. Every renderer (terminal, Markdown, HTML)
// receives these strings; JSON alone reads the unrounded report.

import type { Language } from '../core/codebook/codebook.js';
import type { AnalysisReport } from '../core/report.js';
import { formatLocation } from '../errors.js';
import { describeDiagnostic } from './describe-diagnostic.js';
import { fill, messagesFor, type Messages } from './i18n.js';
import { buildSections, type SectionView } from './sections-view.js';
import { buildCharts, type ChartsView } from './charts-view.js';
import { buildLimitations, buildSummary, testedSubIndices } from './summary-view.js';
import { direction, makeFormatters, type Direction, type Formatters } from './format.js';


export interface IndexView {
  id: string;
  label: string;
  kind: 'index' | 'composite';
  controlN: string;
  controlMean: string;
  controlSd: string;
  treatedN: string;
  treatedMean: string;
  treatedSd: string;
  diff: string;
  ci: string;
  diffWithCi: string;
  relativePct: string;
  p: string;
  pHolm: string;
  g: string;
  direction: Direction;
}

export interface FigureView {
  name: string;
  metric: string;
  published: string;
  reproduced: string;
  deviation: string;
  tolerance: string;
  status: string;
  failed: boolean;
}

export interface DiagnosticView {
  severity: string;
  where: string;
  message: string;
  hint: string;
}

export interface ReportView {
  lang: Language;
  t: Messages;
  title: string;
  date: string;
  hasDate: boolean;
  toolVersion: string;
  surveyFile: string;
  surveySha256: string;
  rowsLine: string;
  droppedLine: string;
  hasDropped: boolean;
  codebookSource: string;
  codebookSha256: string;
  treatedLabel: string;
  controlLabel: string;
  treatedN: string;
  controlN: string;
  indices: IndexView[];
  unitsNote: string;
  headlineNote: string;
  holmNote: string;
  compositeNotes: string[];
  association: string;
  adjustments: string;
  sections: SectionView[];
  summary: string[];
  limitations: string[];
  charts: ChartsView;
  /** Relative links to chart files written by --assets (Markdown); empty otherwise. */
  assets: { hasAssets: boolean; hasBalance: boolean; forest: string; means: string; balance: string };
  hasReproduction: boolean;
  reproduction: {
    file: string;
    heading: string;
    figures: FigureView[];
    summary: string;
    passed: boolean;
    inconsistencies: string[];
    hasInconsistencies: boolean;
  };
  diagnostics: DiagnosticView[];
  hasDiagnostics: boolean;
}

export function buildView(report: AnalysisReport, language: Language): ReportView {
  const t = messagesFor(language);
  const f = makeFormatters(language);
  const { analysis, codebook } = report;
  const definition = codebook.definition;
  const labelOf = (id: string) => {
    const found = analysis.indices.find((i) => i.id === id);
    return found ? found.label[language] : id;
  };

  const indices: IndexView[] = analysis.indices.map((index) => {
    const evaluation = report.evaluation.indices.find((e) => e.id === index.id);
    const headline = evaluation?.headline ?? null;
    const ci = headline ? `[${f.num(headline.ci95[0], 2)}, ${f.num(headline.ci95[1], 2)}]` : '';
    return {
      id: index.id,
      label: index.label[language],
      kind: index.kind,
      controlN: f.count(index.control.n),
      controlMean: f.num(index.control.mean, 2),
      controlSd: f.num(index.control.sd, 2),
      treatedN: f.count(index.treated.n),
      treatedMean: f.num(index.treated.mean, 2),
      treatedSd: f.num(index.treated.sd, 2),
      diff: f.signed(index.diff, 2),
      ci,
      diffWithCi: ci ? `${f.signed(index.diff, 2)} ${ci}` : f.signed(index.diff, 2),
      relativePct: f.percent(index.relativePct),
      p: f.pValue(headline?.p ?? null),
      pHolm: index.kind === 'index' ? f.pValue(evaluation?.pHolm ?? null) : '',
      g: f.num(index.hedgesG, 2),
      direction: direction(headline?.ci95),
    };
  });

  const compositeNotes = analysis.indices.flatMap((index) => {
    if (index.kind !== 'composite') return [];
    const method = index.method === 'sum' ? t.methodSum : t.methodMean;
    return [
      fill(t.compositeNote, {
        label: index.label[language],
        method,
        components: joinList(index.components.map(labelOf).map((l) => `“${l}”`), t.and),
        n: f.count(index.control.n + index.treated.n),
        componentValue: f.signed(index.method === 'sum' ? index.componentDiffs.sum : index.componentDiffs.mean, 2),
      }),
    ];
  });
  const maxComponents = Math.max(1, ...definition.composites.filter((c) => c.method === 'sum').map((c) => c.of.length));

  const expect = report.expect;
  const failedCount = expect ? expect.reproduction.figures.filter((fig) => fig.status === 'miss' || fig.status === 'not_computable').length : 0;
  const anyExplained = expect?.reproduction.figures.some((fig) => fig.status === 'source_inconsistent') ?? false;
  const reproduction = {
    file: expect?.file ?? '',
    heading: expect ? fill(t.reproductionOf, { file: expect.file }) : '',
    figures: (expect?.reproduction.figures ?? []).map((fig): FigureView => {
      const digits = fig.metric.startsWith('n_') ? 0 : 2;
      return {
        name: fig.index ? labelOf(fig.index) : fig.label ?? fig.metric,
        metric: t[`metric_${fig.metric}`],
        published: f.plain(fig.published),
        reproduced: fig.reproduced === null ? t.notComputable : f.num(fig.reproduced, digits === 0 ? 0 : 3),
        deviation: f.signed(fig.deviation, digits === 0 ? 0 : 4),
        tolerance: f.plain(fig.tolerance),
        status: t[`status_${fig.status}`],
        failed: fig.status === 'miss' || fig.status === 'not_computable',
      };
    }),
    summary: !expect ? '' : failedCount === 1 ? t.reproductionFailedOne : failedCount > 0 ? fill(t.reproductionFailed, { count: failedCount }) : anyExplained ? t.reproductionPassedExplained : t.reproductionPassed,
    passed: expect?.reproduction.passed ?? true,
    inconsistencies: (expect?.reproduction.inconsistencies ?? []).map((inc) => {
      const parts = inc.parts.map((part) => f.plain(part.value)).join(' + ');
      return fill(inc.kind === 'composite' ? t.compositeInconsistency : t.totalInconsistency, {
        subject: labelOf(inc.subject),
        published: f.plain(inc.published),
        method: inc.method === 'sum' ? t.methodSum : t.methodMean,
        parts: inc.method === 'sum' ? parts : `(${parts}) / ${inc.parts.length}`,
        implied: f.plain(inc.implied),
        gap: f.num(Math.abs(inc.published - inc.implied), 2),
      });
    }),
    hasInconsistencies: (expect?.reproduction.inconsistencies.length ?? 0) > 0,
  };

  // Inconsistencies of the source are shown in the reproduction section already.
  const diagnostics = report.diagnostics.filter((d) => !(expect && d.code === 'PUBLISHED_INCONSISTENT')).map((d) => ({
    severity: t[`severity_${d.severity}`],
    where: formatLocation(d.location),
    message: describeDiagnostic(d, language, labelOf),
    hint: d.hint ?? '',
  }));

  return {
    lang: language,
    t,
    title: definition.title[language],
    // The reader's way of writing a date; JSON keeps the ISO form.
    date: report.date === undefined ? '' : new Intl.DateTimeFormat(t.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${report.date}T00:00:00Z`)),
    hasDate: report.date !== undefined,
    toolVersion: report.tool.version,
    surveyFile: report.input.file,
    surveySha256: report.input.sha256,
    rowsLine: fill(t.rowsLine, { read: f.count(analysis.rowsRead), analysed: f.count(analysis.rowsAnalysed) }),
    droppedLine: fill(t.dropped, { empty: f.count(analysis.rowsDropped.empty), other: f.count(analysis.rowsDropped.otherCohort) }),
    hasDropped: analysis.rowsDropped.empty + analysis.rowsDropped.otherCohort > 0,
    codebookSource: codebook.discovery === 'built-in' ? t.builtInCodebook : codebook.source,
    codebookSha256: codebook.sha256,
    treatedLabel: t.trained,
    controlLabel: t.control,
    treatedN: f.count(analysis.cohorts.treated.n),
    controlN: f.count(analysis.cohorts.control.n),
    indices,
    unitsNote: fill(t.unitsNote, { sums: definition.composites.some((c) => c.method === 'sum') ? fill(t.unitsSums, { sumMax: f.count(100 * maxComponents) }) : '' }),
    headlineNote: headlineNote(report, t, f),
    holmNote: holmNote(testedSubIndices(report), t, f),
    compositeNotes,
    association: t.association,
    adjustments: adjustmentsText(report, t, f),
    sections: buildSections(report, language, t, f),
    summary: buildSummary(report, language, t, f),
    limitations: buildLimitations(report, t, f),
    charts: buildCharts(report, language, t, f),
    assets: { hasAssets: false, hasBalance: false, forest: '', means: '', balance: '' },
    hasReproduction: expect !== undefined,
    reproduction,
    diagnostics,
    hasDiagnostics: diagnostics.length > 0,
  };
}

/** What p Holm corrects for: nothing to say without a tested sub-index, nothing to correct with one. */
function holmNote(tested: number, t: Messages, f: Formatters): string {
  if (tested === 0) return '';
  return tested === 1 ? t.holmNoteOne : fill(t.holmNote, { m: f.count(tested) });
}

function headlineNote(report: AnalysisReport, t: Messages, f: Formatters): string {
  const { evaluation } = report;
  const methods = new Set(evaluation.indices.map((e) => e.headline?.method).filter((m) => m !== undefined));
  if (!evaluation.cluster || !methods.has('cr2')) return t.headlineWelch;
  const note = fill(t.headlineCr2, { column: evaluation.cluster.column, clusters: f.count(evaluation.cluster.clusters) });
  return methods.has('welch') ? `${note} ${t.headlineMixed}` : note;
}

function adjustmentsText(report: AnalysisReport, t: Messages, f: Formatters): string {
  const { evaluation, codebook } = report;
  const made: string[] = [];
  // Only what was actually computed: a declared cluster column with too few clusters adjusts nothing.
  if (evaluation.cluster && evaluation.indices.some((e) => e.headline?.method === 'cr2')) {
    made.push(fill(t.adjClustered, { column: evaluation.cluster.column, clusters: f.count(evaluation.cluster.clusters) }));
  }
  if (evaluation.indices.some((e) => e.adjusted)) {
    made.push(fill(t.adjCovariates, { covariates: codebook.definition.covariates.map((c) => `“${c}”`).join(', ') }));
  }
  if (codebook.definition.weights !== undefined && evaluation.indices.some((e) => e.weighted)) {
    made.push(fill(t.adjWeights, { column: codebook.definition.weights }));
  }
  if (testedSubIndices(report) > 1) made.push(fill(t.adjMultiplicity, { m: f.count(testedSubIndices(report)) }));
  return made.length === 0 ? t.noAdjustments : fill(t.adjustmentsMade, { list: joinList(made, t.and) });
}

export function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

