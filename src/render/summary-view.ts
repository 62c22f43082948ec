// The report's opening summary in plain words (each effect with its CI and what it means) and
// its limitations, chosen from what this run actually found.

import type { Language } from '../core/codebook/codebook.js';
import type { AnalysisReport } from '../core/report.js';
import { direction, type Formatters } from './format.js';
import { fill, type Messages } from './i18n.js';

export function buildSummary(report: AnalysisReport, language: Language, t: Messages, f: Formatters): string[] {
  const { analysis, evaluation } = report;
  return analysis.indices.flatMap((index) => {
    const e = evaluation.indices.find((x) => x.id === index.id);
    const headline = e?.headline;
    if (index.diff === null) return [];
    // A sum of K indices runs from 0 to 100·K: say so, or 29 points reads as the largest effect.
    const scale = index.kind === 'composite' && index.method === 'sum' ? fill(t.scaleOf, { max: f.count(100 * index.components.length) }) : '';
    if (!headline) return [fill(t.summaryNoInference, { label: index.label[language], scale, diff: f.signed(index.diff, 2) })];
    const sentence = fill(index.diff >= 0 ? t.summaryHigher : t.summaryLower, {
      label: index.label[language],
      scale,
      diff: f.num(Math.abs(index.diff), 2),
      low: f.num(headline.ci95[0], 2),
      high: f.num(headline.ci95[1], 2),
      pct: f.percent(index.relativePct),
    });
    const reading = direction(headline.ci95);
    let verdict: string;
    if (reading === 'unclear') verdict = t.verdictUnclear;
    else if (reading === 'decline') verdict = t.verdictDecline;
    else if (index.kind === 'composite' || e.pHolm === null) verdict = t.verdictComposite;
    // With one sub-index tested, Holm corrects nothing: say what is said of a composite.
    else verdict = e.pHolm < 0.05 ? (testedSubIndices(report) === 1 ? t.verdictComposite : t.verdictClear) : t.verdictUncorrected;
    return [`${sentence} ${verdict}`];
  });
}

export function buildLimitations(report: AnalysisReport, t: Messages, f: Formatters): string[] {
  const { diagnostics, codebook } = report;
  const codes = new Set(diagnostics.map((d) => d.code));
  const limits = [t.limitAssociation, t.limitSelfReport];
  // Respondents without a score on at least one sub-index: everyone outside the complete cases.
  const complete = report.evaluation.summaryIndices?.n;
  const noScore = complete !== undefined
    ? report.analysis.rowsAnalysed - complete
    : diagnostics.filter((d) => d.code === 'NO_SCORE').reduce((n, d) => Math.max(n, d.count), 0);
  if (noScore > 0) limits.push(noScore === 1 ? t.limitMissingOne : fill(t.limitMissing, { n: f.count(noScore) }));
  if (codebook.definition.composites.length > 0) limits.push(t.limitComposite);
  if (codes.has('FEW_CLUSTERS')) limits.push(t.limitFewClusters);
  if (codes.has('LOW_ALPHA')) limits.push(t.limitLowAlpha);
  if (codes.has('IMBALANCE')) limits.push(t.limitImbalance);
  return limits;
}

/** The sub-indices with a headline p: the family Holm and Benjamini–Hochberg correct over (STATISTICS.md §9). */
export function testedSubIndices(report: AnalysisReport): number {
  return report.analysis.indices.filter((index) => index.kind === 'index' && report.evaluation.indices.find((e) => e.id === index.id)?.headline).length;
}
