// The whole functional core in one call: a parsed table and a codebook in, every index scored
// and compared out. No file system, no terminal: the command wraps it with reading and writing.

import { checkColumns } from './codebook/check-columns.js';
import type { LocateYamlPath } from './yaml-schema/check-schema.js';
import type { Codebook, LocalizedText } from './codebook/codebook.js';
import { compareIndex, type IndexComparison } from './compare/compare-index.js';
import type { Diagnostic } from './diagnostics.js';
import { noScoreDiagnostic, raggedRowsDiagnostic } from './scoring/row-diagnostics.js';
import { scoreSurvey, type IndexMissingness, type ItemAnswers } from './scoring/score-survey.js';
import { columnForRows, tableRow, type Column, type RowSelection, type Table } from './table/table.js';
import { selectAnalysisRows } from './scoring/select-analysis-rows.js';
import { mean } from 'simple-statistics';

export type TableInput = Table;

interface IndexResultBase extends IndexComparison {
  id: string;
  label: LocalizedText;
}

export interface SubIndexResult extends IndexResultBase {
  kind: 'index';
  items: string[];
  reverse: string[];
  minAnsweredShare: number;
  missingness: IndexMissingness;
}

export interface CompositeResult extends IndexResultBase {
  kind: 'composite';
  method: 'mean' | 'sum';
  components: string[];
  /**
   * The components' own differences (each on its own valid-n sample) combined by the
   * composite's method. It differs from `diff`, which is computed on complete cases only.
   */
  componentDiffs: { sum: number | null; mean: number | null };
}

export type IndexResult = SubIndexResult | CompositeResult;

export interface TableAnalysis {
  rowsRead: number;
  rowsAnalysed: number;
  rowsDropped: { empty: number; otherCohort: number; incomplete: number };
  cohorts: { treated: { value: string; n: number }; control: { value: string; n: number } };
  indices: IndexResult[];
  diagnostics: Diagnostic[];
  /** Per analysis row: its row in the table, cohort flag, every score and every item's answer. */
  rowsUsed: {
    rows: RowSelection;
    treated: Uint8Array;
    scores: Map<string, Float64Array>;
    items: Map<string, ItemAnswers>;
    /** A column's cells for the analysis rows, dictionary-coded ('' where absent or not kept). */
    column: (name: string) => Column;
    /** The spreadsheet row number of analysis row r. */
    rowNumber: (r: number) => number;
  };
}

export function analyzeTable(codebook: Codebook, table: TableInput, surveyFile: string, codebookFile: string, locate?: LocateYamlPath): TableAnalysis {
  const columns = checkColumns(codebook, table.header, surveyFile, codebookFile, locate);
  const diagnostics: Diagnostic[] = [];
  const ragged = raggedRowsDiagnostic(table, surveyFile);
  if (ragged) diagnostics.push(ragged);
  const completeColumn = codebook.read.complete !== undefined ? columns.get(codebook.read.complete.column) : undefined;
  const analysis = selectAnalysisRows(codebook, table, columns.get(codebook.cohort.column)!, surveyFile, completeColumn);
  diagnostics.push(...analysis.diagnostics);
  const scored = scoreSurvey(codebook, table, columns, analysis, surveyFile);
  diagnostics.push(...scored.diagnostics);

  const indices: IndexResult[] = [];
  for (const index of codebook.indices) {
    const missingness = scored.missingness.get(index.id)!;
    indices.push({
      id: index.id,
      label: index.label,
      kind: 'index',
      items: index.items,
      reverse: index.reverse,
      minAnsweredShare: index.minAnsweredShare,
      missingness,
      ...compareIndex(scored.scores.get(index.id)!, analysis.treated),
    });
    const result = indices[indices.length - 1]!;
    const noScore = noScoreDiagnostic(index, missingness, undefined, result.treated.n + result.control.n);
    if (noScore) diagnostics.push(noScore);
  }
  for (const composite of codebook.composites) {
    const parts = composite.of.map((id) => indices.find((index) => index.id === id)!);
    const diffs = parts.map((part) => part.diff);
    const complete = diffs.every((d): d is number => d !== null);
    indices.push({
      id: composite.id,
      label: composite.label,
      kind: 'composite',
      method: composite.method,
      components: composite.of,
      componentDiffs: {
        sum: complete ? diffs.reduce((a, b) => a + b, 0) : null,
        mean: complete ? mean(diffs) : null,
      },
      ...compareIndex(scored.scores.get(composite.id)!, analysis.treated),
    });
  }

  return {
    rowsRead: table.rowCount,
    rowsAnalysed: analysis.rows.count,
    rowsDropped: { empty: analysis.droppedEmpty, otherCohort: analysis.droppedOtherCohort, incomplete: analysis.droppedIncomplete },
    cohorts: {
      treated: { value: codebook.cohort.treated, n: analysis.nTreated },
      control: { value: codebook.cohort.control, n: analysis.nControl },
    },
    indices,
    diagnostics,
    rowsUsed: {
      rows: analysis.rows,
      treated: analysis.treated,
      scores: scored.scores,
      items: scored.items,
      column: (name: string) => columnForRows(table, columns.get(name) ?? -1, analysis.rows),
      rowNumber: (r: number) => table.rowNumbers[tableRow(analysis.rows, r)]!,
    },
  };
}

