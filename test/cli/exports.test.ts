// Reading real exports end to end, as a user runs the built CLI: standard input, .xlsx and
// --sheet, detection shown by --verbose, `validate` and its exit codes, `init` and its refusal
// to overwrite. Needs `npm run build` first (`npm test` does it).

import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, bash, removeTempFolders, run, tempFolder, type RunResult } from './helpers.js';

const EXPORTS = 'test/fixtures/exports';
const CANONICAL = [`${EXPORTS}/canonical/survey.csv`, '-c', `${EXPORTS}/canonical/codebook.yaml`];
const XLSX = `${EXPORTS}/xlsx-numbers-and-notes-sheet/survey.xlsx`;
const DIRTY = 'test/fixtures/validate/dirtiest-export';

beforeAll(() => assertBuilt());
afterAll(() => removeTempFolders());

function expectCleanError(result: RunResult, code = 2): void {
  expect(result.code, `stderr was:\n${result.stderr}`).toBe(code);
  expect(result.stderr.startsWith('gbv-impact: '), result.stderr).toBe(true);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/internal error/i);
}

const indices = (stdout: string) => (JSON.parse(stdout) as { indices: unknown[] }).indices;

describe('- reads the survey from standard input', () => {
  it('gives the numbers of the file, and calls it <stdin>', () => {
    const fromFile = run(['analyze', ...CANONICAL, '-f', 'json']);
    const piped = bash(`node bin/gbv-impact.js analyze - -c ${EXPORTS}/canonical/codebook.yaml -f json < ${EXPORTS}/canonical/survey.csv`);
    expect(piped.code, piped.stderr).toBe(0);
    expect(indices(piped.stdout)).toEqual(indices(fromFile.stdout));
    expect(JSON.parse(piped.stdout).input.file).toBe('<stdin>');
  });

  it('reads a piped .xlsx workbook and a piped Windows-1252 file', () => {
    const fromFile = run(['analyze', ...CANONICAL, '-f', 'json']);
    for (const folder of ['xlsx-numbers-and-notes-sheet', 'excel-es-mx-cp1252']) {
      const survey = existsSync(`${EXPORTS}/${folder}/survey.xlsx`) ? `${EXPORTS}/${folder}/survey.xlsx` : `${EXPORTS}/${folder}/survey.csv`;
      const piped = bash(`cat ${survey} | node bin/gbv-impact.js analyze - -c ${EXPORTS}/${folder}/codebook.yaml -f json`);
      expect(piped.code, piped.stderr).toBe(0);
      expect(indices(piped.stdout)).toEqual(indices(fromFile.stdout));
    }
  });

  it('reads a named pipe too (process substitution), including a Windows-1252 one it must read twice', () => {
    const fromFile = run(['analyze', ...CANONICAL, '-f', 'json']);
    for (const folder of ['canonical', 'excel-es-mx-cp1252']) {
      const piped = bash(`node bin/gbv-impact.js analyze <(cat ${EXPORTS}/${folder}/survey.csv) -c ${EXPORTS}/${folder}/codebook.yaml -f json`);
      expect(piped.code, piped.stderr).toBe(0);
      expect(indices(piped.stdout)).toEqual(indices(fromFile.stdout));
    }
  });

  it('names <stdin> in an error', () => {
    const result = bash(`printf 'folio,grupo\\n1,capacitado\\n' | node bin/gbv-impact.js analyze - -c ${EXPORTS}/canonical/codebook.yaml`);
    expectCleanError(result);
    expect(result.stderr).toContain('is not a column of <stdin>');
  });
});

describe('.xlsx surveys', () => {
  it('reads the first sheet by default', () => {
    const result = run(['analyze', XLSX, '-c', `${EXPORTS}/canonical/codebook.yaml`, '-f', 'json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).input).toMatchObject({ format: 'xlsx', sheet: 'Respuestas' });
  });

  it('--sheet picks another sheet, and an unknown one lists the sheets there are', () => {
    const notes = run(['analyze', XLSX, '-c', `${EXPORTS}/canonical/codebook.yaml`, '--sheet', 'Notas']);
    expectCleanError(notes);
    expect(notes.stderr).toContain('is not a column of');
    const unknown = run(['analyze', XLSX, '-c', `${EXPORTS}/canonical/codebook.yaml`, '--sheet', 'Datos']);
    expectCleanError(unknown);
    expect(unknown.stderr).toContain('--sheet "Datos" is not a sheet of');
    expect(unknown.stderr).toContain('its sheets are "Respuestas", "Notas"');
  });

  it('--sheet on a CSV says it applies to workbooks', () => {
    const result = run(['analyze', ...CANONICAL, '--sheet', 'Respuestas']);
    expectCleanError(result);
    expect(result.stderr).toContain('applies to .xlsx workbooks');
  });

  it('an old .xls workbook is refused with a way out', () => {
    const folder = tempFolder();
    const xls = join(folder, 'survey.xls');
    copyFileSync(XLSX, xls);
    const bytes = readFileSync(xls);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0], 0);
    writeFileSync(xls, bytes);
    const result = run(['analyze', xls, '-c', `${EXPORTS}/canonical/codebook.yaml`]);
    expectCleanError(result);
    expect(result.stderr).toContain('old-style Excel .xls');
    expect(result.stderr).toContain('save it again as .xlsx');
  });
});

describe('detection, shown and overridden', () => {
  it('--verbose says on stderr what was detected, and which columns were matched', () => {
    const folder = `${EXPORTS}/kobo-semicolon-quoted-crlf-group-paths-hxl`;
    const result = run(['analyze', `${folder}/survey.csv`, '-c', `${folder}/codebook.yaml`, '-f', 'json', '--verbose']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('encoding utf-8 (detected: valid UTF-8), delimiter ";" (detected), CRLF line ends');
    expect(result.stderr).toContain('1 extra header row skipped (read.header_rows)');
    expect(result.stderr).toContain('com_1 = "grp_com/com_1"');
    JSON.parse(result.stdout);
  });

  it('reads Windows-1252 without being told, and says it guessed', () => {
    const folder = `${EXPORTS}/excel-es-mx-cp1252`;
    const result = run(['analyze', `${folder}/survey.csv`, '-c', `${folder}/codebook.yaml`, '--verbose']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('encoding windows-1252 (detected: not valid UTF-8, so assumed)');
    expect(result.stdout).toContain('Windows-1252');
    expect(result.stderr).toContain('every column the codebook names matched the header of the same name');
  });

  it('an explicit encoding and delimiter win over detection', () => {
    const folder = `${EXPORTS}/excel-es-co-cp1252-semicolon-decimal-comma`;
    const given = run(['analyze', `${folder}/survey.csv`, '-c', `${folder}/codebook.yaml`, '-f', 'json', '--encoding', 'cp1252', '--delimiter', ';']);
    expect(given.code, given.stderr).toBe(0);
    expect(JSON.parse(given.stdout).input).toMatchObject({ encoding: 'windows-1252', encodingSource: 'given', delimiter: ';', delimiterSource: 'given' });
    const wrong = run(['analyze', `${folder}/survey.csv`, '-c', `${folder}/codebook.yaml`, '--delimiter', ',']);
    expectCleanError(wrong);
  });
});

describe('validate', () => {
  it('lists every finding of the dirtiest export, grouped, and exits 2', () => {
    const result = run(['validate', `${DIRTY}/survey.csv`]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('7 errors and 7 warnings (14 rows read, 10 to analyse');
    for (const title of [
      'columns the codebook names but the file lacks: 1 column',
      'rows with too many or too few fields: 1 row',
      'unknown labels: text answers that are no value label or missing code: 3 answers, 3 values',
      'answers that are not numbers: 2 answers, 2 values',
      'rows with an unknown cohort value: 3 rows',
      'empty rows: 1 row',
      'answers outside the scale: 2 answers, 2 values',
      'respondents below the minimum answered share: 3 missing scores',
      'duplicate respondent ids: 2 rows',
    ]) {
      expect(result.stdout).toContain(title);
    }
    expect(result.stdout).toContain(`${DIRTY}/survey.csv:6:tra_1: answer "3,5" is not a number`);
    expect(result.stdout.indexOf('Errors')).toBeLessThan(result.stdout.indexOf('Warnings'));
    // Partial non-response is a note, as in analyze: --strict does not fail on it.
    expect(result.stdout.indexOf('Warnings')).toBeLessThan(result.stdout.indexOf('respondents below the minimum answered share'));
  });

  it('--format json has the same groups, with every row', () => {
    const result = run(['validate', `${DIRTY}/survey.csv`, '--format', 'json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { schemaVersion: string; summary: Record<string, number>; groups: { id: string; severity: string; count: number }[] };
    expect(report.summary).toEqual({ errors: 7, warnings: 7, notes: 3, exitCode: 2 });
    expect(report.groups.map((g) => g.id)).toEqual([
      'MISSING_COLUMN', 'RAGGED_ROW', 'UNKNOWN_LABEL', 'NOT_A_NUMBER', 'OTHER_COHORT', 'EMPTY_ROW', 'OUT_OF_SCALE', 'DUPLICATE_ID', 'BLANK_LINES', 'BELOW_MIN_ANSWERED',
    ]);
  });

  it('exits 0 on a clean export, and 1 with --strict when there are warnings', () => {
    const clean = run(['validate', ...CANONICAL]);
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.stdout).toContain('no problems found');
    // The sample's partial non-response is listed as notes, which --strict lets pass.
    const sample = run(['validate', 'samples/mexico-2020/survey.csv', '--strict']);
    expect(sample.code, sample.stdout).toBe(0);
    expect(sample.stdout).toContain('Notes:');
    const warned = run(['validate', 'test/cli/fixtures/bad/out-of-scale-value.csv', '--codebook', 'test/cli/fixtures/bad/tiny.codebook.yaml']);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('1 warning');
    expect(run(['validate', 'test/cli/fixtures/bad/out-of-scale-value.csv', '--codebook', 'test/cli/fixtures/bad/tiny.codebook.yaml', '--strict']).code).toBe(1);
  });

  it('an invalid codebook is exit 2 with the usual message', () => {
    const result = run(['validate', 'test/cli/fixtures/bad/tiny.csv', '-c', 'test/cli/fixtures/bad/unknown-key-itmes.codebook.yaml']);
    expectCleanError(result);
    expect(result.stderr).toContain('itmes');
  });
});

describe('init', () => {
  it('writes <survey>.codebook.yaml beside the survey, which analyze then finds by itself', () => {
    const folder = tempFolder();
    copyFileSync(`${EXPORTS}/canonical/survey.csv`, join(folder, 'encuesta.csv'));
    const result = run(['init', join(folder, 'encuesta.csv')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`wrote the draft codebook ${join(folder, 'encuesta.codebook.yaml')}: 3 indices, 12 items, cohort "grupo"`);
    const analysed = run(['analyze', join(folder, 'encuesta.csv'), '-f', 'json']);
    expect(analysed.code, analysed.stderr).toBe(0);
    expect(JSON.parse(analysed.stdout).codebook.discovery).toBe('beside-survey');
  });

  it('refuses to overwrite without --force (exit 2, file untouched)', () => {
    const folder = tempFolder();
    const out = join(folder, 'codebook.yaml');
    writeFileSync(out, 'mine\n');
    const refused = run(['init', `${EXPORTS}/canonical/survey.csv`, '-o', out]);
    expectCleanError(refused);
    expect(refused.stderr).toContain('already exists');
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    expect(run(['init', `${EXPORTS}/canonical/survey.csv`, '-o', out, '--force']).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('codebook_version: 1');
  });

  it('needs a survey or --from-xlsform, not both', () => {
    expectCleanError(run(['init']));
    expectCleanError(run(['init', `${EXPORTS}/canonical/survey.csv`, '--from-xlsform', 'test/fixtures/xlsform/police-survey-es-en.xlsx']));
  });
});
