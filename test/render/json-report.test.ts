// The JSON report is a public contract: every run must validate against the shipped schema.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { runAnalyze, type AnalyzeOptions } from '../../src/commands/analyze.js';
import { SCHEMA_VERSION } from '../../src/render/json-report.js';

const schema = JSON.parse(readFileSync('schema/report.schema.json', 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function run(options: Partial<AnalyzeOptions> & { survey: string }): unknown {
  let out = '';
  runAnalyze(
    { format: 'json', encoding: 'utf-8', delimiter: ',', strict: false, ...options },
    { stdout: (text) => (out += text), stderr: () => {}, env: {}, stdoutIsTty: false },
  );
  return JSON.parse(out);
}

describe('JSON report', () => {
  it('validates against schema/report.schema.json for the sample with --expect', () => {
    const report = run({ survey: 'samples/mexico-2020/survey.csv', expect: 'samples/mexico-2020/published.yaml', date: '2026-01-31' });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect((report as { schemaVersion: string }).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it.each(
    readdirSync('test/fixtures', { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join('test/fixtures', e.name, 'survey.csv')) && existsSync(join('test/fixtures', e.name, 'codebook.yaml')))
      .map((e) => e.name),
  )(
    'validates for fixture %s',
    (name) => {
      const dir = join('test/fixtures', name);
      let options: { encoding?: string; delimiter?: string } = {};
      try {
        options = JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) as typeof options;
      } catch {
        // no options.json: defaults
      }
      const report = run({ survey: join(dir, 'survey.csv'), codebook: join(dir, 'codebook.yaml'), ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.delimiter ? { delimiter: options.delimiter } : {}) });
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it('is byte-identical across runs and carries no date unless asked', () => {
    let first = '';
    let second = '';
    const io = (sink: (t: string) => void) => ({ stdout: sink, stderr: () => {}, env: {}, stdoutIsTty: false });
    const options: AnalyzeOptions = { survey: 'samples/mexico-2020/survey.csv', format: 'json', encoding: 'utf-8', delimiter: ',', strict: false };
    runAnalyze(options, io((t) => (first += t)));
    runAnalyze(options, io((t) => (second += t)));
    expect(first).toBe(second);
    expect(first).not.toContain('"date"');
  });
});
