// Every fixture and the shipped sample, analysed end to end (read → score → compare → JSON),
// against the numbers R computed independently (test/reference/reference.R).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/commands/analyze.js';
import { analyzeTable } from '../../src/core/analyze-table.js';
import { loadCodebook } from '../../src/io/load-codebook.js';
import { readSurvey } from '../../src/io/read-survey.js';
import { expectClose, P_TOLERANCE, VALUE_TOLERANCE } from '../helpers/tolerance.js';

interface RTest { t: number; df: number; p: number; se: number; ci_low: number; ci_high: number }
interface RIndex {
  id: string;
  kind: 'index' | 'composite';
  n_treated: number; n_control: number;
  mean_treated: number | null; mean_control: number | null;
  sd_treated: number | null; sd_control: number | null;
  diff: number | null; relative_pct: number | null;
  n_no_items_answered: { treated: number; control: number } | null;
  n_below_min_answered: { treated: number; control: number } | null;
  welch: RTest | null; student: RTest | null;
  sd_pooled: number | null; cohen_d: number | null; hedges_g_exact: number | null; hedges_g_approx: number | null;
}
interface RExpected {
  input: { n_blank_lines_skipped: number; n_rows_parsed: number; n_rows_empty_dropped: number; n_rows_other_cohort_dropped: number };
  cohorts: { control: { n: number }; treated: { n: number } };
  indices: RIndex[];
  scores?: Record<string, (number | null)[]>;
}

const FIXTURES = 'test/fixtures';
const cases: { name: string; dir: string; expectedFile: string }[] = [
  ...readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURES, entry.name, 'expected.json')))
    .map((entry) => ({ name: entry.name, dir: join(FIXTURES, entry.name), expectedFile: join(FIXTURES, entry.name, 'expected.json') })),
  { name: 'mexico-2020 sample', dir: 'samples/mexico-2020', expectedFile: 'test/reference/mexico-2020.expected.json' },
];

function options(dir: string): { encoding: string; delimiter: string } {
  const file = join(dir, 'options.json');
  const given = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { encoding?: string; delimiter?: string }) : {};
  return { encoding: given.encoding ?? 'utf-8', delimiter: given.delimiter ?? ',' };
}

function analyzeToJson(dir: string): Record<string, any> {
  let out = '';
  const code = runAnalyze(
    { survey: join(dir, 'survey.csv'), codebook: join(dir, 'codebook.yaml'), format: 'json', strict: false, ...options(dir) },
    { stdout: (text) => (out += text), stderr: () => {}, env: {}, stdoutIsTty: false },
  );
  expect(code).toBe(0);
  return JSON.parse(out) as Record<string, any>;
}

function expectTest(actual: any, expected: RTest | null, what: string): void {
  if (expected === null) {
    expect(actual, `${what} should be null`).toBeNull();
    return;
  }
  expectClose(actual.t, expected.t, VALUE_TOLERANCE, `${what}.t`);
  expectClose(actual.se, expected.se, VALUE_TOLERANCE, `${what}.se`);
  expectClose(actual.df, expected.df, P_TOLERANCE, `${what}.df`);
  expectClose(actual.p, expected.p, P_TOLERANCE, `${what}.p`);
  expectClose(actual.ci95[0], expected.ci_low, VALUE_TOLERANCE, `${what}.ci95[0]`);
  expectClose(actual.ci95[1], expected.ci_high, VALUE_TOLERANCE, `${what}.ci95[1]`);
}

describe.each(cases)('$name matches R', ({ dir, expectedFile }) => {
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as RExpected;
  const report = analyzeToJson(dir);

  it('counts rows as §1 says', () => {
    expect(report.input.blankLinesSkipped).toBe(expected.input.n_blank_lines_skipped);
    expect(report.input.rowsRead).toBe(expected.input.n_rows_parsed);
    expect(report.input.rowsDropped.empty).toBe(expected.input.n_rows_empty_dropped);
    expect(report.input.rowsDropped.otherCohort).toBe(expected.input.n_rows_other_cohort_dropped);
    expect(report.cohorts.treated.n).toBe(expected.cohorts.treated.n);
    expect(report.cohorts.control.n).toBe(expected.cohorts.control.n);
  });

  it.each(expected.indices.map((index) => [index.id, index] as const))('index %s', (id, want) => {
    const got = report.indices.find((index: { id: string }) => index.id === id);
    expect(got, `index ${id} in the report`).toBeDefined();
    expect(got.kind).toBe(want.kind);
    expect(got.treated.n).toBe(want.n_treated);
    expect(got.control.n).toBe(want.n_control);
    for (const [ours, theirs, name] of [
      [got.treated.mean, want.mean_treated, 'mean_treated'],
      [got.control.mean, want.mean_control, 'mean_control'],
      [got.treated.sd, want.sd_treated, 'sd_treated'],
      [got.control.sd, want.sd_control, 'sd_control'],
      [got.diff, want.diff, 'diff'],
      [got.relativePct, want.relative_pct, 'relative_pct'],
      [got.sdPooled, want.sd_pooled, 'sd_pooled'],
      [got.cohenD, want.cohen_d, 'cohen_d'],
      [got.hedgesG, want.hedges_g_exact, 'hedges_g_exact'],
      [got.hedgesGApprox, want.hedges_g_approx, 'hedges_g_approx'],
    ] as const) {
      expectClose(ours, theirs, VALUE_TOLERANCE, `${id}.${name}`);
    }
    expectTest(got.welch, want.welch, `${id}.welch`);
    expectTest(got.student, want.student, `${id}.student`);
    if (want.kind === 'index') {
      expect(got.missingness.noItemsAnswered).toEqual(want.n_no_items_answered);
      expect(got.missingness.belowMinAnswered).toEqual(want.n_below_min_answered);
    }
  });

  if (expected.scores) {
    it('scores every analysis row as R does', () => {
      const loaded = loadCodebook(join(dir, 'codebook.yaml'), 'flag');
      const survey = readSurvey(join(dir, 'survey.csv'), options(dir) as { encoding: 'utf-8'; delimiter: string });
      const analysis = analyzeTable(loaded.codebook, survey, 'survey.csv', 'codebook.yaml');
      for (const [id, values] of Object.entries(expected.scores!)) {
        const ours = [...analysis.rowsUsed.scores.get(id)!].map((v) => (Number.isNaN(v) ? null : v));
        expect(ours.length, `${id}: number of analysis rows`).toBe(values.length);
        values.forEach((value, r) => expectClose(ours[r], value, VALUE_TOLERANCE, `${id} row ${r + 1}`));
      }
    });
  }
});
