// The whole functional core in one call: a parsed table and a codebook in, every index scored
// and compared out. No file system, no terminal: the command wraps it with reading and writing.

import { checkColumns } from './codebook/check-columns.js';
import type { Codebook, LocalizedText } from './codebook/codebook.js';
import { compareIndex, type IndexComparison } from './compare/compare-index.js';
import { describeRows, type Diagnostic } from './diagnostics.js';
import { scoreSurvey, type IndexMissingness } from './scoring/score-survey.js';
import { selectAnalysisRows } from './scoring/select-analysis-rows.js';
import { mean } from 'simple-statistics';

export interface TableInput {
  header: string[];
  rows: string[][];
  rowNumbers: number[];
  raggedRows: { row: number; fields: number }[];
}

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
  rowsDropped: { empty: number; otherCohort: number };
  cohorts: { treated: { value: string; n: number }; control: { value: string; n: number } };
  indices: IndexResult[];
  diagnostics: Diagnostic[];
  /** Per analysis row: position in `rows`, cohort flag, every score and every item's answer. */
  rowsUsed: {
    positions: number[];
    treated: Uint8Array;
    scores: Map<string, Float64Array>;
    items: Map<string, Float64Array>;
    /** The trimmed cells of a column for each analysis row ('' where absent). */
    column: (name: string) => string[];
  };
}

export function analyzeTable(codebook: Codebook, table: TableInput, surveyFile: string, codebookFile: string): TableAnalysis {
  const columns = checkColumns(codebook, table.header, surveyFile, codebookFile);
  const diagnostics: Diagnostic[] = [];
  if (table.raggedRows.length > 0) {
    const rows = table.raggedRows.map((r) => r.row);
    const first = table.raggedRows[0]!;
    diagnostics.push({
      severity: 'error',
      code: 'RAGGED_ROW',
      message: `${rows.length} row${rows.length === 1 ? ' has' : 's have'} a different number of fields from the header (${table.header.length}); row ${first.row} has ${first.fields} (${describeRows(rows)})`,
      location: { file: surveyFile, row: first.row },
      count: rows.length,
      rows,
      hint: 'a delimiter inside an unquoted cell splits it in two: quote such cells, or check --delimiter',
    });
  }
  const analysis = selectAnalysisRows(codebook, table.rows, table.rowNumbers, columns.get(codebook.cohort.column)!, surveyFile);
  diagnostics.push(...analysis.diagnostics);
  const scored = scoreSurvey(codebook, table.rows, table.rowNumbers, columns, analysis, surveyFile);
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
    const below = missingness.belowMinAnswered.treated + missingness.belowMinAnswered.control;
    const none = missingness.noItemsAnswered.treated + missingness.noItemsAnswered.control;
    if (below + none > 0) {
      diagnostics.push({
        severity: 'info',
        code: 'NO_SCORE',
        message: `${below + none} respondent${below + none === 1 ? ' has' : 's have'} no score on "${index.id}": ${below} answered fewer than ${Math.round(index.minAnsweredShare * 100)}% of its ${index.items.length} items and ${none} answered none`,
        count: below + none,
        params: { count: below + none, index: index.id, below, none, share: Math.round(index.minAnsweredShare * 100), items: index.items.length },
      });
    }
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
    rowsRead: table.rows.length,
    rowsAnalysed: analysis.positions.length,
    rowsDropped: { empty: analysis.droppedEmpty, otherCohort: analysis.droppedOtherCohort },
    cohorts: {
      treated: { value: codebook.cohort.treated, n: analysis.nTreated },
      control: { value: codebook.cohort.control, n: analysis.nControl },
    },
    indices,
    diagnostics,
    rowsUsed: {
      positions: analysis.positions,
      treated: analysis.treated,
      scores: scored.scores,
      items: scored.items,
      column: (name: string) => {
        const at = columns.get(name);
        return analysis.positions.map((p) => (at === undefined ? '' : table.rows[p]![at] ?? ''));
      },
    },
  };
}

