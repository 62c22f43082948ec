// `gbv-impact validate SURVEY`: every data-quality problem of a survey at once, grouped and
// counted, without analysing it. Reads the survey and its codebook exactly as analyze does and
// runs the analysis' own column, row and cell rules (core/quality/check-survey.ts). Exit 0
// when there is no error (warnings are shown), 2 when there is an error, 1 with --strict when
// there are warnings.

import type { Diagnostic } from '../core/diagnostics.js';
import { checkSurvey } from '../core/quality/check-survey.js';
import { PLATFORM_ID_COLUMNS } from '../core/quality/find-duplicate-ids.js';
import { prepareTable, tablePlan } from '../core/table/prepare-table.js';
import { EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK, type ExitCode } from '../errors.js';
import { parseEncodingOption } from '../io/decode-text.js';
import { parseDelimiterOption } from '../io/detect-delimiter.js';
import { findCodebook, loadCodebook } from '../io/load-codebook.js';
import { describeInput, readSurveyInput, type SurveyFile, surveyInputFacts } from '../io/read-survey.js';
import { groupFindings, renderValidateJson, renderValidateText } from '../render/validate-report.js';
import type { CommandIo } from './analyze.js';
import { toolVersion } from './version.js';
import { withProgress } from './with-progress.js';

export interface ValidateOptions {
  survey: string;
  codebook?: string;
  format: 'text' | 'json';
  strict: boolean;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
}

export async function runValidate(options: ValidateOptions, io: CommandIo): Promise<ExitCode> {
  parseEncodingOption(options.encoding ?? 'auto');
  parseDelimiterOption(options.delimiter ?? 'auto');
  const found = findCodebook(options.survey, options.codebook);
  const loaded = loadCodebook(found.file, found.discovery);
  const progress = withProgress(io, options.survey, loaded.codebook.language ?? 'en');
  let survey: SurveyFile;
  try {
    survey = await readSurveyInput(options.survey, {
      encoding: options.encoding,
      delimiter: options.delimiter,
      sheet: options.sheet,
      plan: tablePlan(loaded.codebook, [], { respondentId: true, more: PLATFORM_ID_COLUMNS }),
      onProgress: progress.onProgress,
    });
  } finally {
    progress.finish();
  }
  const table = prepareTable(loaded.codebook, survey, survey.file);

  const diagnostics: Diagnostic[] = [...survey.diagnostics];
  for (const problem of table.columnProblems) {
    diagnostics.push({ severity: 'error', code: 'COLUMN_MISSING', message: problem.message, location: { file: loaded.file, path: problem.path }, count: 1 });
  }
  const check = checkSurvey(loaded.codebook, { ...table, blankLinesSkipped: survey.blankLinesSkipped }, survey.file, loaded.file, loaded.locate);
  // A name whose read.columns header is missing is reported once, as that, not again as a missing column.
  const unmapped = new Set(table.columnProblems.filter((p) => p.path.startsWith('read.columns.')).map((p) => p.path.slice('read.columns.'.length)));
  diagnostics.push(...check.diagnostics.filter((d) => !(d.code === 'MISSING_COLUMN' && unmapped.has(String(d.params?.column)))));

  const groups = groupFindings(diagnostics);
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  const hasWarnings = diagnostics.some((d) => d.severity === 'warning');
  const exitCode: ExitCode = hasErrors ? EXIT_BAD_INPUT : options.strict && hasWarnings ? EXIT_CHECK_FAILED : EXIT_OK;
  const summary = {
    file: survey.file,
    codebook: loaded.source === 'built-in' ? 'built-in (samples/mexico-2020/codebook.yaml)' : loaded.source,
    inputLine: describeInput(survey).replace(`${survey.file}: `, '') + (table.headerRowsSkipped > 0 ? `; ${table.headerRowsSkipped} extra header row${table.headerRowsSkipped === 1 ? '' : 's'} skipped` : ''),
    rowsRead: check.rowsRead,
    rowsAnalysed: check.rowsAnalysed,
    groups,
  };
  if (options.format === 'json') {
    io.stdout(
      renderValidateJson(summary, {
        tool: { name: 'gbv-impact', version: toolVersion() },
        input: validateInput(surveyInputFacts(survey, table.headerRowsSkipped)),
        exitCode,
      }),
    );
  } else {
    io.stdout(renderValidateText(summary));
  }
  return exitCode;
}

/** The JSON report's `input` names the BOM `bom`, as `analyze --format json` does. */
function validateInput({ hadBom, blankLinesSkipped: _blank, ...facts }: ReturnType<typeof surveyInputFacts>) {
  return { ...facts, bom: hadBom };
}
