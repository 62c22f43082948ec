// The report's charts as finished SVG strings, built from the unrounded results and the
// report's language. Templates insert them as they are ({{{charts.forest}}}): every piece of
// text inside went through escapeXml, so data can never become markup.

import type { Language } from '../core/codebook/codebook.js';
import type { AnalysisReport } from '../core/report.js';
import { cohortMeans } from './charts/cohort-means.js';
import { forestPlot } from './charts/forest-plot.js';
import { lovePlot } from './charts/love-plot.js';
import { direction, type Formatters } from './format.js';
import { fill, type Messages } from './i18n.js';

export interface ChartsView {
  forest: string;
  means: string;
  balance: string;
  hasForest: boolean;
  hasBalance: boolean;
  /** Balanced levels of many-level covariates left out of the Love plot ('' when none). */
  balanceNote: string;
}

const MANY_LEVELS = 6;

export function buildCharts(report: AnalysisReport, language: Language, t: Messages, f: Formatters): ChartsView {
  const { analysis, evaluation } = report;
  // Sub-indices and mean composites share the 0–100 scale; sum composites do not.
  const onScale = analysis.indices.filter((index) => index.kind === 'index' || index.method === 'mean');
  const forestRows = onScale.flatMap((index) => {
    const headline = evaluation.indices.find((e) => e.id === index.id)?.headline;
    if (!headline || index.diff === null) return [];
    return [{
      label: index.label[language],
      estimate: index.diff,
      low: headline.ci95[0],
      high: headline.ci95[1],
      direction: direction(headline.ci95),
      valueText: `${f.signed(index.diff, 2)} [${f.num(headline.ci95[0], 2)}, ${f.num(headline.ci95[1], 2)}]`,
    }];
  });
  const forest = forestRows.length > 0
    ? forestPlot(forestRows, { id: 'forest-plot', title: t.chartForestTitle, description: t.chartForestDesc }, (v) => f.plain(v), t.axisDiff)
    : '';

  const meansRows = onScale.flatMap((index) =>
    index.control.mean === null || index.treated.mean === null ? [] : [{ label: index.label[language], control: index.control.mean, treated: index.treated.mean }],
  );
  const means = meansRows.length > 0
    ? cohortMeans(meansRows, { id: 'cohort-means', title: t.chartMeansTitle, description: t.chartMeansDesc }, (v) => f.plain(v), { control: t.control, treated: t.trained }, [0, 100], t.axisMean)
    : '';

  const drawn = evaluation.balance
    .filter((row) => row.kind === 'numeric' || row.imbalanced || evaluation.balance.filter((o) => o.covariate === row.covariate).length <= MANY_LEVELS)
  const hidden = evaluation.balance.length - drawn.length;
  const balanceRows = drawn.map((row) => ({
      label: row.level === null ? row.covariate : `${row.covariate}: ${row.level}`,
      stdDiff: row.stdDiff,
      imbalanced: row.imbalanced,
      sign: (row.treated.mean ?? 0) >= (row.control.mean ?? 0) ? 1 : -1,
    }));
  const balance = balanceRows.length > 0
    ? lovePlot(balanceRows, { id: 'love-plot', title: t.chartBalanceTitle, description: t.chartBalanceDesc }, (v) => f.plain(v), t.axisStdDiff, 0.25)
    : '';
  return { forest, means, balance, hasForest: forest !== '', hasBalance: balance !== '', balanceNote: hidden > 0 ? fill(t.hiddenLevels, { count: f.count(hidden) }) : '' };
}
