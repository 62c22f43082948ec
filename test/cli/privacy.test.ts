// Privacy by default (docs/privacy.md): reports (terminal, md, html, json) never carry a
// respondent's id or a free-text answer; ids appear only in the --scores file, which exists to
// link scores back to respondents.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, assertBuilt, removeTempFolders, run, tempFolder } from './helpers.js';

beforeAll(() => assertBuilt());
afterAll(() => removeTempFolders());

const FORMATS = ['terminal', 'md', 'html', 'json'] as const;

describe('respondent ids', () => {
  const ids = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.slice(0, line.indexOf(',')));

  it('the sample has folio ids like MX20-0001 (the test below is not vacuous)', () => {
    expect(ids).toHaveLength(1816);
    expect(ids[0]).toBe('MX20-0001');
  });

  it.each(FORMATS)('the sample report in %s format contains no respondent id; --scores does', (format) => {
    const folder = tempFolder('gbv-privacy-');
    const out = join(folder, `report.${format}`);
    const scores = join(folder, 'scores.csv');
    // The sample's codebook is found beside it (samples/mexico-2020/codebook.yaml).
    const result = run(['analyze', SAMPLE, '--format', format, '--out', out, '--scores', scores, '--by', 'cargo', '--date', '2020-07-01']);
    expect(result.code, result.stderr).toBe(0);
    const report = readFileSync(out, 'utf8');
    expect(report).not.toMatch(/MX20-\d/);
    expect(ids.filter((id) => report.includes(id))).toEqual([]);
    const written = readFileSync(scores, 'utf8');
    expect(ids.every((id) => written.includes(id))).toBe(true);
  });
});

describe('free-text columns', () => {
  it('a column the codebook does not name (a comment) is never copied into any report', () => {
    const folder = tempFolder('gbv-privacy-');
    const survey = join(folder, 'survey.csv');
    const rows = [
      ['1', 'capacitado', '4', '5', '2'],
      ['2', 'capacitado', '5', '4', '1'],
      ['3', 'capacitado', '4', '4', '2'],
      ['4', 'control', '2', '3', '4'],
      ['5', 'control', '3', '2', '3'],
      ['6', 'control', '2', '2', '4'],
    ];
    writeFileSync(survey, `folio,grupo,a1,a2,a3,comentario\n${rows.map((r, i) => [...r, `SECRET-NOTE-${i} my boss hits me`].join(',')).join('\n')}\n`);
    for (const format of FORMATS) {
      const out = join(folder, `report.${format}`);
      const result = run(['analyze', survey, '-c', 'test/fixtures/bad/tiny.codebook.yaml', '--format', format, '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      const report = readFileSync(out, 'utf8');
      expect(report, format).not.toContain('SECRET-NOTE');
      expect(report, format).not.toContain('comentario');
    }
  });
});
