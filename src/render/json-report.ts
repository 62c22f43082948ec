// The JSON report: versioned (schema/report.schema.json), unrounded, language-neutral. Field
// names are a public contract that users' scripts read; change them only with a new major
// schemaVersion.

import type { AnalysisReport } from '../core/report.js';
import type { IndexResult } from '../core/analyze-table.js';

export const SCHEMA_VERSION = '1.0.0';

function indexJson(index: IndexResult) {
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
    };
  }
  return { ...common, method: index.method, components: index.components, componentDiffs: index.componentDiffs };
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
    indices: analysis.indices.map(indexJson),
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
