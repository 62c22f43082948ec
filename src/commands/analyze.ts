// `gbv-impact analyze SURVEY`: read the survey and its codebook, score and compare, optionally
// check published figures, render, and write every output atomically (or print). Returns the
// exit code; throws GbvError for input that cannot be analysed.

import { analyzeTable } from '../core/analyze-table.js';
import { findColumnProblems } from '../core/codebook/check-columns.js';
import type { Codebook, Language } from '../core/codebook/codebook.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { evaluate } from '../core/evaluate/evaluate.js';
import { didYouMean, listChoices } from '../core/text/did-you-mean.js';
import { checkPublished } from '../core/published/check-published.js';
import type { AnalysisReport } from '../core/report.js';
import { EXIT_CHECK_FAILED, EXIT_OK, GbvError, formatLocation, type ExitCode } from '../errors.js';
import { parseEncodingOption } from '../io/decode-text.js';
import { parseDelimiterOption } from '../io/detect-delimiter.js';
import { findCodebook, loadCodebook } from '../io/load-codebook.js';
import { loadPublished } from '../io/load-published.js';
import { toolVersion } from './version.js';
import { describeInput, readSurveyInput, surveyInputFacts, type SurveyFile } from '../io/read-survey.js';
import { prepareTable, tablePlan, throwColumnProblems } from '../core/table/prepare-table.js';
import type { ProgressOptions } from '../cli/progress.js';
import { withProgress } from './with-progress.js';
import { renderScoresCsv } from '../io/scores-csv.js';
import { checkDistinct, checkOutputPath, writeOutputsAtomically, type PendingOutput } from '../io/write-atomic.js';
import { printPdf } from '../io/print-pdf.js';
import { renderJson } from '../render/json-report.js';

import type { Format } from './formats.js';

export interface AnalyzeOptions {
  survey: string;
  codebook?: string;
  format: Format;
  out?: string;
  expect?: string;
  scores?: string;
  /** --raw-csv: write --scores cells as they are, without neutralising formula-like cells. */
  rawCsv?: boolean;
  lang?: Language;
  encoding: string;
  delimiter: string;
  strict: boolean;
  date?: string;
  /** Cluster column, overriding the codebook's `cluster`. */
  cluster?: string;
  /** Subgroup column, in addition to the codebook's `subgroups`. */
  by?: string;
  /** Small-cell threshold, overriding the codebook's `min_cell`. */
  minCell?: number;
  /** Folder of templates that override the built-in ones (md, html, pdf). */
  template?: string;
  /** Folder where Markdown reports get their charts as SVG files. */
  assets?: string;
  /** Paper size of --format pdf (default letter, the paper of Mexico and the United States). */
  paper?: 'letter' | 'a4';
  /** For an .xlsx survey: the sheet to read (default the first). */
  sheet?: string;
  /** Print what was read and how (encoding, delimiter, columns matched) to stderr. */
  verbose?: boolean;
  /** The survey already read (a workbook is read asynchronously, then the command runs again with it). */
  surveyFile?: SurveyFile;
}

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stdoutIsTty: boolean;
  /** Where a progress bar may be drawn while a large survey is read (stderr, when it is a terminal). */
  progressStream?: ProgressOptions['stream'];
}

function chooseLanguage(flag: Language | undefined, fromCodebook: Language | undefined, env: NodeJS.ProcessEnv): Language {
  if (flag) return flag;
  if (fromCodebook) return fromCodebook;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** --date wins; otherwise SOURCE_DATE_EPOCH (reproducible builds); otherwise no date at all. */
function reportDate(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (flag !== undefined) {
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(flag) ? new Date(`${flag}T00:00:00Z`) : undefined;
    // Round-tripping rejects dates such as 2024-02-31 that Date would roll over into March.
    if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== flag) {
      throw new GbvError('USAGE', `--date "${flag}" is not a calendar date; write it as YYYY-MM-DD`);
    }
    return flag;
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  const date = /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GbvError('USAGE', `SOURCE_DATE_EPOCH "${epoch}" is not a usable number of seconds since 1970`, {
      hint: 'unset it, or set it to a Unix timestamp such as the last commit time (git log -1 --format=%ct)',
    });
  }
  return date.toISOString().slice(0, 10);
}

/** --verbose: how the survey was read, and which headers the codebook's names matched. */
function verboseInput(survey: SurveyFile, table: ReturnType<typeof prepareTable>, codebook: Codebook): string {
  const lines = [`gbv-impact: ${describeInput(survey)}`];
  if (table.headerRowsSkipped > 0) lines.push(`gbv-impact: ${table.headerRowsSkipped} extra header row${table.headerRowsSkipped === 1 ? '' : 's'} skipped (read.header_rows)`);
  // Which headers matched, once they all did (a column that did not stops the run just after, in words).
  if (findColumnProblems(codebook, table.header, survey.file).problems.length === 0) {
    if (table.renamed.size > 0) {
      lines.push(`gbv-impact: columns matched: ${[...table.renamed].map(([name, header]) => `${name} = "${header}"`).join(', ')}; the others by the same name`);
    } else lines.push('gbv-impact: every column the codebook names matched the header of the same name');
  }
  return `${lines.join('\n')}\n`;
}

/** The errors after the first, each with its hint unless it is the first's (printed once, last). */
function errorDetails(errors: Diagnostic[], firstHint: string | undefined): string[] {
  return errors.map((d) => `${formatLocation(d.location)}: ${d.message}${d.hint && d.hint !== firstHint ? `\n    hint: ${d.hint}` : ''}`);
}

export function runAnalyze(options: AnalyzeOptions, io: CommandIo): ExitCode | Promise<ExitCode> {
  parseEncodingOption(options.encoding);
  parseDelimiterOption(options.delimiter);
  const date = reportDate(options.date, io.env);
  const inputs = [options.survey, ...(options.expect !== undefined ? [options.expect] : [])];
  if (options.assets !== undefined && options.format !== 'md') {
    throw new GbvError('USAGE', '--assets goes with --format md: HTML and PDF reports carry their charts inside');
  }
  if (options.rawCsv === true && options.scores === undefined) {
    throw new GbvError('USAGE', '--raw-csv goes with --scores: it is how the scores CSV is written');
  }
  if (options.format === 'pdf' && options.out === undefined) {
    throw new GbvError('USAGE', '--format pdf needs --out FILE.pdf (a PDF is not text for a terminal)');
  }
  if (options.template !== undefined && (options.format === 'json' || options.format === 'terminal')) {
    throw new GbvError('USAGE', `--template applies to --format md, html and pdf, not ${options.format}`);
  }
  const planned = ([[options.out, 'report'], [options.scores, 'scores file']] as const)
    .filter((entry): entry is readonly [string, 'report' | 'scores file'] => entry[0] !== undefined)
    .map(([path, what]) => ({ path, what }));
  for (const { path, what } of planned) checkOutputPath(path, what, inputs);
  checkDistinct(planned);

  const found = findCodebook(options.survey, options.codebook);
  const loaded = loadCodebook(found.file, found.discovery);
  inputs.push(found.file);
  const flagColumns = [options.cluster, options.by].filter((name): name is string => name !== undefined);
  let read: SurveyFile | Promise<SurveyFile> | undefined = options.surveyFile;
  if (read === undefined) {
    const progress = withProgress(io, options.survey, chooseLanguage(options.lang, loaded.codebook.language, io.env));
    try {
      read = readSurveyInput(options.survey, {
        encoding: options.encoding,
        delimiter: options.delimiter,
        sheet: options.sheet,
        plan: tablePlan(loaded.codebook, flagColumns, { respondentId: options.scores !== undefined }),
        onProgress: progress.onProgress,
      });
    } finally {
      progress.finish();
    }
  }
  // A workbook is read asynchronously: run again with it in hand (standard input is read once).
  if (read instanceof Promise) return read.then((surveyFile) => runAnalyze({ ...options, surveyFile }, io));
  const survey = read;
  const table = prepareTable(loaded.codebook, survey, survey.file, flagColumns);
  if (options.verbose) io.stderr(verboseInput(survey, table, loaded.codebook));
  throwColumnProblems(table, loaded.file);
  const analysis = analyzeTable(loaded.codebook, table, survey.file, loaded.file, loaded.locate);

  for (const [flag, name] of [['--cluster', options.cluster], ['--by', options.by]] as const) {
    if (name !== undefined && !table.header.includes(name)) {
      const guess = didYouMean(name, table.header);
      throw new GbvError('USAGE', `${flag} "${name}" is not a column of ${survey.file}${guess ? ` (did you mean "${guess}"?)` : ''}`, {
        details: [`the columns are: ${listChoices(table.header, 60)}`],
      });
    }
  }
  if (options.minCell !== undefined && !(Number.isInteger(options.minCell) && options.minCell >= 1)) {
    throw new GbvError('USAGE', `--min-cell must be a whole number of at least 1`);
  }

  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const [first, ...rest] = errors;
    throw new GbvError(first!.code, first!.message, {
      location: first!.location,
      hint: first!.hint,
      details: errorDetails(rest, first!.hint),
    });
  }

  let expect: AnalysisReport['expect'];
  if (options.expect !== undefined) {
    const published = loadPublished(options.expect, loaded.codebook);
    expect = { file: options.expect, published, reproduction: checkPublished(published, analysis, loaded.codebook) };
  }
  const evaluation = evaluate(
    loaded.codebook,
    analysis,
    {
      cluster: options.cluster ?? loaded.codebook.cluster,
      by: [...(options.by !== undefined ? [options.by] : []), ...loaded.codebook.subgroups],
      minCell: options.minCell ?? loaded.codebook.minCell,
    },
    survey.file,
  );
  const diagnostics = [...survey.diagnostics, ...analysis.diagnostics, ...evaluation.diagnostics];
  for (const inconsistency of expect?.reproduction.inconsistencies ?? []) {
    diagnostics.push({
      severity: 'warning',
      code: 'PUBLISHED_INCONSISTENT',
      message: inconsistency.message,
      location: { file: options.expect! },
      count: 1,
    });
  }

  const report: AnalysisReport = {
    tool: { name: 'gbv-impact', version: toolVersion() },
    date,
    input: surveyInputFacts(survey, table.headerRowsSkipped),
    codebook: { source: loaded.source, sha256: loaded.sha256, discovery: loaded.discovery, definition: loaded.codebook },
    analysis,
    evaluation,
    expect,
    diagnostics,
  };

  const language = chooseLanguage(options.lang, loaded.codebook.language, io.env);
  const outputs: PendingOutput[] = [];
  const finish = (report: string | Uint8Array): ExitCode => {
    if (options.scores !== undefined) {
      outputs.push({ path: options.scores, content: renderScoresCsv(loaded.codebook, table, analysis, [options.cluster, options.by], options.rawCsv === true), what: 'scores file' });
    }
    if (options.out !== undefined) outputs.unshift({ path: options.out, content: report, what: 'report' });
    writeOutputsAtomically(outputs, inputs);
    if (options.out === undefined) io.stdout(report as string);
    return exitCodeFor(diagnostics, expect, options.strict, io);
  };
  if (options.format === 'json') return finish(renderJson(report));
  // Every other format needs the view model, its charts and a renderer: loaded only for them.
  return import('./render-report.js').then(({ renderReport, pdfFooter }) => {
    const text = renderReport(report, options, io, language, outputs);
    if (options.format === 'pdf') return printPdf(text, io.env, options.paper ?? 'letter', pdfFooter(report, language)).then(finish);
    return finish(text);
  });
}

function exitCodeFor(diagnostics: Diagnostic[], expect: AnalysisReport['expect'], strict: boolean, io: CommandIo): ExitCode {
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  let exit: ExitCode = EXIT_OK;
  if (expect && !expect.reproduction.passed) {
    const missed = expect.reproduction.figures.filter((f) => f.status === 'miss' || f.status === 'not_computable');
    io.stderr(`gbv-impact: ${missed.length} published figure${missed.length === 1 ? '' : 's'} not reproduced within tolerance (${missed.map((f) => `${f.index ?? ''}${f.index ? ' ' : ''}${f.metric}`).join(', ')})\n`);
    exit = EXIT_CHECK_FAILED;
  }
  if (strict && warnings.length > 0) {
    io.stderr(`gbv-impact: --strict: ${warnings.length} warning${warnings.length === 1 ? '' : 's'} (${[...new Set(warnings.map((w) => w.code))].join(', ')})\n`);
    exit = EXIT_CHECK_FAILED;
  }
  return exit;
}
