// `gbv-impact init`: drafts from every platform export and from an XLSForm must be codebooks
// the tool accepts as written (schema and semantic checks), and must read their survey.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/commands/analyze.js';
import { runInit } from '../../src/commands/init.js';
import { runValidate } from '../../src/commands/validate.js';
import { loadCodebook } from '../../src/io/load-codebook.js';
import { removeTempFolders, tempFolder } from '../cli/helpers.js';

const EXPORTS = 'test/fixtures/exports';
const FORM = 'test/fixtures/xlsform/police-survey-es-en.xlsx';
const quiet = () => ({ out: '', stdout(text: string) { this.out += text; }, stderr: () => {}, env: {}, stdoutIsTty: false });

afterAll(() => removeTempFolders());

const forms = readdirSync(EXPORTS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

describe('init SURVEY on every platform export', () => {
  const folder = tempFolder('gbv-init-');
  it.each(forms)('%s: a draft that validates and reads its survey without errors', async (name) => {
    const survey = join(EXPORTS, name, readdirSync(join(EXPORTS, name)).find((f) => f.startsWith('survey.'))!);
    const out = join(folder, `${name}.yaml`);
    expect(await runInit({ survey, out, force: false }, quiet())).toBe(0);
    const loaded = loadCodebook(out, 'flag');
    expect(loaded.codebook.indices.length).toBeGreaterThanOrEqual(3);
    expect(loaded.codebook.indices.reduce((sum, index) => sum + index.items.length, 0)).toBe(12);
    expect(loaded.codebook.scale).toEqual({ min: 1, max: 5 });
    const io = quiet();
    const code = await runValidate({ survey, codebook: out, format: 'json', strict: false }, io);
    const report = JSON.parse(io.out) as { summary: { errors: number }; groups: { id: string }[] };
    expect(report.groups.filter((g) => g.id !== 'ENCODING_GUESSED').map((g) => g.id)).not.toContain('UNKNOWN_LABEL');
    expect(report.summary.errors, JSON.stringify(report.groups)).toBe(0);
    expect(code).toBe(0);
  });

  it('marks the cohort and the id it guessed, and says what to check', async () => {
    const io = quiet();
    await runInit({ survey: join(EXPORTS, 'canonical', 'survey.csv'), out: '-', force: false }, io);
    expect(io.out).toContain('respondent_id: folio');
    expect(io.out).toMatch(/cohort: {3}# CHECK: which value is the trained group\? values seen: "capacitado" \(23\), "control" \(17\)/);
    expect(io.out).toContain('items: [com_1, com_2, com_3, com_4]');
    expect(io.out).toContain('# covariates: [sexo, edad, región]');
    expect(io.out).toContain('# weights: peso');
  });

  it('finds the HXL row of a Kobo export and its group paths', async () => {
    const io = quiet();
    await runInit({ survey: join(EXPORTS, 'kobo-semicolon-quoted-crlf-group-paths-hxl', 'survey.csv'), out: '-', force: false }, io);
    expect(io.out).toMatch(/header_rows: 2 .*HXL/);
    expect(io.out).toContain('strip_group_prefix: true');
    expect(io.out).toContain('platform metadata: start, end, today, deviceid, _id, _uuid');
  });

  it('refuses to overwrite a file without --force, and replaces it with --force', async () => {
    const out = join(tempFolder('gbv-init-'), 'codebook.yaml');
    const survey = join(EXPORTS, 'canonical', 'survey.csv');
    await runInit({ survey, out, force: false }, quiet());
    const first = readFileSync(out, 'utf8');
    await expect(runInit({ survey, out, force: false }, quiet())).rejects.toThrow(/already exists; gbv-impact will not overwrite it/);
    expect(await runInit({ survey: join(EXPORTS, 'odk-central-dash-paths', 'survey.csv'), out, force: true }, quiet())).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toBe(first);
    expect(readdirSync(join(out, '..'))).toEqual(['codebook.yaml']);
  });

  it('says so when nothing looks like a Likert item', async () => {
    const io = quiet();
    await expect(runInit({ survey: 'test/cli/fixtures/bad/tiny.codebook.yaml', out: '-', force: false }, io)).rejects.toThrow(/no column that looks like a Likert item/);
  });
});

describe('init --from-xlsform', () => {
  it('derives one index per group, the scale and missing codes from the choices, and the cohort', async () => {
    const io = quiet();
    expect(await runInit({ fromXlsform: FORM, out: '-', force: false, lang: 'es' }, io)).toBe(0);
    const yaml = io.out;
    expect(yaml).toContain('scale: {min: 1, max: 5}');
    expect(yaml).toContain('missing_codes: [99]');
    expect(yaml).toMatch(/cohort: .*\n {2}column: grupo\n {2}treated: capacitado\n {2}control: control/);
    expect(yaml).toContain('respondent_id: folio');
    expect(yaml).toContain('label: {en: Communication, es: Comunicación}');
    expect(yaml).toContain('items: [sen_1, sen_2, sen_3, sen_4]');
    expect(yaml).toContain('  De acuerdo: 4');
    expect(yaml).toContain('strip_group_prefix: true');
    expect(yaml).toMatch(/inside a repeat .*: caso_satisfaccion/);
    expect(yaml).toContain('# covariates: [sexo, edad, región]');
  });

  it('takes the English labels with --lang en', async () => {
    const io = quiet();
    await runInit({ fromXlsform: FORM, out: '-', force: false, lang: 'en' }, io);
    expect(io.out).toContain('  Agree: 4');
    expect(io.out).toContain('language: en');
  });

  it('writes a codebook that analyses the ODK Central export: the communication index matches the canonical one', async () => {
    const out = join(tempFolder('gbv-xlsform-'), 'codebook.yaml');
    await runInit({ fromXlsform: FORM, out, force: false, lang: 'es' }, quiet());
    const analyse = async (survey: string, codebook: string) => {
      const io = quiet();
      expect(await runAnalyze({ survey, codebook, format: 'json', strict: false, encoding: 'auto', delimiter: 'auto' }, io)).toBe(0);
      return JSON.parse(io.out) as { indices: { id: string; diff: number; treated: unknown; control: unknown }[] };
    };
    const drafted = await analyse(join(EXPORTS, 'odk-central-dash-paths', 'survey.csv'), out);
    const canonical = await analyse(join(EXPORTS, 'canonical', 'survey.csv'), join(EXPORTS, 'canonical', 'codebook.yaml'));
    const com = drafted.indices.find((i) => i.id === 'grp_com')!;
    const reference = canonical.indices.find((i) => i.id === 'comunicacion')!;
    expect([com.diff, com.treated, com.control]).toEqual([reference.diff, reference.treated, reference.control]);
  });

  it('refuses a workbook that is not an XLSForm, naming its sheets', async () => {
    await expect(runInit({ fromXlsform: join(EXPORTS, 'xlsx-numbers-and-notes-sheet', 'survey.xlsx'), out: '-', force: false }, quiet())).rejects.toThrow(/needs the sheets "survey" and "choices"; its sheets are "Respuestas", "Notas"/);
  });
});
