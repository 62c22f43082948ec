// Several errors in one survey: each is named once with its place, and a hint they share is
// printed once, last, not under each of them.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/commands/analyze.js';
import { formatError, GbvError } from '../../src/errors.js';
import { CODEBOOK_HEAD } from '../helpers/codebook-text.js';

const CODEBOOK = `${CODEBOOK_HEAD}missing_codes: [99]
indices:
  - id: a
    label: {en: A, es: A}
    items: [a1, a2]
  - id: b
    label: {en: B, es: B}
    items: [b1, b2]
`;

function errorOf(survey: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gbv-errors-'));
  writeFileSync(join(dir, 'survey.csv'), survey);
  writeFileSync(join(dir, 'codebook.yaml'), CODEBOOK);
  try {
    runAnalyze({ survey: join(dir, 'survey.csv'), codebook: join(dir, 'codebook.yaml'), format: 'json', encoding: 'utf-8', delimiter: ',', strict: false }, { stdout: () => {}, stderr: () => {}, env: {}, stdoutIsTty: false });
  } catch (error) {
    if (error instanceof GbvError) return formatError(error);
    throw error;
  }
  throw new Error('expected the survey to be refused');
}

describe('analyze with several unreadable answers', () => {
  it('names each, and prints the hint they share once', () => {
    const text = errorOf('grupo,a1,a2,b1,b2\nT,1,Deacuerdo,3,4\nC,2,3,x,4\nT,1,2,3,4\nC,2,3,4,5\n');
    expect(text).toContain('"Deacuerdo" is not a number, a value label or a missing code');
    expect(text).toContain('"x" is not a number, a value label or a missing code');
    expect(text.match(/hint: the codebook declares no value_labels/g)).toHaveLength(1);
  });
});
