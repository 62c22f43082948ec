// The bad-input corpus: every fault in test/fixtures/bad/ (and a few generated ones) run through
// the built CLI as a user would, one row per case: the arguments, the documented exit code and
// a fragment of the one message the user gets. For every case: no stack trace, stderr starts
// with `gbv-impact:`, and nothing lands at the --out path (no report, no leftover temporary
// file). A failed check (exit 1) still writes its report; those rows say so and check that it
// is complete and that no temporary file is left beside it.

import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, assertBuilt, removeTempFolders, run, tempFolder } from './helpers.js';

const BAD = 'test/fixtures/bad';
const TINY = `${BAD}/tiny.csv`;
const CB = ['-c', `${BAD}/tiny.codebook.yaml`];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

interface Case {
  name: string;
  /** `$DIR` is the case's temporary folder; `$OUT` (appended unless `out: false`) is `$DIR/out/report`. */
  args: string[];
  code: 1 | 2;
  message: string | RegExp;
  /** Writes input files into `$DIR` before the run. */
  setup?: (dir: string) => void;
  /** `false`: no --out is passed (the command or the case has none of its own). */
  out?: false;
  /** Exit 1 is a finished run whose check failed: its report is written. */
  writesReport?: true;
  skip?: boolean;
}

const bad = (name: string) => `${BAD}/${name}`;
const tinyWith = (rowTwo: string) => `folio,grupo,a1,a2,a3\n1,capacitado,4,5,2\n${rowTwo}\n3,capacitado,4,4,2\n4,control,2,3,4\n5,control,3,2,3\n6,control,2,2,4\n`;

const CASES: Case[] = [
  // The survey file
  { name: 'empty file', args: ['analyze', bad('empty.csv'), ...CB], code: 2, message: 'empty.csv: the file is empty: it has no header and no rows' },
  { name: 'header only', args: ['analyze', bad('header-only.csv'), ...CB], code: 2, message: 'no row belongs to either cohort' },
  { name: 'binary file (a PNG)', args: ['analyze', bad('binary-file-png.csv'), ...CB], code: 2, message: 'contains a NUL character, which a text export never has: it looks like a binary file' },
  { name: 'NUL byte inside a cell', args: ['analyze', bad('nul-bytes.csv'), ...CB], code: 2, message: 'nul-bytes.csv:3: the file contains a NUL character' },
  { name: 'old-style .xls workbook', args: ['analyze', bad('old-excel-xls-workbook.csv'), ...CB], code: 2, message: 'old-style Excel .xls workbook' },
  { name: 'unclosed quote', args: ['analyze', bad('unclosed-quote.csv'), ...CB], code: 2, message: 'unclosed-quote.csv:3: a quoted field is never closed' },
  { name: 'duplicate header used by the codebook', args: ['analyze', bad('duplicate-header-a1.csv'), ...CB], code: 2, message: 'has "a1" more than once, so it is unclear which to use' },
  { name: 'empty header name where an item should be', args: ['analyze', bad('empty-header-name.csv'), ...CB], code: 2, message: '"a1" is not a column of' },
  { name: 'ragged rows', args: ['analyze', bad('ragged-rows.csv'), ...CB], code: 2, message: '2 rows have a different number of fields from the header (5); row 3 has 4 (rows 3, 4)' },
  {
    name: 'a 10 MB field (generated)',
    args: ['analyze', '$DIR/ten-mb-field.csv', ...CB],
    setup: (dir) => writeFileSync(join(dir, 'ten-mb-field.csv'), tinyWith(`2,capacitado,5,"${'x'.repeat(10 * 1024 * 1024)}",1`)),
    code: 2,
    message: /ten-mb-field\.csv:3:a2: answer "x{60}… \(10,485,760 characters\)" is not a number/,
  },
  {
    name: 'a row of a million fields (generated)',
    args: ['analyze', '$DIR/million-fields.csv', ...CB],
    setup: (dir) => writeFileSync(join(dir, 'million-fields.csv'), tinyWith(`2,capacitado,${'4,'.repeat(1_000_000 - 3)}4`)),
    code: 2,
    message: 'million-fields.csv:3: row 3 has 1,000,000 fields, more than the limit of 100,000 fields per row',
  },
  {
    name: 'a header of 200,000 columns (generated)',
    args: ['analyze', '$DIR/wide-header.csv', ...CB],
    setup: (dir) => writeFileSync(join(dir, 'wide-header.csv'), `${Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(',')}\n`),
    code: 2,
    message: 'wide-header.csv:1: the header has 200,000 fields, more than the limit of 100,000',
  },
  { name: 'invalid UTF-8 with --encoding utf-8', args: ['analyze', bad('invalid-utf8.csv'), ...CB, '--encoding', 'utf-8'], code: 2, message: 'invalid-utf8.csv:4: the file is not valid UTF-8' },
  { name: 'a directory given as the survey', args: ['analyze', BAD, ...CB], code: 2, message: `the survey "${BAD}" is a folder, not a file` },
  {
    name: isRoot ? 'an unreadable survey (skipped: running as root, which can read it)' : 'an unreadable survey (chmod 000)',
    args: ['analyze', '$DIR/unreadable.csv', ...CB],
    setup: (dir) => {
      writeFileSync(join(dir, 'unreadable.csv'), tinyWith('2,capacitado,5,4,1'));
      chmodSync(join(dir, 'unreadable.csv'), 0o000);
    },
    code: 2,
    message: 'cannot be read (permission denied)',
    skip: isRoot,
  },
  { name: 'survey file missing', args: ['analyze', bad('no-such-survey.csv'), ...CB], code: 2, message: 'the survey "test/fixtures/bad/no-such-survey.csv" does not exist' },
  // Answers and cohorts
  { name: 'unknown label answer', args: ['analyze', bad('unknown-label-answer.csv'), ...CB], code: 2, message: 'unknown-label-answer.csv:4:a2: answer "Deacuerdo" is not a number, a value label or a missing code' },
  { name: 'non-numeric answer', args: ['analyze', bad('non-numeric-answer.csv'), ...CB], code: 2, message: 'non-numeric-answer.csv:3:a2: answer "4x" is not a number' },
  { name: 'no respondent in the control cohort', args: ['analyze', bad('no-control-respondent.csv'), ...CB], code: 2, message: 'no row belongs to the control cohort ("control")' },
  { name: 'no respondent in the treated cohort', args: ['analyze', bad('no-treated-respondent.csv'), ...CB], code: 2, message: 'no row belongs to the treated cohort ("capacitado")' },
  { name: 'cohort values match no row', args: ['analyze', bad('cohort-values-match-no-row.csv'), ...CB], code: 2, message: 'values found in "grupo": "Capacitados", "Testigo"' },
  { name: 'cohort column missing from the survey', args: ['analyze', bad('cohort-column-missing.csv'), ...CB], code: 2, message: 'cohort.column: "grupo" is not a column of' },
  { name: 'out-of-scale answer with --strict (a failed check)', args: ['analyze', bad('out-of-scale-value.csv'), ...CB, '--strict', '--format', 'json'], code: 1, message: '--strict: 1 warning (OUT_OF_SCALE)', writesReport: true },
  // The codebook
  { name: 'codebook YAML syntax error (line and column)', args: ['analyze', TINY, '-c', bad('yaml-syntax-error.codebook.yaml')], code: 2, message: 'yaml-syntax-error.codebook.yaml:4:7: this is not valid YAML' },
  { name: 'codebook duplicate YAML key', args: ['analyze', TINY, '-c', bad('duplicate-yaml-key.codebook.yaml')], code: 2, message: 'duplicate-yaml-key.codebook.yaml:12:1: this is not valid YAML: Map keys must be unique' },
  { name: 'unknown codebook key (did you mean)', args: ['analyze', TINY, '-c', bad('unknown-key-itmes.codebook.yaml')], code: 2, message: 'unknown key "itmes" (did you mean "items"?)' },
  { name: 'index item that is not a survey column', args: ['analyze', TINY, '-c', bad('item-not-a-column.codebook.yaml')], code: 2, message: 'indices[0].items[2]: "a4" is not a column of test/fixtures/bad/tiny.csv' },
  { name: "reverse-coded item not among the index's items", args: ['analyze', TINY, '-c', bad('reverse-not-an-item.codebook.yaml')], code: 2, message: `indices[0].reverse[0]: "a9" is not one of this index's items` },
  { name: 'scale min equal to max', args: ['analyze', TINY, '-c', bad('scale-min-equals-max.codebook.yaml')], code: 2, message: 'scale: min (5) must be smaller than max (5)' },
  { name: 'scale min above max', args: ['analyze', TINY, '-c', bad('scale-min-above-max.codebook.yaml')], code: 2, message: 'scale: min (5) must be smaller than max (1)' },
  { name: 'composite that refers to itself', args: ['analyze', TINY, '-c', bad('composite-refers-to-itself.codebook.yaml')], code: 2, message: 'the composite "total" cannot contain itself' },
  { name: 'composite of an unknown index', args: ['analyze', TINY, '-c', bad('composite-of-unknown-index.codebook.yaml')], code: 2, message: '"knowledge" is not an index; the indices are "skills"' },
  { name: 'same value for treated and control', args: ['analyze', TINY, '-c', bad('treated-equals-control.codebook.yaml')], code: 2, message: 'is the same as cohort.treated ("capacitado")' },
  { name: 'two indices with one id', args: ['analyze', TINY, '-c', bad('duplicate-index-id.codebook.yaml')], code: 2, message: 'the id "skills" is used twice' },
  { name: 'codebook without cohort', args: ['analyze', TINY, '-c', bad('missing-cohort.codebook.yaml')], code: 2, message: '"cohort" is required' },
  { name: 'codebook that is a YAML list', args: ['analyze', TINY, '-c', bad('top-level-is-a-list.codebook.yaml')], code: 2, message: '(top level): must be a mapping' },
  { name: 'empty codebook', args: ['analyze', TINY, '-c', bad('empty.codebook.yaml')], code: 2, message: 'empty.codebook.yaml: the codebook is empty' },
  { name: 'codebook cluster column missing', args: ['analyze', TINY, '-c', bad('cluster-column-missing.codebook.yaml')], code: 2, message: 'cluster: "estado" is not a column of' },
  { name: 'codebook file missing', args: ['analyze', TINY, '-c', bad('no-such.codebook.yaml')], code: 2, message: 'the codebook "test/fixtures/bad/no-such.codebook.yaml" does not exist' },
  { name: 'a directory given as the codebook', args: ['analyze', TINY, '-c', BAD], code: 2, message: 'is a folder, not a file' },
  // Published figures (--expect)
  { name: 'published.yaml with an unknown index', args: ['analyze', TINY, ...CB, '--expect', bad('published-unknown-index.yaml')], code: 2, message: 'figures[0].index: "knowledge" is not an index of the codebook' },
  { name: 'published.yaml syntax error', args: ['analyze', TINY, ...CB, '--expect', bad('published-yaml-syntax-error.yaml')], code: 2, message: 'published-yaml-syntax-error.yaml:8:12: this is not valid YAML' },
  { name: 'published.yaml with an unknown metric', args: ['analyze', TINY, ...CB, '--expect', bad('published-unknown-metric.yaml')], code: 2, message: 'figures[0].metric: must be one of' },
  { name: 'published.yaml missing', args: ['analyze', TINY, ...CB, '--expect', bad('no-such-published.yaml')], code: 2, message: 'the published figures file "test/fixtures/bad/no-such-published.yaml" does not exist' },
  { name: 'published figure missed (a failed check)', args: ['analyze', TINY, ...CB, '--expect', bad('published-figure-missed.yaml'), '--format', 'md'], code: 1, message: '1 published figure not reproduced within tolerance (n_total)', writesReport: true },
  // The command line and the outputs
  { name: '--out folder missing', args: ['analyze', TINY, ...CB, '--out', '$DIR/out/missing/report.md'], out: false, code: 2, message: 'report "$DIR/out/missing/report.md" does not exist' },
  { name: '--out equal to the input', args: ['analyze', TINY, ...CB, '--out', TINY], out: false, code: 2, message: 'the report would overwrite the input file "test/fixtures/bad/tiny.csv"' },
  { name: '--out is a folder', args: ['analyze', TINY, ...CB, '--out', '$DIR/out'], out: false, code: 2, message: 'is a folder; give a file name' },
  { name: '--scores and --out the same file', args: ['analyze', TINY, ...CB, '--scores', '$OUT'], code: 2, message: 'the report and the scores file would both be written to' },
  { name: 'unknown --format', args: ['analyze', TINY, ...CB, '--format', 'docx'], code: 2, message: "argument 'docx' is invalid. Allowed choices are terminal, md, html, json, pdf" },
  { name: 'unknown --encoding', args: ['analyze', TINY, ...CB, '--encoding', 'ebcdic'], code: 2, message: 'unknown encoding "ebcdic"' },
  { name: 'bad --delimiter', args: ['analyze', TINY, ...CB, '--delimiter', ';;'], code: 2, message: '--delimiter ";;" is not a single character' },
  { name: 'bad --date', args: ['analyze', TINY, ...CB, '--date', '2024-02-31'], code: 2, message: '--date "2024-02-31" is not a calendar date' },
  { name: 'bad --min-cell (0)', args: ['analyze', TINY, ...CB, '--min-cell', '0'], code: 2, message: '--min-cell must be a whole number of at least 1' },
  { name: 'bad --min-cell (not a number)', args: ['analyze', TINY, ...CB, '--min-cell', 'ten'], code: 2, message: '--min-cell must be a whole number of at least 1' },
  { name: '--cluster column missing', args: ['analyze', TINY, ...CB, '--cluster', 'estado'], code: 2, message: '--cluster "estado" is not a column of test/fixtures/bad/tiny.csv' },
  { name: '--by column missing', args: ['analyze', TINY, ...CB, '--by', 'sexo'], code: 2, message: '--by "sexo" is not a column of' },
  { name: '--sheet with a CSV survey', args: ['analyze', TINY, ...CB, '--sheet', 'Hoja1'], code: 2, message: 'applies to .xlsx workbooks' },
  { name: 'unknown option', args: ['analyze', TINY, ...CB, '--bogus'], code: 2, message: "unknown option '--bogus'" },
  { name: '--format pdf without --out', args: ['analyze', TINY, ...CB, '--format', 'pdf'], out: false, code: 2, message: '--format pdf needs --out' },
  { name: 'init on an empty file', args: ['init', bad('empty.csv')], code: 2, message: 'the file is empty' },
  { name: 'validate on a NUL byte (no --out)', args: ['validate', bad('nul-bytes.csv'), ...CB], out: false, code: 2, message: 'contains a NUL character' },
];

beforeAll(() => assertBuilt());
afterAll(() => removeTempFolders());

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the bad-input corpus', () => {
  it('has at least 40 cases, and every fixture file in test/fixtures/bad is used by one', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    const used = [...CASES.flatMap((c) => c.args), bad('every-answer-missing-in-index.csv')].join(' ');
    const unused = readdirSync(join(REPO, BAD)).filter((f) => f !== 'README.md' && !used.includes(`${BAD}/${f}`));
    expect(unused).toEqual([]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.skip) return;
    const dir = tempFolder('gbv-corpus-');
    const outFolder = join(dir, 'out');
    mkdirSync(outFolder);
    const out = join(outFolder, 'report');
    c.setup?.(dir);
    const fill = (s: string) => s.replaceAll('$DIR', dir).replaceAll('$OUT', out);
    const args = [...c.args.map(fill), ...(c.out === false ? [] : ['--out', out])];
    const inputBefore = sha256(join(REPO, TINY));

    const result = run(args);

    expect(result.code, `stderr was:\n${result.stderr.slice(0, 2000)}`).toBe(c.code);
    expect(result.stderr.startsWith('gbv-impact: '), result.stderr.slice(0, 2000)).toBe(true);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/internal error/i);
    if (typeof c.message === 'string') expect(result.stderr).toContain(fill(c.message));
    else expect(result.stderr).toMatch(c.message);
    // One message of a sensible size, whatever the input (a 10 MB cell is not echoed).
    expect(result.stderr.length).toBeLessThan(4000);
    expect(result.stdout).toBe('');

    const left = readdirSync(outFolder);
    if (c.writesReport) {
      expect(left).toEqual(['report']);
      expect(readFileSync(out, 'utf8').length).toBeGreaterThan(100);
    } else {
      expect(left, 'nothing is written to --out, not even a temporary file').toEqual([]);
    }
    expect(sha256(join(REPO, TINY)), 'the input is never touched').toBe(inputBefore);
  });
});

describe('every answer missing in an index', () => {
  // Decided behaviour: not an error. The run finishes (exit 0), the index shows n/a with n = 0
  // in both cohorts, and a warning says that nobody has a score and why (so --strict fails on
  // it, as a CI job would want). With several indices the others are still reported; --expect
  // on that index fails as "not computable".
  it('exits 0, reports the index as not computable and says why', () => {
    const out = join(tempFolder('gbv-corpus-'), 'report.json');
    const result = run(['analyze', bad('every-answer-missing-in-index.csv'), ...CB, '--format', 'json', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      indices: { id: string; diff: number | null; treated: { n: number }; control: { n: number }; missingness: { noItemsAnswered: { treated: number; control: number } } }[];
      diagnostics: { code: string; message: string }[];
    };
    const [skills] = report.indices;
    expect(skills).toMatchObject({ id: 'skills', diff: null, treated: { n: 0 }, control: { n: 0 }, missingness: { noItemsAnswered: { treated: 3, control: 3 } } });
    expect(report.diagnostics.map((d) => d.message).join('\n')).toContain('no respondent has a score on "skills", so it cannot be compared: 6 answered none');
    expect(existsSync(out)).toBe(true);
  });
});
