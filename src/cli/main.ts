// The command-line program: declares commands and options, and is the one place that exits.
// Known errors (GbvError) print one message with its location and hint and exit with their
// code; anything else is a bug, reported as such (with a stack trace only under --debug).

import { Command, CommanderError, Option } from 'commander';
import { EXIT_BAD_INPUT, GbvError, formatError } from '../errors.js';
import { FORMATS, type Format } from '../commands/formats.js';

/** A bug in gbv-impact itself, not in the input. */
export const EXIT_INTERNAL = 3;

const EXIT_CODES_HELP = `
Exit codes:
  0  done; every --expect figure reproduced
  1  done, but a check failed: a published figure missed its tolerance (--expect),
     or --strict found data-quality warnings
  2  bad input or usage: nothing was analysed and nothing was written
  3  internal error in gbv-impact (please report it, with --debug output)`;

function exitWith(code: number): never {
  process.exit(code);
}

export async function main(argv: string[]): Promise<void> {
  // `gbv-impact ... | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // Keep a failed check's exit code: `analyze --expect ... | head` must still fail CI.
    if (error.code === 'EPIPE') exitWith(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  const debug = argv.includes('--debug');
  const program = new Command('gbv-impact');
  const { toolVersion } = await import('../commands/version.js');
  program
    .description('Score a police-training survey into indices and compare trained with control officers.')
    .version(toolVersion(), '-V, --version', 'print the version')
    .option('--debug', 'show stack traces of internal errors')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) => write(`gbv-impact: ${text.replace(/^error: /, '')}`),
    });

  program
    .command('analyze')
    .description('score SURVEY with its codebook and compare the trained cohort with the control cohort')
    .argument('<survey>', 'survey export: CSV (or ; or tab separated), .xlsx, or - for standard input')
    .option('-c, --codebook <file>', 'codebook YAML (default: <survey>.codebook.yaml or codebook.yaml beside the survey, else the built-in 2020 Mexico instrument)')
    .addOption(new Option('-f, --format <format>', 'output format (pdf prints the HTML report with a Chromium found on PATH or CHROME_PATH)').choices([...FORMATS]).default('terminal'))
    .option('-o, --out <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--expect <published.yaml>', 'compare with published figures; exit 1 when one misses its tolerance')
    .option('--scores <file>', 'also write one CSV row of index scores per analysed respondent; a cell starting with = + - @ tab or CR gets a leading \' so a spreadsheet does not run it as a formula')
    .option('--raw-csv', 'with --scores: write cells exactly as in the survey (for code, not spreadsheets)', false)
    .addOption(new Option('--lang <lang>', 'report language (default: the codebook’s, else the locale)').choices(['en', 'es']))
    .option('--encoding <name>', 'encoding of a text survey: auto (BOM, else UTF-8 if valid, else Windows-1252), utf-8, windows-1252 (cp1252, latin1), utf-16le', 'auto')
    .option('--delimiter <char>', 'field delimiter: auto (",", ";" or tab, from the header), or one character', 'auto')
    .option('--sheet <name>', 'the sheet of an .xlsx survey to read (default: the first)')
    .option('--verbose', 'say on stderr how the survey was read (encoding, delimiter, sheet, columns matched)', false)
    .option('--strict', 'exit 1 when there are data-quality warnings (out-of-scale answers, unknown cohorts)', false)
    .option('--cluster <column>', 'cluster column (state, municipality) for clustered SEs; overrides the codebook')
    .option('--by <column>', 'break the comparison down by this column (state, sex, rank)')
    .option('--min-cell <n>', 'subgroups where a cohort has fewer respondents show counts only (default: the codebook\'s min_cell, else 10)', (v) => Number(v))
    .option('--date <YYYY-MM-DD>', 'date to print in the report (default: none, or SOURCE_DATE_EPOCH)')
    .option('--template <dir>', 'templates that replace the built-in ones, file by file (see docs/templates.md)')
    .option('--assets <dir>', 'with --format md: write the charts as SVG files into DIR and link them')
    .addOption(new Option('--paper <size>', 'paper of --format pdf').choices(['letter', 'a4']).default('letter'))
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (survey: string, options: Record<string, unknown>) => {
      const { runAnalyze } = await import('../commands/analyze.js');
      const code = runAnalyze(
        {
          survey,
          codebook: options.codebook as string | undefined,
          format: options.format as Format,
          out: options.out as string | undefined,
          expect: options.expect as string | undefined,
          scores: options.scores as string | undefined,
          rawCsv: options.rawCsv === true,
          lang: options.lang as 'en' | 'es' | undefined,
          encoding: options.encoding as string,
          delimiter: options.delimiter as string,
          strict: options.strict === true,
          date: options.date as string | undefined,
          cluster: options.cluster as string | undefined,
          by: options.by as string | undefined,
          minCell: options.minCell as number | undefined,
          template: options.template as string | undefined,
          assets: options.assets as string | undefined,
          paper: options.paper as 'letter' | 'a4',
          sheet: options.sheet as string | undefined,
          verbose: options.verbose === true,
        },
        {
          stdout: (text) => process.stdout.write(text),
          stderr: (text) => process.stderr.write(text),
          env: process.env,
          stdoutIsTty: process.stdout.isTTY === true,
          progressStream: process.stderr,
        },
      );
      process.exitCode = await code;
    });

  const commandIo = () => ({
    stdout: (text: string) => process.stdout.write(text),
    stderr: (text: string) => process.stderr.write(text),
    env: process.env,
    stdoutIsTty: process.stdout.isTTY === true,
    progressStream: process.stderr,
  });

  program
    .command('validate')
    .description('list every data-quality problem of SURVEY at once, grouped and counted, without analysing it')
    .argument('<survey>', 'survey export: CSV (or ; or tab separated), .xlsx, or - for standard input')
    .option('-c, --codebook <file>', 'codebook YAML (found as analyze finds it)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'exit 1 when there are warnings', false)
    .option('--encoding <name>', 'encoding of a text survey: auto, utf-8, windows-1252, utf-16le', 'auto')
    .option('--delimiter <char>', 'field delimiter: auto, or one character', 'auto')
    .option('--sheet <name>', 'the sheet of an .xlsx survey to read (default: the first)')
    .addHelpText('after', `
Exit codes:
  0  no errors (warnings are listed)
  1  --strict and there are warnings
  2  errors: analyze would refuse this survey (or the codebook or command line is wrong)`)
    .action(async (survey: string, options: Record<string, unknown>) => {
      const { runValidate } = await import('../commands/validate.js');
      process.exitCode = await runValidate(
        {
          survey,
          codebook: options.codebook as string | undefined,
          format: options.format as 'text' | 'json',
          strict: options.strict === true,
          encoding: options.encoding as string,
          delimiter: options.delimiter as string,
          sheet: options.sheet as string | undefined,
        },
        commandIo(),
      );
    });

  program
    .command('init')
    .description('write a draft codebook from a survey export, or from an XLSForm, for you to check and finish')
    .argument('[survey]', 'survey export to guess the codebook from (CSV, .xlsx, or - for standard input)')
    .option('--from-xlsform <form.xlsx>', 'derive the codebook from an XLSForm (survey and choices sheets) instead')
    .addOption(new Option('--lang <lang>', 'language of the XLSForm labels to use').choices(['es', 'en']).default('es'))
    .option('-o, --out <file>', 'where to write it (default: <survey>.codebook.yaml beside the survey, codebook.yaml beside a form; - prints it)')
    .option('--force', 'replace the file if it exists', false)
    .option('--encoding <name>', 'encoding of a text survey: auto, utf-8, windows-1252, utf-16le', 'auto')
    .option('--delimiter <char>', 'field delimiter: auto, or one character', 'auto')
    .option('--sheet <name>', 'the sheet of an .xlsx survey to read (default: the first)')
    .action(async (survey: string | undefined, options: Record<string, unknown>) => {
      const { runInit } = await import('../commands/init.js');
      process.exitCode = await runInit(
        {
          survey,
          fromXlsform: options.fromXlsform as string | undefined,
          out: options.out as string | undefined,
          force: options.force === true,
          lang: options.lang as 'es' | 'en',
          encoding: options.encoding as string,
          delimiter: options.delimiter as string,
          sheet: options.sheet as string | undefined,
        },
        commandIo(),
      );
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      exitWith(error.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
    }
    if (error instanceof GbvError) {
      process.stderr.write(`gbv-impact: ${formatError(error)}\n`);
      exitWith(error.exitCode);
    }
    process.stderr.write(`gbv-impact: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (debug) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    else process.stderr.write('This is a bug in gbv-impact; run again with --debug and report the output.\n');
    exitWith(EXIT_INTERNAL);
  }
}
