// The JSON report: versioned (schema/report.schema.json), unrounded, language-neutral. Field
// names are a public contract that users' scripts read; change them only with a new major
// schemaVersion.

import type { AnalysisReport } from '../core/report.js';
import type { IndexResult } from '../core/analyze-table.js';
import type { IndexEvaluation } from '../core/evaluate/evaluate.js';
import type { RegressionTest } from '../core/evaluate/regression-test.js';

const test = (t: RegressionTest | null) => (t ? { se: t.se, df: t.df, t: t.t, p: t.p, ci95: t.ci95 } : null);

function evaluationJson(e: IndexEvaluation | undefined) {
  if (!e) return {};
  return {
    headline: e.headline,
    pHolm: e.pHolm,
    pBH: e.pBH,
    multiplicity: e.multiplicity,
    alpha: e.alpha,
    itemRestCorrelations: e.itemRestCorrelations,
    cluster: e.cluster && {
      column: e.cluster.column,
      n: e.cluster.n,
      clusters: e.cluster.clusters,
      icc: e.cluster.icc,
      seNaive: e.cluster.seNaive,
      seRatio: e.cluster.seRatio,
      cr1: test(e.cluster.cr1),
      cr2: test(e.cluster.cr2),
      cr2GMinus1: test(e.cluster.cr2GMinus1),
    },
    adjusted: e.adjusted && {
      covariates: e.adjusted.covariates,
      n: e.adjusted.n,
      nDroppedMissingCovariate: e.adjusted.nDroppedMissingCovariate,
      nParams: e.adjusted.nParams,
      coef: e.adjusted.estimate,
      se: e.adjusted.se,
      df: e.adjusted.df,
      t: e.adjusted.t,
      p: e.adjusted.p,
      ci95: e.adjusted.ci95,
      clusterCr1: test(e.adjusted.clusterCr1),
    },
    weighted: e.weighted && {
      n: e.weighted.n,
      treated: e.weighted.treated,
      control: e.weighted.control,
      diff: e.weighted.diff,
      relativePct: e.weighted.relativePct,
      wlsHc1: test(e.weighted.wlsHc1),
      wlsClusterCr1: test(e.weighted.wlsClusterCr1),
    },
  };
}

export const SCHEMA_VERSION = '1.2.0';

function indexJson(index: IndexResult, evaluation: IndexEvaluation | undefined) {
  const common = {
    id: index.id,
    label: index.label,
    kind: index.kind,
    control: index.control,
    treated: index.treated,
    diff: index.diff,
    relativePct: index.relativePct,
    welch: index.welch,
    student: index.student,
    sdPooled: index.sdPooled,
    cohenD: index.cohenD,
    hedgesG: index.hedgesG,
    hedgesGApprox: index.hedgesGApprox,
  };
  if (index.kind === 'index') {
    return {
      ...common,
      items: index.items,
      reverse: index.reverse,
      minAnsweredShare: index.minAnsweredShare,
      missingness: index.missingness,
      ...evaluationJson(evaluation),
    };
  }
  return {
    ...common,
    method: index.method,
    components: index.components,
    componentDiffs: index.componentDiffs,
    ...evaluationJson(evaluation),
  };
}

export function buildJsonReport(report: AnalysisReport): Record<string, unknown> {
  const { analysis, codebook, input } = report;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: report.tool,
    ...(report.date !== undefined ? { date: report.date } : {}),
    input: {
      file: input.file,
      sha256: input.sha256,
      encoding: input.encoding,
      delimiter: input.delimiter,
      bom: input.hadBom,
      rowsRead: analysis.rowsRead,
      blankLinesSkipped: input.blankLinesSkipped,
      rowsAnalysed: analysis.rowsAnalysed,
      rowsDropped: analysis.rowsDropped,
      format: input.format,
      encodingSource: input.encodingSource,
      delimiterSource: input.delimiterSource,
      lineEnding: input.lineEnding,
      sheet: input.sheet,
      headerRowsSkipped: input.headerRowsSkipped,
    },
    codebook: {
      source: codebook.source,
      discovery: codebook.discovery,
      sha256: codebook.sha256,
      title: codebook.definition.title,
      scale: codebook.definition.scale,
    },
    cohorts: {
      column: codebook.definition.cohort.column,
      treated: analysis.cohorts.treated,
      control: analysis.cohorts.control,
    },
    cluster: report.evaluation.cluster,
    indices: analysis.indices.map((index) => indexJson(index, report.evaluation.indices.find((e) => e.id === index.id))),
    balance: report.evaluation.balance,
    items: report.evaluation.items,
    subgroups: report.evaluation.subgroups,
    summaryIndices: report.evaluation.summaryIndices && {
      ...report.evaluation.summaryIndices,
      klk: { ...report.evaluation.summaryIndices.klk, clusterCr1: test(report.evaluation.summaryIndices.klk.clusterCr1) },
      anderson: { ...report.evaluation.summaryIndices.anderson, clusterCr1: test(report.evaluation.summaryIndices.anderson.clusterCr1) },
    },
    ...(report.expect
      ? {
          expect: {
            file: report.expect.file,
            source: report.expect.published.source,
            passed: report.expect.reproduction.passed,
            figures: report.expect.reproduction.figures,
            inconsistencies: report.expect.reproduction.inconsistencies,
          },
        }
      : {}),
    diagnostics: report.diagnostics,
  };
}

/** JSON text with numbers cut to 15 significant digits (STATISTICS.md §12) and NaN as null. */
export function renderJson(report: AnalysisReport): string {
  return `${JSON.stringify(
    buildJsonReport(report),
    (_key, value: unknown) => {
      if (typeof value !== 'number') return value;
      if (!Number.isFinite(value)) return null;
      return Number(value.toPrecision(15));
    },
    2,
  )}\n`;
}
