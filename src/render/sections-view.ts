// The evaluation sections of a report (clustering, reliability, adjustment, weights, balance,
// items, subgroups, summary indices) as generic tables of formatted strings, so the terminal,
// Markdown and HTML renderers each draw them with one piece of code.

import type { Language } from '../core/codebook/codebook.js';
import type { AnalysisReport } from '../core/report.js';
import { fill, type Messages } from './i18n.js';
import { LOW_ALPHA, type IndexEvaluation } from '../core/evaluate/evaluate.js';
import { direction, type Formatters } from './format.js';

export interface SectionRow {
  /** A row that only names what the next row(s) are about, spanning the table. */
  isLabel: boolean;
  label: string;
  cells: string[];
  /** CSS-like class: improvement, decline, unclear, flagged or empty. */
  cls: string;
  /** Detail a terminal summary leaves out (the full reports keep it). */
  detail: boolean;
}

export interface SectionView {
  id: string;
  title: string;
  intro: string;
  head: string[];
  /** 'left' or 'right' per column. */
  align: string[];
  /** The column holding the difference, coloured by its direction; −1 when none. */
  diffColumn: number;
  rows: SectionRow[];
  /** The same rows for documents, where a label and the figures under it share one row. */
  documentRows: SectionRow[];
  notes: string[];
}


const labelRow = (label: string): SectionRow => ({ isLabel: true, label, cells: [], cls: '', detail: false });
const cellsRow = (cells: string[], cls = '', detail = false): SectionRow => ({ isLabel: false, label: '', cells, cls, detail });

/** Categorical covariates with more levels than this show only their imbalanced levels in a terminal. */
const MANY_LEVELS = 6;

/** Folds each label row into the figures row that follows it, for tables without width limits. */
function mergeLabels(rows: readonly SectionRow[]): SectionRow[] {
  const merged: SectionRow[] = [];
  rows.forEach((row, i) => {
    const next = rows[i + 1];
    if (row.isLabel && next && !next.isLabel && next.cells[0] === '') return;
    const previous = rows[i - 1];
    if (!row.isLabel && row.cells[0] === '' && previous?.isLabel) merged.push({ ...row, cells: [previous.label, ...row.cells.slice(1)] });
    else merged.push(row);
  });
  return merged;
}

function ciText(f: Formatters, ci: readonly [number, number] | null | undefined, digits = 2): string {
  return ci ? `[${f.num(ci[0], digits)}, ${f.num(ci[1], digits)}]` : '';
}


export function buildSections(report: AnalysisReport, language: Language, t: Messages, f: Formatters): SectionView[] {
  const { analysis, evaluation, codebook } = report;
  const definition = codebook.definition;
  const labelOf = (id: string) => analysis.indices.find((i) => i.id === id)?.label[language] ?? id;
  const evaluationOf = (id: string) => evaluation.indices.find((e) => e.id === id)!;
  const sections: Omit<SectionView, 'documentRows'>[] = [];

  // Only when some index has clustered inference: a table of headers alone says nothing.
  if (evaluation.cluster && evaluation.indices.some((e) => e.cluster)) {
    sections.push({
      id: 'clustering',
      diffColumn: -1,
      title: t.secClustering,
      intro: t.secClusteringIntro,
      head: [t.index, t.seNaive, t.seCr1, t.seCr2, t.dfCr2, t.ratio, t.icc],
      // seNaive is the classical OLS SE on the clustered sample: the ratio's own denominator.
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: analysis.indices.flatMap((index) => {
        const c = evaluationOf(index.id).cluster;
        if (!c) return [];
        return [
          labelRow(index.label[language]),
          cellsRow(['', f.num(c.seNaive, 3), f.num(c.cr1?.se ?? null, 3), f.num(c.cr2?.se ?? null, 3), f.num(c.cr2?.df ?? null, 1), f.num(c.seRatio, 2), f.num(c.icc, 3)]),
        ];
      }),
      notes: [],
    });
  }

  sections.push({
    id: 'reliability',
    diffColumn: -1,
    title: t.secReliability,
    intro: t.secReliabilityIntro,
    head: [t.index, t.alphaRaw, t.alphaStd, t.nComplete],
    align: ['left', 'right', 'right', 'right'],
    rows: analysis.indices.flatMap((index) => {
      const a = evaluationOf(index.id).alpha;
      if (!a) return [];
      const low = a.raw !== null && a.raw < LOW_ALPHA;
      return [labelRow(index.label[language]), cellsRow(['', `${f.num(a.raw, 2)}${low ? ' !' : ''}`, f.num(a.standardized, 2), f.count(a.nComplete)], low ? 'flagged' : '')];
    }),
    notes: [],
  });

  /**
   * A section's note on its intervals: cluster-robust (naming the indices whose rows fall back,
   * when some do) or not clustered at all. `clustered` says, per index, whether its row is
   * cluster-robust (null: the index has no row in the section).
   */
  const clusteredOrNot = (clustered: (e: IndexEvaluation) => boolean | null, all: string, except: string, none: string): string => {
    const rows = evaluation.indices.filter((e) => clustered(e) !== null);
    if (!evaluation.cluster || !rows.some((e) => clustered(e))) return none;
    const note = fill(all, { column: evaluation.cluster.column });
    const others = rows.filter((e) => !clustered(e)).map((e) => `“${labelOf(e.id)}”`);
    return others.length === 0 ? note : `${note} ${fill(except, { indices: others.join(', ') })}`;
  };

  const anyAdjusted = evaluation.indices.find((e) => e.adjusted)?.adjusted;
  if (anyAdjusted) {
    sections.push({
      id: 'adjusted',
      diffColumn: 2,
      title: t.secAdjusted,
      intro: `${fill(t.secAdjustedIntro, { covariates: definition.covariates.map((c) => `“${c}”`).join(', '), dropped: f.count(anyAdjusted.nDroppedMissingCovariate) })} ${clusteredOrNot(
        (e) => (e.adjusted ? e.adjusted.clusterCr1 !== null : null),
        t.adjustedClustered,
        t.adjustedClusteredExcept,
        t.adjustedHc2,
      )}`,
      head: [t.index, t.raw, t.adjusted, 'p', 'n'],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows: analysis.indices.flatMap((index) => {
        const a = evaluationOf(index.id).adjusted;
        if (!a) return [];
        // With clusters, the interval of the adjusted estimate is clustered too (CR1, G − 1 df).
        const test = a.clusterCr1 ?? a;
        return [labelRow(index.label[language]), cellsRow(['', f.signed(index.diff, 2), `${f.signed(a.estimate, 2)} ${ciText(f, test.ci95)}`, f.pValue(test.p), f.count(a.n)], direction(test.ci95))];
      }),
      notes: [],
    });
  }

  if (definition.weights !== undefined && evaluation.indices.some((e) => e.weighted)) {
    sections.push({
      id: 'weighted',
      diffColumn: 3,
      title: t.secWeighted,
      intro: `${fill(t.secWeightedIntro, { column: definition.weights })} ${clusteredOrNot(
        (e) => (e.weighted ? e.weighted.wlsClusterCr1 !== null : null),
        t.weightedClustered,
        t.weightedClusteredExcept,
        t.weightedHc1,
      )}`,
      head: [t.index, t.control, t.trained, t.diffWithCi, 'p', t.effN],
      align: ['left', 'right', 'right', 'right', 'right', 'right'],
      rows: analysis.indices.flatMap((index) => {
        const w = evaluationOf(index.id).weighted;
        if (!w) return [];
        const test = w.wlsClusterCr1 ?? w.wlsHc1;
        return [
          labelRow(index.label[language]),
          cellsRow(['', f.num(w.control.mean, 2), f.num(w.treated.mean, 2), `${f.signed(w.diff, 2)} ${ciText(f, test?.ci95)}`, f.pValue(test?.p ?? null), `${f.num(w.control.kishN, 0)} / ${f.num(w.treated.kishN, 0)}`], direction(test?.ci95)),
        ];
      }),
      notes: [],
    });
  }

  if (evaluation.balance.length > 0) {
    sections.push({
      id: 'balance',
      diffColumn: 3,
      title: t.secBalance,
      intro: t.secBalanceIntro,
      head: [t.covariate, t.control, t.trained, t.stdDiff],
      align: ['left', 'right', 'right', 'right'],
      rows: evaluation.balance.map((row) => {
        const share = row.kind === 'categorical';
        const levels = evaluation.balance.filter((other) => other.covariate === row.covariate).length;
        const value = (v: number | null) => (share ? (v === null ? f.num(null, 0) : `${f.num(v * 100, 1)}%`) : f.num(v, 2));
        return cellsRow(
          [
            row.level === null ? row.covariate : `${row.covariate}: ${row.level}`,
            value(row.control.mean),
            value(row.treated.mean),
            // Both SDs 0 and different means: the cohorts do not overlap at all.
            `${row.stdDiff === null && row.imbalanced ? ((row.treated.mean ?? 0) > (row.control.mean ?? 0) ? '+∞' : '−∞') : f.signed(row.stdDiff, 2)}${row.imbalanced ? ' !' : ''}`,
          ],
          row.imbalanced ? 'flagged' : '',
          share && levels > MANY_LEVELS && !row.imbalanced,
        );
      }),
      notes: [],
    });
  }

  const { min, max } = definition.scale;
  sections.push({
    id: 'items',
    diffColumn: 3,
    title: t.secItems,
    intro: fill(t.secItemsIntro, { agreeAt: f.plain(definition.agreeAt), disagreeAt: f.plain(min + max - definition.agreeAt) }),
    head: [t.item, t.shareControl, t.shareTreated, t.diffPoints, 'p'],
    align: ['left', 'right', 'right', 'right', 'right'],
    rows: evaluation.items.flatMap((item) => {
      const text = definition.itemText[item.item]?.[language];
      const pct = (v: number | null) => (v === null ? f.num(null, 0) : f.num(v * 100, 1));
      const ci = item.ci95 ? [item.ci95[0] * 100, item.ci95[1] * 100] as [number, number] : null;
      return [
        labelRow(`${item.item}${item.reverse ? ' ↺' : ''}${text ? ` · ${text}` : ''}`),
        cellsRow(['', pct(item.control.share), pct(item.treated.share), `${f.signed(item.diff === null ? null : item.diff * 100, 1)} ${ciText(f, ci, 1)}`, f.pValue(item.p)], direction(ci)),
      ];
    }),
    notes: [],
  });

  for (const breakdown of evaluation.subgroups) {
    sections.push({
      id: `subgroups-${breakdown.column}`,
      diffColumn: 3,
      title: fill(t.secSubgroups, { column: breakdown.column }),
      intro: fill(t.secSubgroupsIntro, { minCell: f.count(breakdown.minCell) }),
      head: [t.group, `n ${t.control.toLowerCase()}`, `n ${t.trained.toLowerCase()}`, t.diffWithCi, 'p'],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows: breakdown.groups.flatMap((group) => {
        const counts = [f.count(group.nControl), f.count(group.nTreated)];
        if (group.smallCell) return [cellsRow([group.value, ...counts, t.countsOnly, ''], 'unclear')];
        return [
          cellsRow([group.value, ...counts, '', '']),
          ...group.indices.flatMap((g) => [
            labelRow(`${group.value} · ${labelOf(g.id)}`),
            cellsRow(['', f.count(g.nControl), f.count(g.nTreated), `${f.signed(g.diff, 2)} ${ciText(f, g.ci95)}`, f.pValue(g.welchP)], direction(g.ci95)),
          ]),
        ];
      }),
      notes: [],
    });
  }

  const summary = evaluation.summaryIndices;
  if (summary) {
    const effectRow = (name: string, effect: { effect: number | null; welch: { ci95: [number, number]; p: number } | null; clusterCr1: { ci95: [number, number]; p: number } | null }) => {
      const test = effect.clusterCr1 ?? effect.welch;
      return cellsRow([name, `${f.signed(effect.effect, 2)} ${ciText(f, test?.ci95)}`, f.pValue(test?.p ?? null)], direction(test?.ci95));
    };
    sections.push({
      id: 'summary',
      diffColumn: 1,
      title: t.secSummary,
      intro: `${fill(t.secSummaryIntro, { n: f.count(summary.n) })} ${
        (summary.klk.clusterCr1 || summary.anderson.clusterCr1) && evaluation.cluster ? fill(t.summaryClustered, { column: evaluation.cluster.column }) : t.summaryWelch
      }`,
      head: [t.summaryIndex, t.effectSd, 'p'],
      align: ['left', 'right', 'right'],
      rows: [effectRow('Kling–Liebman–Katz', summary.klk), effectRow('Anderson', summary.anderson)],
      notes: [
        fill(t.summaryDiffs, {
          sum: f.signed(summary.sumSubindexDiffs, 2),
          mean: f.signed(summary.meanSubindexDiffs, 2),
          aggregate: f.signed(summary.aggregateDiff, 2),
        }),
      ],
    });
  }
  return sections.map((section) => ({ ...section, documentRows: mergeLabels(section.rows) }));
}
