// `gbv-impact init SURVEY` and `gbv-impact init --from-xlsform FORM.xlsx`: write a draft
// codebook, guessed from an export (header and answers) or derived from the XLSForm, as
// commented YAML that tells the user what to check. The draft is validated against the schema
// before it is written; an existing file is never replaced without --force, and the write is
// atomic.

import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { draftFromSurvey } from '../core/codebook/draft-from-survey.js';
import { draftFromXlsForm } from '../core/codebook/draft-from-xlsform.js';
import { draftToYaml } from '../core/codebook/draft-yaml.js';
import type { DraftCodebook } from '../core/codebook/draft-codebook.js';
import { validateCodebook } from '../core/codebook/validate-codebook.js';
import { EXIT_OK, GbvError, type ExitCode } from '../errors.js';
import { loadJsonSchema } from '../io/load-codebook.js';
import { packagePath } from '../io/package-root.js';
import { STDIN_PATH } from '../io/read-input-bytes.js';
import { readSurveyInput } from '../io/read-survey.js';
import { readUserFile } from '../io/read-file.js';
import { looksLikeXlsx, readXlsxSheets, type XlsxSheet } from '../io/read-xlsx.js';
import { parseYaml } from '../io/read-yaml.js';
import { writeNewFileAtomically } from '../io/write-atomic.js';
import type { CommandIo } from './analyze.js';

export interface InitOptions {
  survey?: string;
  fromXlsform?: string;
  /** Where to write; `-` prints it. Default: <survey>.codebook.yaml beside the survey, codebook.yaml beside a form. */
  out?: string;
  force: boolean;
  lang?: 'es' | 'en';
  encoding?: string;
  delimiter?: string;
  sheet?: string;
}

function defaultOut(options: InitOptions): string {
  if (options.fromXlsform !== undefined) return join(dirname(options.fromXlsform), 'codebook.yaml');
  const survey = options.survey!;
  if (survey === STDIN_PATH) return 'codebook.yaml';
  return join(dirname(survey), `${basename(survey, extname(survey))}.codebook.yaml`);
}

async function draftFromForm(path: string, language: 'es' | 'en'): Promise<DraftCodebook> {
  const bytes = readUserFile(path, 'XLSForm');
  if (!looksLikeXlsx(bytes)) {
    throw new GbvError('USAGE', `--from-xlsform "${path}" is not an .xlsx workbook`, { hint: 'give the XLSForm as .xlsx, as KoboToolbox and ODK Build download it' });
  }
  const sheets = await readXlsxSheets(bytes, path);
  const sheet = (name: string): XlsxSheet | undefined => sheets.find((s) => s.name.trim().toLowerCase() === name);
  const survey = sheet('survey');
  const choices = sheet('choices');
  if (!survey || !choices) {
    throw new GbvError('XLSFORM_INVALID', `${path} is not an XLSForm: it needs the sheets "survey" and "choices"; its sheets are ${sheets.map((s) => `"${s.name}"`).join(', ')}`, {
      location: { file: path },
    });
  }
  try {
    return draftFromXlsForm({ survey: survey.rows, choices: choices.rows, settings: sheet('settings')?.rows }, path, language);
  } catch (error) {
    const reason = (error as Error).message;
    if (reason === 'not-xlsform') {
      throw new GbvError('XLSFORM_INVALID', `${path}: the survey sheet needs "type" and "name" columns and the choices sheet "list_name" and "name"`, { location: { file: path } });
    }
    if (reason === 'no-items') {
      throw new GbvError('XLSFORM_INVALID', `${path} has no Likert question: no select_one list has 3 to 7 whole-number choices`, {
        location: { file: path },
        hint: 'give the answer choices numeric names (1, 2, 3, 4, 5) in the choices sheet, or write the codebook by hand',
      });
    }
    throw error;
  }
}

export async function runInit(options: InitOptions, io: CommandIo): Promise<ExitCode> {
  if ((options.survey === undefined) === (options.fromXlsform === undefined)) {
    throw new GbvError('USAGE', options.survey === undefined ? 'give a survey (gbv-impact init SURVEY) or --from-xlsform FORM.xlsx' : 'give either a survey or --from-xlsform, not both');
  }
  const out = options.out ?? defaultOut(options);
  let draft: DraftCodebook;
  if (options.fromXlsform !== undefined) {
    draft = await draftFromForm(options.fromXlsform, options.lang ?? 'es');
  } else {
    const survey = await readSurveyInput(options.survey!, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
    try {
      draft = draftFromSurvey(survey, survey.file);
    } catch (error) {
      if ((error as Error).message !== 'no-items') throw error;
      throw new GbvError('NO_ITEMS', `${survey.file} has no column that looks like a Likert item (whole numbers on a short scale, or agreement labels)`, {
        location: { file: survey.file },
        hint: 'check --delimiter and --encoding (run with a look at the header), or write the codebook by hand',
      });
    }
  }

  const schemaFrom = out === '-' ? process.cwd() : dirname(out);
  const schemaPath = relative(schemaFrom, packagePath('schema', 'codebook.schema.json')).split(sep).join('/');
  const yaml = draftToYaml(draft, schemaPath);
  // The draft must be a codebook the tool accepts as written: check it as analyze would.
  const { data, locate } = parseYaml(yaml, out);
  validateCodebook(data, loadJsonSchema('codebook'), `draft for ${out}`, locate);

  const items = draft.indices.reduce((sum, index) => sum + index.items.length, 0);
  if (out === '-') io.stdout(yaml);
  else {
    writeNewFileAtomically(out, yaml, 'codebook', options.force);
    const target = options.survey ?? 'SURVEY';
    io.stderr(
      `gbv-impact: wrote the draft codebook ${out}: ${draft.indices.length} ${draft.indices.length === 1 ? 'index' : 'indices'}, ${items} items, cohort "${draft.cohort.column}".\n` +
        `Check the lines marked CHECK, then run: gbv-impact validate ${target} --codebook ${out}\n`,
    );
  }
  return EXIT_OK;
}
