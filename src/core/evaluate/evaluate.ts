// Evaluation-grade statistics on top of the scored survey (STATISTICS.md §7–§11): reliability,
// clustered inference, covariate adjustment, survey weights, multiplicity, balance, items,
// subgroups and summary indices, with the findings a reviewer would raise as diagnostics.

import type { TableAnalysis } from '../analyze-table.js';
import type { Codebook } from '../codebook/codebook.js';
import { describeRows, type Diagnostic } from '../diagnostics.js';
import { cronbachAlpha } from '../stats/cronbach-alpha.js';
import { pAdjustBH, pAdjustHolm } from '../stats/p-adjust.js';
import { parseDecimal } from '../scoring/parse-cell.js';
import { rescaleItem } from '../scoring/score-index.js';
import { spreadCodes } from '../table/table.js';
import { balanceTable, IMBALANCE_THRESHOLD, type BalanceRow } from './balance-table.js';
import { clusterInference, MIN_CLUSTERS_PER_ARM, type ClusterInference } from './cluster-inference.js';
import { prepareAdjustment, type AdjustmentProblem, type CovariateAdjustment } from './covariate-adjustment.js';
import { clusterCodes, parseCovariate } from './covariates.js';
import { itemTable, type ItemRow } from './item-table.js';
import type { RegressionTest } from './regression-test.js';
import { subgroupBreakdown, type SubgroupBreakdown } from './subgroups.js';
import { summaryEffects, type SummaryEffects } from './summary-effects.js';
import { weightedEffect, type WeightedEffect } from './weighted-effect.js';

export const LOW_ALPHA = 0.6;
export const FEW_CLUSTERS = 20;

export interface EvaluationOptions {
  /** Cluster column: --cluster, else the codebook's `cluster`. */
  cluster: string | undefined;
  /** Subgroup columns: --by first, then the codebook's `subgroups`. */
  by: string[];
  minCell: number;
}

/** The inference a report leads with: CR2 when clusters are declared, Welch otherwise. */
export interface Headline {
  method: 'welch' | 'cr2';
  se: number;
  df: number;
  p: number;
  ci95: [number, number];
}

export interface IndexEvaluation {
  id: string;
  alpha: { raw: number | null; standardized: number | null; nComplete: number } | null;
  itemRestCorrelations: Record<string, number | null> | null;
  cluster: ClusterInference | null;
  adjusted: CovariateAdjustment | null;
  weighted: WeightedEffect | null;
  headline: Headline | null;
  /** The headline p adjusted across the sub-indices (null for composites). */
  pHolm: number | null;
  pBH: number | null;
  multiplicity: { welch: { holm: number | null; bh: number | null }; cr1: { holm: number | null; bh: number | null } | null } | null;
}

export interface Evaluation {
  cluster: { column: string; clusters: number } | null;
  indices: IndexEvaluation[];
  balance: BalanceRow[];
  items: ItemRow[];
  subgroups: SubgroupBreakdown[];
  summaryIndices: SummaryEffects | null;
  diagnostics: Diagnostic[];
}

/**
 * An item-rest correlation that suggests a missed (or wrong) reverse coding: negative as the
 * warning shows it, at two decimals. An item that does not correlate at all (r = 0 give or take
 * rounding, which may come out as −2e-17, or −0.004) is not such a sign.
 */
export function correlatesNegatively(r: number): boolean {
  return Number(r.toFixed(2)) < 0;
}

/**
 * CR2 when it could be computed, Welch otherwise; the report says which (and why not CR2). CR2's
 * sample is the rows with a cluster (STATISTICS.md §8a): where some scored rows have none, a
 * warning (CLUSTER_VALUE_MISSING) gives the difference its interval is about.
 */
function headlineOf(welch: { se: number; df: number; p: number; ci95: [number, number] } | null, cluster: ClusterInference | null): Headline | null {
  const cr2: RegressionTest | null = cluster?.cr2 ?? null;
  if (cr2) return { method: 'cr2', se: cr2.se, df: cr2.df, p: cr2.p, ci95: cr2.ci95 };
  return welch ? { method: 'welch', se: welch.se, df: welch.df, p: welch.p, ci95: welch.ci95 } : null;
}

export const ADJUSTMENT_PROBLEMS: Record<AdjustmentProblem, string> = {
  'one-cohort': 'only one cohort has rows with every covariate',
  'treated-collinear': 'the covariates already determine who was trained (for example, training given to whole states with the state as a covariate), so training cannot be separated from them',
  'too-few-rows': 'there are fewer rows than model parameters',
  'leverage-one': 'one respondent alone decides the training coefficient (for example, the only trained officer in a covariate category), so the HC2 standard error is undefined; merge rare categories',
  'perfect-fit': 'the covariates explain the scores exactly',
};

export function evaluate(codebook: Codebook, analysis: TableAnalysis, options: EvaluationOptions, file: string): Evaluation {
  const { treated, scores, items: answers, column } = analysis.rowsUsed;
  const diagnostics: Diagnostic[] = [];
  const clusters = options.cluster !== undefined ? clusterCodes(column(options.cluster)) : undefined;
  const covariates = codebook.covariates.map((name) => parseCovariate(name, column(name), codebook));
  // One design for every index: they differ only in which rows have no score.
  let adjustment = covariates.length > 0 ? prepareAdjustment(treated, covariates, clusters?.codes) : null;

  let weights: Float64Array | undefined;
  if (codebook.weights !== undefined) {
    const cells = column(codebook.weights);
    const byCode = cells.values.map((cell) => {
      const w = parseDecimal(cell);
      return Number.isFinite(w) && w > 0 ? w : NaN;
    });
    weights = spreadCodes(cells.codes, byCode, new Float64Array(cells.codes.length));
    const bad = weights.reduce((n, w) => n + (Number.isNaN(w) ? 1 : 0), 0);
    if (bad > 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'WEIGHT_UNUSABLE',
        message: `${bad} row${bad === 1 ? ' has' : 's have'} a weight that is empty, not a number, zero or negative in "${codebook.weights}"; they are left out of the weighted comparison only`,
        location: { file, column: codebook.weights },
        count: bad,
        params: { count: bad, column: codebook.weights },
      });
    }
  }

  const { min, max } = codebook.scale;
  const rescaled = (item: string, reverse: boolean) => {
    const { codes, values } = answers.get(item)!;
    return { codes, values: values.map((x) => (Number.isNaN(x) ? NaN : rescaleItem(x, min, max, reverse))) };
  };
  const itemsOf = (id: string): { item: string; reverse: boolean }[] => {
    const index = codebook.indices.find((i) => i.id === id);
    if (index) return index.items.map((item) => ({ item, reverse: index.reverse.includes(item) }));
    const composite = codebook.composites.find((c) => c.id === id)!;
    const seen = new Set<string>();
    return composite.of.flatMap(itemsOf).filter(({ item }) => !seen.has(item) && (seen.add(item), true));
  };

  const adjusted = (id: string, outcome: CovariateAdjustment | AdjustmentProblem): CovariateAdjustment | null => {
    if (typeof outcome !== 'string') return outcome;
    diagnostics.push({
      severity: 'warning',
      code: 'ADJUSTMENT_UNAVAILABLE',
      message: `no covariate-adjusted difference for "${id}": ${ADJUSTMENT_PROBLEMS[outcome]}`,
      count: 1,
      params: { index: id, reason: outcome },
    });
    return null;
  };

  const indices: IndexEvaluation[] = analysis.indices.map((result) => {
    const list = itemsOf(result.id);
    const alpha = cronbachAlpha(list.map(({ item, reverse }) => rescaled(item, reverse)));
    const cluster = clusters && options.cluster !== undefined ? clusterInference(options.cluster, scores.get(result.id)!, treated, clusters.codes) : null;
    if (clusters && options.cluster !== undefined && !cluster?.cr2) {
      diagnostics.push({
        severity: 'warning',
        code: 'CLUSTER_UNAVAILABLE',
        message: `no cluster-robust inference for "${result.id}": it needs at least ${MIN_CLUSTERS_PER_ARM} clusters with trained and ${MIN_CLUSTERS_PER_ARM} with untrained officers, and scores that vary; its interval and p are Welch's`,
        location: { file, column: options.cluster },
        count: 1,
        params: { index: result.id, column: options.cluster, min: MIN_CLUSTERS_PER_ARM },
      });
    }
    const idScores = scores.get(result.id)!;
    if (alpha.raw !== null && alpha.raw < LOW_ALPHA) {
      diagnostics.push({
        severity: 'warning',
        code: 'LOW_ALPHA',
        message: `Cronbach's alpha of "${result.id}" is ${alpha.raw.toFixed(2)}, below ${LOW_ALPHA}: its items may not measure one thing, and its score is noisy`,
        count: 1,
        params: { index: result.id, alpha: alpha.raw.toFixed(2), threshold: LOW_ALPHA },
        hint: 'check the reverse-coded items and the item wording',
      });
    }
    if (result.kind === 'index') {
      list.forEach(({ item }, j) => {
        const r = alpha.itemRest[j];
        if (r !== null && r !== undefined && correlatesNegatively(r)) {
          diagnostics.push({
            severity: 'warning',
            code: 'REVERSE_CODING_SUSPECT',
            message: `item "${item}" correlates negatively (r = ${r.toFixed(2)}) with the rest of "${result.id}": is it reverse-coded${list[j]!.reverse ? ' by mistake' : ' but not declared in reverse'}?`,
            location: { file, column: item },
            count: 1,
            params: { item, index: result.id, r: r.toFixed(2), declared: list[j]!.reverse ? 1 : 0 },
            hint: 'compare the item wording with the others; fix `reverse:` in the codebook',
          });
        }
      });
    }
    return {
      id: result.id,
      alpha: list.length >= 2 ? { raw: alpha.raw, standardized: alpha.standardized, nComplete: alpha.nComplete } : null,
      itemRestCorrelations: result.kind === 'index' ? Object.fromEntries(list.map(({ item }, j) => [item, alpha.itemRest[j] ?? null])) : null,
      cluster,
      adjusted: adjustment ? adjusted(result.id, adjustment.fit(idScores)) : null,
      weighted: weights ? weightedEffect(idScores, treated, weights, clusters?.codes) : null,
      headline: headlineOf(result.welch, cluster),
      pHolm: null,
      pBH: null,
      multiplicity: null,
    };
  });
  // Every index is fitted: the design's per-row numbering can go before the summary indices.
  adjustment = null;
  // An index some respondents have a score on but no interval: too few in a cohort (none, even: no
  // difference either), or scores that do not vary. (With no score at all, NO_SCORE says so.)
  for (const result of analysis.indices) {
    const e = indices.find((x) => x.id === result.id)!;
    const nT = result.treated.n;
    const nC = result.control.n;
    if (e.headline !== null || nT + nC === 0) continue;
    diagnostics.push({
      severity: 'warning',
      code: 'NO_INFERENCE',
      message: `no interval or p for "${result.id}": a test needs at least 2 respondents with a score in each cohort and scores that vary, and it has ${nT} trained and ${nC} untrained`,
      count: 1,
      params: { index: result.id, treated: nT, control: nC },
    });
  }

  // The indices whose CR2 headline leaves out scored rows without a cluster: its interval is about
  // the difference of the rows with one, which the warning gives (the tables show every row's).
  const clusteredOnFewer = analysis.indices.flatMap((result) => {
    const e = indices.find((x) => x.id === result.id)!;
    const cr2 = e.headline?.method === 'cr2' ? e.cluster!.cr2! : null;
    return cr2 && e.cluster!.n < result.treated.n + result.control.n ? [{ id: result.id, n: e.cluster!.n, estimate: cr2.estimate }] : [];
  });
  const withoutCluster = clusteredOnFewer.length > 0 ? rowsWithoutCluster(clusters!.codes) : [];
  if (withoutCluster.length > 0) {
    const n = withoutCluster.length;
    const rows = withoutCluster.map(analysis.rowsUsed.rowNumber);
    const signed = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(2)}`;
    diagnostics.push({
      severity: 'warning',
      code: 'CLUSTER_VALUE_MISSING',
      message:
        `${n} row${n === 1 ? ' has' : 's have'} no value in "${options.cluster}" (${describeRows(rows)}): cluster-robust inference leaves them out, ` +
        `so the interval and p are about the difference of the rows with a cluster, not the one shown: ` +
        clusteredOnFewer.map((c) => `"${c.id}" ${signed(c.estimate)} on ${c.n} rows`).join(', '),
      location: { file, row: rows[0]!, column: options.cluster },
      count: n,
      rows,
      params: {
        count: n,
        column: options.cluster!,
        indices: clusteredOnFewer.map((c) => c.id).join(','),
        estimates: clusteredOnFewer.map((c) => signed(c.estimate)).join(','),
        ns: clusteredOnFewer.map((c) => c.n).join(','),
      },
      hint: 'fill in the cluster of these rows, or leave them out of the file, so that the interval is about the difference shown',
    });
  }

  // Multiplicity: the family is the sub-indices (composites excluded), STATISTICS.md §9.
  const family = indices.filter((_, i) => analysis.indices[i]!.kind === 'index');
  const welchP = family.map((e) => analysis.indices.find((i) => i.id === e.id)!.welch?.p ?? null);
  const cr1P = family.map((e) => e.cluster?.cr1?.p ?? null);
  const headlineP = family.map((e) => e.headline?.p ?? null);
  const [welchHolm, welchBH, cr1Holm, cr1BH, holm, bh] = [
    pAdjustHolm(welchP), pAdjustBH(welchP), pAdjustHolm(cr1P), pAdjustBH(cr1P), pAdjustHolm(headlineP), pAdjustBH(headlineP),
  ];
  family.forEach((e, k) => {
    e.pHolm = holm[k]!;
    e.pBH = bh[k]!;
    e.multiplicity = {
      welch: { holm: welchHolm[k]!, bh: welchBH[k]! },
      cr1: clusters ? { holm: cr1Holm[k]!, bh: cr1BH[k]! } : null,
    };
  });

  let clusterSummary: Evaluation['cluster'] = null;
  if (clusters && options.cluster !== undefined) {
    const present = clusters.labels.length;
    clusterSummary = { column: options.cluster, clusters: present };
    if (present < FEW_CLUSTERS) {
      diagnostics.push({
        severity: 'warning',
        code: 'FEW_CLUSTERS',
        message: `only ${present} cluster${present === 1 ? '' : 's'} in "${options.cluster}": cluster-robust inference is fragile below ${FEW_CLUSTERS}; the CR2 small-sample correction helps but intervals may still be too narrow`,
        location: { file, column: options.cluster },
        count: present,
        params: { clusters: present, column: options.cluster, threshold: FEW_CLUSTERS },
      });
    }
  }

  const balance = balanceTable(covariates, treated);
  const imbalanced = balance.filter((row) => row.imbalanced);
  if (imbalanced.length > 0) {
    const names = imbalanced.map((row) => (row.level === null ? row.covariate : `${row.covariate} = ${row.level}`));
    diagnostics.push({
      severity: 'info',
      code: 'IMBALANCE',
      message: `the cohorts differ on ${names.join(', ')} (standardised difference above ${IMBALANCE_THRESHOLD}); where these also shape the answers, the raw difference mixes training with who was trained: read the adjusted difference`,
      count: imbalanced.length,
      params: { covariates: names.join(', '), threshold: IMBALANCE_THRESHOLD },
    });
  }

  const subIds = codebook.indices.map((i) => i.id);
  const summary =
    subIds.length >= 2
      ? summaryEffects(subIds, scores, subIds.map((id) => analysis.indices.find((i) => i.id === id)!.diff), treated, clusters?.codes)
      : null;

  if (summary && summary.anderson.effect === null) {
    diagnostics.push({
      severity: 'warning',
      code: 'ANDERSON_UNAVAILABLE',
      message: 'no Anderson summary index: the sub-indices are perfectly correlated on complete cases, so their covariance cannot be inverted',
      count: 1,
      params: {},
    });
  }

  return {
    cluster: clusterSummary,
    indices,
    balance,
    items: itemTable(codebook, answers, treated),
    subgroups: [...new Set(options.by)].map((name) => subgroupBreakdown(name, column(name), treated, scores, options.minCell)),
    summaryIndices: summary,
    diagnostics,
  };
}

/** The analysis rows whose cluster cell is empty (code −1). */
function rowsWithoutCluster(codes: ArrayLike<number>): number[] {
  const rows: number[] = [];
  for (let r = 0; r < codes.length; r++) if (codes[r]! < 0) rows.push(r);
  return rows;
}
