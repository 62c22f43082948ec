// Every data-quality finding of a survey at once, for `gbv-impact validate`. It runs the steps
// of the analysis itself (column matching, row selection, cell parsing and scoring: the same
// functions analyze uses, so the two can never disagree about a cell) but, where analyze stops
// at the first kind of error, it notes the error and carries on with what it can still check:
// a missing item column leaves the other items to check, an empty cohort leaves every answer
// to read.

import { GbvError } from '../../errors.js';
import type { TableInput } from '../analyze-table.js';
import { findColumnProblems, missingColumnHint } from '../codebook/check-columns.js';
import type { Codebook, CompositeDefinition, IndexDefinition } from '../codebook/codebook.js';
import { describeRows, type Diagnostic } from '../diagnostics.js';
import { raggedRowsDiagnostic, whyUnscored } from '../scoring/row-diagnostics.js';
import { parseYamlPath, type LocateYamlPath } from '../yaml-schema/check-schema.js';
import { scoreSurvey } from '../scoring/score-survey.js';
import { selectAnalysisRows, type AnalysisRows } from '../scoring/select-analysis-rows.js';
import { findDuplicateIds, PLATFORM_ID_COLUMNS } from './find-duplicate-ids.js';

export interface SurveyCheck {
  diagnostics: Diagnostic[];
  rowsRead: number;
  rowsAnalysed: number;
}

/** The codebook without the items (and then indices and composites) whose columns are missing. */
function withoutMissing(codebook: Codebook, missing: ReadonlySet<string>): Codebook {
  const indices: IndexDefinition[] = codebook.indices
    .map((index) => ({ ...index, items: index.items.filter((item) => !missing.has(item)), reverse: index.reverse.filter((item) => !missing.has(item)) }))
    .filter((index) => index.items.length > 0);
  const kept = new Set(indices.map((index) => index.id));
  const composites: CompositeDefinition[] = codebook.composites.filter((composite) => composite.of.every((id) => kept.has(id)));
  return {
    ...codebook,
    indices,
    composites,
    respondentId: codebook.respondentId !== undefined && missing.has(codebook.respondentId) ? undefined : codebook.respondentId,
    read: { ...codebook.read, complete: codebook.read.complete && missing.has(codebook.read.complete.column) ? undefined : codebook.read.complete },
  };
}

export function checkSurvey(
  codebook: Codebook,
  table: TableInput & { blankLinesSkipped?: number },
  file: string,
  codebookFile: string,
  /** Finds a path's line and column in the codebook, for the columns it names that the survey lacks. */
  locate?: LocateYamlPath,
): SurveyCheck {
  const diagnostics: Diagnostic[] = [];
  const { positions, problems } = findColumnProblems(codebook, table.header, file);
  for (const problem of problems) {
    diagnostics.push({
      severity: 'error',
      code: problem.kind === 'missing' ? 'MISSING_COLUMN' : 'DUPLICATE_COLUMN',
      message: problem.message,
      location: { file: codebookFile, ...(locate?.(parseYamlPath(problem.path)) ?? {}) },
      count: 1,
      params: { column: problem.column },
      hint: problem.kind === 'missing' ? missingColumnHint(codebook, problems, table.header) : 'rename the repeated header so each column has one name',
    });
  }
  const missing = new Set(problems.filter((p) => p.kind === 'missing').map((p) => p.column));
  const usable = withoutMissing(codebook, missing);

  const ragged = raggedRowsDiagnostic(table, file);
  if (ragged) diagnostics.push(ragged);

  const cohortColumn = positions.get(codebook.cohort.column);
  const completeColumn = usable.read.complete ? positions.get(usable.read.complete.column) : undefined;
  let analysis: AnalysisRows;
  // Without both cohorts analyze stops: no row is analysed, though every answer is still checked.
  let cohortsFailed = false;
  try {
    if (cohortColumn === undefined) throw new Error('no cohort column');
    analysis = selectAnalysisRows(usable, table, cohortColumn, file, completeColumn);
  } catch (error) {
    if (error instanceof GbvError) {
      // The values the cohort column holds (the error's details) say what the codebook should name.
      const hint = [...error.details, ...(error.hint ? [error.hint] : [])].join('; ');
      diagnostics.push({ severity: 'error', code: error.code, message: error.message, location: error.location, count: 1, ...(hint ? { hint } : {}) });
    }
    cohortsFailed = true;
    // Without cohorts, still read every answer of every non-empty row.
    const all: number[] = [];
    const emptyRows: number[] = [];
    for (let i = 0; i < table.rowCount; i++) {
      if (table.emptyRow[i] === 1) emptyRows.push(table.rowNumbers[i]!);
      else all.push(i);
    }
    analysis = {
      rows: { count: all.length, positions: Int32Array.from(all) },
      treated: new Uint8Array(all.length),
      droppedEmpty: emptyRows.length,
      emptyRows,
      droppedIncomplete: 0,
      droppedOtherCohort: 0,
      nTreated: 0,
      nControl: all.length,
      diagnostics: [],
    };
  }
  diagnostics.push(...analysis.diagnostics);

  if (analysis.emptyRows.length > 0) {
    const n = analysis.emptyRows.length;
    diagnostics.push({
      severity: 'warning',
      code: 'EMPTY_ROW',
      message: `${n} row${n === 1 ? ' has' : 's have'} no value in any column and ${n === 1 ? 'is' : 'are'} left out (${describeRows(analysis.emptyRows)})`,
      location: { file, row: analysis.emptyRows[0]! },
      count: n,
      rows: analysis.emptyRows,
      hint: 'delete the empty rows, or ignore this: they are never analysed',
    });
  }
  if ((table.blankLinesSkipped ?? 0) > 0) {
    const n = table.blankLinesSkipped!;
    diagnostics.push({ severity: 'info', code: 'BLANK_LINES', message: `${n} blank line${n === 1 ? ' was' : 's were'} skipped`, location: { file }, count: n });
  }

  const scored = scoreSurvey(usable, table, positions, analysis, file);
  diagnostics.push(...scored.diagnostics);
  for (const index of usable.indices) {
    const unscored = scored.unscoredRows.get(index.id)!;
    const rows = [...unscored.below, ...unscored.none].sort((a, b) => a - b);
    if (rows.length === 0) continue;
    const share = Math.round(index.minAnsweredShare * 100);
    // A note, as in analyze: partial non-response is expected, and --strict should not fail on it.
    diagnostics.push({
      severity: 'info',
      code: 'BELOW_MIN_ANSWERED',
      message:
        `${rows.length} respondent${rows.length === 1 ? ' has' : 's have'} no score on "${index.id}": ` +
        `${whyUnscored(unscored.below.length, unscored.none.length, share, index.items.length)} (${describeRows(rows)})`,
      location: { file, row: rows[0]! },
      count: rows.length,
      rows,
      params: { index: index.id, below: unscored.below.length, none: unscored.none.length, share },
      hint: `they are left out of "${index.id}"; lower min_answered_share only if a partial answer still measures the index`,
    });
  }

  const idColumn = usable.respondentId ?? PLATFORM_ID_COLUMNS.find((name) => positions.has(name));
  if (idColumn !== undefined && positions.has(idColumn)) {
    diagnostics.push(...findDuplicateIds(table, positions.get(idColumn)!, idColumn, file));
  }
  return { diagnostics, rowsRead: table.rowCount, rowsAnalysed: cohortsFailed ? 0 : analysis.rows.count };
}
