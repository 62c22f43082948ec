// The same 40-respondent survey as KoboToolbox, ODK Central, SurveyCTO, LimeSurvey, Qualtrics,
// Google Forms and Spanish-locale Excel export it (test/fixtures/exports, written by
// make-exports.mjs): each form, read with its own codebook and no reading options (encoding and
// delimiter are detected), must give exactly the numbers of the plain canonical CSV.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/commands/analyze.js';
import { removeTempFolders, tempFolder } from '../cli/helpers.js';

const EXPORTS = 'test/fixtures/exports';
const forms = readdirSync(EXPORTS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

async function analyzeForm(name: string): Promise<Record<string, any>> {
  const dir = join(EXPORTS, name);
  const survey = readdirSync(dir).find((file) => file.startsWith('survey.'))!;
  let out = '';
  const code = await runAnalyze(
    { survey: join(dir, survey), codebook: join(dir, 'codebook.yaml'), format: 'json', strict: false, encoding: 'auto', delimiter: 'auto' },
    { stdout: (text) => (out += text), stderr: () => {}, env: {}, stdoutIsTty: false },
  );
  expect(code).toBe(0);
  return JSON.parse(out) as Record<string, any>;
}

/** Everything a reader of the report takes for the result; the input block differs by design. */
function numbers(report: Record<string, any>) {
  return {
    n: { treated: report.cohorts.treated.n, control: report.cohorts.control.n, analysed: report.input.rowsAnalysed },
    indices: report.indices,
    items: report.items,
    balance: report.balance,
    subgroups: report.subgroups,
    summaryIndices: report.summaryIndices,
  };
}

afterAll(() => removeTempFolders());

describe('platform exports give the numbers of the canonical survey', async () => {
  const canonical = await analyzeForm('canonical');
  const reports = new Map<string, Record<string, any>>();
  for (const name of forms) reports.set(name, await analyzeForm(name));

  it('has every platform the issue names', () => {
    for (const platform of ['kobo', 'odk-central', 'surveycto', 'limesurvey', 'qualtrics', 'google-forms-es', 'excel-es-mx', 'excel-es-co', 'xlsx']) {
      expect(forms.some((name) => name.startsWith(platform)), platform).toBe(true);
    }
    expect(canonical.cohorts.treated.n + canonical.cohorts.control.n).toBe(40);
  });

  it.each(forms.filter((name) => name !== 'canonical'))('%s', (name) => {
    expect(numbers(reports.get(name)!)).toEqual(numbers(canonical));
  });

  it('detects what each form is, and records it in the JSON input', () => {
    const input = (name: string) => reports.get(name)!.input;
    expect(input('kobo-semicolon-quoted-crlf-group-paths-hxl')).toMatchObject({ delimiter: ';', delimiterSource: 'detected', lineEnding: 'crlf', encoding: 'utf-8', headerRowsSkipped: 1 });
    expect(input('excel-es-mx-cp1252')).toMatchObject({ encoding: 'windows-1252', encodingSource: 'fallback', delimiter: ',' });
    expect(input('excel-es-co-cp1252-semicolon-decimal-comma')).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(input('excel-unicode-text-utf16le-tab')).toMatchObject({ encoding: 'utf-16le', encodingSource: 'bom', delimiter: '\t', bom: true });
    expect(input('limesurvey-bom-subquestions-incomplete')).toMatchObject({ encoding: 'utf-8', encodingSource: 'bom', bom: true, rowsDropped: { incomplete: 3 } });
    expect(input('qualtrics-three-header-rows')).toMatchObject({ headerRowsSkipped: 2, rowsDropped: { incomplete: 2 } });
    expect(input('xlsx-numbers-and-notes-sheet')).toMatchObject({ format: 'xlsx', sheet: 'Respuestas', encoding: null, delimiter: null });
    expect(input('canonical')).toMatchObject({ format: 'csv', encoding: 'utf-8', encodingSource: 'valid-utf-8', delimiter: ',', headerRowsSkipped: 0 });
  });

  it('says in a diagnostic that Windows-1252 was a guess, and which rows were incomplete', () => {
    const codes = (name: string) => (reports.get(name)!.diagnostics as { code: string; rows?: number[] }[]);
    expect(codes('excel-es-mx-cp1252').map((d) => d.code)).toContain('ENCODING_GUESSED');
    expect(codes('canonical').map((d) => d.code)).not.toContain('ENCODING_GUESSED');
    expect(codes('limesurvey-bom-subquestions-incomplete').find((d) => d.code === 'INCOMPLETE_RESPONSE')?.rows).toEqual([7, 20, 34]);
  });
});

describe('make-exports.mjs', () => {
  it('regenerates every committed file byte for byte', () => {
    const out = tempFolder('gbv-exports-');
    const result = spawnSync(process.execPath, [join(EXPORTS, 'make-exports.mjs'), out], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    for (const name of readdirSync(out)) {
      for (const file of readdirSync(join(out, name))) {
        expect(readFileSync(join(out, name, file)).equals(readFileSync(join(EXPORTS, name, file))), `${name}/${file}`).toBe(true);
      }
    }
  });
});
