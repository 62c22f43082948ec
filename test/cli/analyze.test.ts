// `gbv-impact analyze` end to end: spawns the built bin (node bin/gbv-impact.js) as a user would,
// in a clean environment, and checks exit codes, stdout and stderr. Needs `npm run build` first
// (`npm test` does it). Bad-input files live in test/cli/fixtures/bad/, named after their fault.
//

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANSI,
  BAD,
  REPO,
  SAMPLE,
  assertBuilt,
  bash,
  removeTempFolders,
  run,
  runOnce,
  tempFolder,
  type RunResult,
} from './helpers.js';

const TINY = `${BAD}/tiny.csv`;
const TINY_CODEBOOK = ['--codebook', `${BAD}/tiny.codebook.yaml`];
const PUBLISHED = 'samples/mexico-2020/published.yaml';

const LABELS_ES = [
  'Habilidades de comunicación y cercanía con la ciudadanía',
  'Atención, reacción y canalización de víctimas',
  'Sensibilización sobre la violencia de género',
  'Habilidades policiales para atender la violencia de género',
];
const LABELS_EN = [
  'Communication skills and closeness to citizens',
  'Attention, reaction and channeling of victims',
  'Awareness of gender-based violence',
  'Police skills in dealing with gender-based violence',
];

beforeAll(() => assertBuilt());
afterAll(() => removeTempFolders());

/** Exit 2, nothing on stdout, one `gbv-impact:` message on stderr and no stack trace. */
function expectUsageError(result: RunResult): void {
  expect(result.code, `stderr was:\n${result.stderr}`).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/internal error/i);
}

function expectCleanError(result: RunResult): void {
  expectUsageError(result);
  expect(result.stderr.startsWith('gbv-impact: '), `stderr was:\n${result.stderr}`).toBe(true);
  expect(result.stderr.match(/^gbv-impact:/gm)).toHaveLength(1);
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the sample survey, terminal summary', () => {
  it('exits 0 and prints the four indices in Spanish (the codebook says language: es) with the published diffs', () => {
    const result = runOnce(['analyze', SAMPLE]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    for (const label of LABELS_ES) expect(result.stdout).toContain(label);
    for (const diff of ['+4.00', '+16.54', '+8.60']) expect(result.stdout).toContain(diff);
    expect(result.stdout).toContain('Capacitados: 1,100 · Control: 716');
  });

  it('prints English labels with --lang en', () => {
    const result = run(['analyze', SAMPLE, '--lang', 'en']);
    expect(result.code, result.stderr).toBe(0);
    for (const label of LABELS_EN) expect(result.stdout).toContain(label);
    for (const label of LABELS_ES) expect(result.stdout).not.toContain(label);
    expect(result.stdout).toContain('Trained: 1,100 · Control: 716');
  });

  it('follows the locale when the codebook sets no language (LANG=C → English, LANG=es_MX → Spanish)', () => {
    const english = runOnce(['analyze', TINY, ...TINY_CODEBOOK]);
    expect(english.code, english.stderr).toBe(0);
    expect(english.stdout).toContain('Survey: ');
    expect(english.stdout).toContain('Skills');
    const spanish = run(['analyze', TINY, ...TINY_CODEBOOK], { env: { LANG: 'es_MX.UTF-8' } });
    expect(spanish.code, spanish.stderr).toBe(0);
    expect(spanish.stdout).toContain('Encuesta: ');
    expect(spanish.stdout).toContain('Habilidades');
  });

  it('has no ANSI escape codes when stdout is a pipe', () => {
    const result = runOnce(['analyze', SAMPLE]);
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('colours with FORCE_COLOR=1', () => {
    const result = run(['analyze', SAMPLE], { env: { FORCE_COLOR: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(ANSI);
  });

  it('does not colour with NO_COLOR=1 (FORCE_COLOR unset)', () => {
    const result = run(['analyze', SAMPLE], { env: { NO_COLOR: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(ANSI);
    expect(result.stdout).toContain(LABELS_ES[0]);
  });

  it('never writes colour into an --out file, even with FORCE_COLOR=1', () => {
    const out = join(tempFolder(), 'report.txt');
    const result = run(['analyze', SAMPLE, '--out', out], { env: { FORCE_COLOR: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(LABELS_ES[0]);
    expect(text).not.toMatch(ANSI);
  });
});

describe('--expect published figures', () => {
  it('exits 0 on the shipped published.yaml and names the source inconsistency 28.14 vs 29.14', () => {
    const result = runOnce(['analyze', SAMPLE, '--expect', PUBLISHED]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('28.14');
    expect(result.stdout).toContain('29.14');
    const line = result.stdout.split('\n').find((l) => l.includes('28.14') && l.includes('29.185'));
    expect(line, 'the police_skills figure row').toBeDefined();
    // The status may wrap in its column; the words must all be there, in order.
    const after = result.stdout.slice(result.stdout.indexOf(line!));
    expect(after.replace(/\s+/g, ' ')).toMatch(/29\.185 \S+ inconsistencia en la fuente/);
  });

  it('names the status "source inconsistent" in English Markdown and in JSON', () => {
    const md = run(['analyze', SAMPLE, '--expect', PUBLISHED, '--lang', 'en', '--format', 'md']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/\| Police skills in dealing with gender-based violence \| difference \| 28\.14 \|.*\| source inconsistent \|/);
    const json = run(['analyze', SAMPLE, '--expect', PUBLISHED, '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.expect.passed).toBe(true);
    expect(report.expect.figures.find((f: { index?: string }) => f.index === 'police_skills').status).toBe('source_inconsistent');
    expect(report.expect.inconsistencies[0]).toMatchObject({ subject: 'police_skills', published: 28.14, implied: 29.14 });
  });

  it('prints the whole status "source inconsistent" in the English terminal summary', () => {
    const result = run(['analyze', SAMPLE, '--expect', PUBLISHED, '--lang', 'en']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('source inconsistent');
    expect(result.stdout).toMatch(/^\s+Metric\s+Published \(±\)\s+Reproduced\s+Deviation\s+Status\s*$/m);
  });

  // The Spanish headings are longer than the English ones; none may be cut to fit its column.
  it('prints whole column headings in the Spanish terminal reproduction table', () => {
    const result = runOnce(['analyze', SAMPLE, '--expect', PUBLISHED]);
    expect(result.stdout).toMatch(/^\s+Métrica\s+Publicada \(±\)\s+Reproducida\s+Desviación\s+Resultado\s*$/m);
    expect(result.stdout).not.toContain('…');
  });

  it('exits 1 when a figure misses its tolerance, and stderr names the missed figure', () => {
    const folder = tempFolder();
    const published = join(folder, 'published.yaml');
    const original = readFileSync(join(REPO, PUBLISHED), 'utf8');
    const modified = original.replace(/(index: communication\n\s+metric: diff\n\s+value: )4\n/, '$15\n');
    expect(modified, 'the communication figure was found and changed').not.toBe(original);
    writeFileSync(published, modified);
    const result = run(['analyze', SAMPLE, '--expect', published]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^gbv-impact: .*not reproduced within tolerance.*communication diff/m);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toContain('NO COINCIDE');
  });
});

describe('--format json', () => {
  it('is valid, versioned JSON with the input hash, the cohorts, Welch CIs and the codebook source', () => {
    const result = runOnce(['analyze', SAMPLE, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.schemaVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(report.tool.version).toBe(pkg.version);
    expect(report.input.sha256).toBe(sha256(join(REPO, SAMPLE)));
    expect(report.cohorts.treated.n).toBe(1100);
    expect(report.cohorts.control.n).toBe(716);
    expect(report.codebook.source).toBe('samples/mexico-2020/codebook.yaml');
    expect(report.indices.map((i: { id: string }) => i.id)).toEqual(['communication', 'victim_response', 'awareness', 'police_skills']);
    for (const index of report.indices) {
      expect(Array.isArray(index.welch.ci95), `${index.id}.welch.ci95`).toBe(true);
      expect(index.welch.ci95).toHaveLength(2);
      expect(index.welch.ci95[0]).toBeLessThan(index.welch.ci95[1]);
    }
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('is byte-identical from one run to the next', () => {
    const first = runOnce(['analyze', SAMPLE, '--format', 'json']);
    const second = run(['analyze', SAMPLE, '--format', 'json']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });
});

describe('--format md and html to --out', () => {
  it('writes Markdown and HTML files with the index labels, and prints nothing', () => {
    const folder = tempFolder();
    for (const format of ['md', 'html']) {
      const out = join(folder, `report.${format}`);
      const result = run(['analyze', SAMPLE, '--format', format, '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('');
      expect(existsSync(out)).toBe(true);
      const text = readFileSync(out, 'utf8');
      for (const label of LABELS_ES) expect(text, `${format} has "${label}"`).toContain(label);
    }
    expect(readFileSync(join(folder, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(readdirSync(folder).sort()).toEqual(['report.html', 'report.md']);
  });

  describe('with hostile labels in the codebook', () => {
    const hostile = 'Comunicación <script>alert(1)</script> | cercanía';
    let codebook: string;
    let folder: string;
    beforeAll(() => {
      folder = tempFolder();
      codebook = join(folder, 'codebook.yaml');
      const original = readFileSync(join(REPO, 'samples/mexico-2020/codebook.yaml'), 'utf8');
      const modified = original.replace(`es: ${LABELS_ES[0]}`, `es: ${JSON.stringify(hostile)}`);
      expect(modified).not.toBe(original);
      writeFileSync(codebook, modified);
    });

    it('HTML escapes a <script> in a label', () => {
      const out = join(folder, 'report.html');
      const result = run(['analyze', SAMPLE, '--codebook', codebook, '--format', 'html', '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      const html = readFileSync(out, 'utf8');
      expect(html).not.toContain('<script>alert(1)');
      expect(html).toContain('Comunicación &lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('Markdown escapes a | in a label, so the row has as many cells as the header', () => {
      const out = join(folder, 'report.md');
      const result = run(['analyze', SAMPLE, '--codebook', codebook, '--format', 'md', '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      const md = readFileSync(out, 'utf8');
      const row = md.split('\n').find((line) => line.startsWith('| Comunicación'));
      expect(row, 'the table row of the hostile label').toBeDefined();
      expect(row).toContain('\\|');
      expect(row).not.toContain('<script>');
      const lines = md.split('\n');
      let at = lines.indexOf(row!);
      while (at > 0 && !lines[at]!.startsWith('|---')) at--;
      const header = lines[at - 1]!;
      const pipes = (line: string) => line.match(/(?<!\\)\|/g)?.length;
      expect(header.startsWith('| ')).toBe(true);
      expect(pipes(row!)).toBe(pipes(header));
    });
  });
});

describe('--scores', () => {
  it('writes one row per analysed respondent: id, cohort, cluster and covariates, then each index', () => {
    const folder = tempFolder();
    const scores = join(folder, 'scores.csv');
    const result = run(['analyze', SAMPLE, '--scores', scores]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(LABELS_ES[0]);
    const lines = readFileSync(scores, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    const [header, ...rows] = lines.slice(0, -1);
    expect(header).toBe('folio,grupo,estado,sexo,edad,antiguedad,cargo,communication,victim_response,awareness,police_skills');
    expect(rows).toHaveLength(1816);
    expect(rows[0]).toMatch(/^MX20-0001,control,/);
    for (const row of rows) expect(row.split(',')).toHaveLength(header!.split(',').length);
    expect(readdirSync(folder)).toEqual(['scores.csv']);
  });
});

describe('--scores with --cluster and --by', () => {
  it('also carries the columns named on the command line', () => {
    const folder = tempFolder();
    const scores = join(folder, 'scores.csv');
    const result = run(['analyze', SAMPLE, '--scores', scores, '--cluster', 'municipio', '--by', 'cargo', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const header = readFileSync(scores, 'utf8').split('\n')[0]!.split(',');
    expect(header).toContain('municipio');
    expect(header).toContain('cargo');
    expect(header.filter((c) => c === 'cargo')).toHaveLength(1);
    const report = JSON.parse(result.stdout) as { cluster: { column: string }; subgroups: { column: string }[] };
    expect(report.cluster.column).toBe('municipio');
    expect(report.subgroups.map((s) => s.column)).toEqual(['cargo']);
  });
});

describe('bad input: exit 2, one message, no stack trace', () => {
  it('a missing survey file', () => {
    const result = run(['analyze', 'no/such/survey.csv']);
    expectCleanError(result);
    expect(result.stderr).toContain('no/such/survey.csv');
    expect(result.stderr).toContain('does not exist');
  });

  it('a survey that is a folder', () => {
    const folder = tempFolder();
    const result = run(['analyze', folder]);
    expectCleanError(result);
    expect(result.stderr).toContain(folder);
    expect(result.stderr).toMatch(/is a folder, not a file/);
  });

  it('a codebook with a YAML syntax error', () => {
    const result = runOnce(['analyze', TINY, '--codebook', `${BAD}/yaml-syntax-error.codebook.yaml`]);
    expectCleanError(result);
    expect(result.stderr).toContain('yaml-syntax-error.codebook.yaml');
    expect(result.stderr).toContain('not valid YAML');
  });

  it('a codebook with a YAML syntax error: the message gives line and column', () => {
    const result = runOnce(['analyze', TINY, '--codebook', `${BAD}/yaml-syntax-error.codebook.yaml`]);
    expect(result.stderr).toContain('yaml-syntax-error.codebook.yaml:4:7:');
  });

  it('a codebook with an unknown key "itmes"', () => {
    const result = runOnce(['analyze', TINY, '--codebook', `${BAD}/unknown-key-itmes.codebook.yaml`]);
    expectCleanError(result);
    expect(result.stderr).toContain('unknown-key-itmes.codebook.yaml');
    expect(result.stderr).toContain('unknown key "itmes"');
    expect(result.stderr).toMatch(/allowed keys are .*"items"/);
  });

  it('a codebook with an unknown key "itmes": suggests "items"', () => {
    const result = runOnce(['analyze', TINY, '--codebook', `${BAD}/unknown-key-itmes.codebook.yaml`]);
    expect(result.stderr).toContain('did you mean "items"');
  });

  it('a codebook whose index item is not a survey column', () => {
    const result = run(['analyze', TINY, '--codebook', `${BAD}/item-not-a-column.codebook.yaml`]);
    expectCleanError(result);
    expect(result.stderr).toContain('item-not-a-column.codebook.yaml');
    expect(result.stderr).toContain('"a4" is not a column of');
    expect(result.stderr).toContain('"folio", "grupo", "a1", "a2", "a3"');
  });

  it('a reverse item that is not among the items', () => {
    const result = run(['analyze', TINY, '--codebook', `${BAD}/reverse-not-an-item.codebook.yaml`]);
    expectCleanError(result);
    expect(result.stderr).toMatch(/reverse-not-an-item\.codebook\.yaml:\d+:\d+: indices\[0\]\.reverse\[0\]/);
    expect(result.stderr).toContain('"a9" is not one of this index\'s items ("a1", "a2", "a3")');
  });

  it('an unreadable answer "Deacuerdo" in an item column', () => {
    const result = run(['analyze', `${BAD}/unreadable-answer.csv`, ...TINY_CODEBOOK]);
    expectCleanError(result);
    expect(result.stderr).toContain(`${BAD}/unreadable-answer.csv:4:a2:`);
    expect(result.stderr).toContain('"Deacuerdo"');
    expect(result.stderr).toMatch(/known labels: "En desacuerdo", "De acuerdo"/);
  });

  it('cohort values that match no row', () => {
    const result = runOnce(['analyze', `${BAD}/cohort-values-match-no-row.csv`, ...TINY_CODEBOOK]);
    expectCleanError(result);
    expect(result.stderr).toContain('cohort-values-match-no-row.csv');
    expect(result.stderr).toContain('values found in "grupo": "Capacitados", "Testigo"');
  });

  // Regression: the message once said "no row belongs to neither cohort".
  it('cohort values that match no row: the message is not a double negative', () => {
    const result = runOnce(['analyze', `${BAD}/cohort-values-match-no-row.csv`, ...TINY_CODEBOOK]);
    expect(result.stderr).not.toContain('belongs to neither');
  });

  it('invalid UTF-8 declared --encoding utf-8 suggests --encoding windows-1252', () => {
    const result = run(['analyze', `${BAD}/invalid-utf8.csv`, ...TINY_CODEBOOK, '--encoding', 'utf-8']);
    expectCleanError(result);
    expect(result.stderr).toContain(`${BAD}/invalid-utf8.csv:4:`);
    expect(result.stderr).toContain('not valid UTF-8');
    expect(result.stderr).toContain('--encoding windows-1252');
  });

  it('an unknown --format value names the allowed ones', () => {
    const result = runOnce(['analyze', TINY, ...TINY_CODEBOOK, '--format', 'xml']);
    expectUsageError(result);
    expect(result.stderr).toContain("'xml'");
    expect(result.stderr).toContain('terminal, md, html, json');
  });

  // Commander's own usage errors carry the same `gbv-impact:` prefix as every other error.
  it('an unknown --format value: the message has the gbv-impact: prefix', () => {
    const result = runOnce(['analyze', TINY, ...TINY_CODEBOOK, '--format', 'xml']);
    expect(result.stderr).toMatch(/^gbv-impact: /);
  });

  it('--out into a missing folder, and nothing is written', () => {
    const folder = tempFolder();
    const out = join(folder, 'missing', 'report.md');
    const result = run(['analyze', TINY, ...TINY_CODEBOOK, '--format', 'md', '--out', out]);
    expectCleanError(result);
    expect(result.stderr).toContain(out);
    expect(result.stderr).toContain('does not exist');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('--out equal to the input path is refused and the survey is untouched', () => {
    const folder = tempFolder();
    const survey = join(folder, 'survey.csv');
    copyFileSync(join(REPO, TINY), survey);
    const before = sha256(survey);
    const result = run(['analyze', survey, ...TINY_CODEBOOK, '--out', survey]);
    expectCleanError(result);
    expect(result.stderr).toContain('would overwrite the input file');
    expect(result.stderr).toContain(survey);
    expect(sha256(survey)).toBe(before);
    expect(readdirSync(folder)).toEqual(['survey.csv']);
  });

  // Regression: the --expect file was once not protected from --out.
  it('--out equal to the --expect file is refused and the published figures are untouched', () => {
    const folder = tempFolder();
    const published = join(folder, 'published.yaml');
    copyFileSync(join(REPO, PUBLISHED), published);
    const before = sha256(published);
    const result = run(['analyze', SAMPLE, '--expect', published, '--out', published]);
    expect(sha256(published)).toBe(before);
    expectCleanError(result);
  });

  // Regression: two outputs on one path once shared a temporary file, and half was written.
  it('--out and --scores on the same path are refused and nothing is written', () => {
    const folder = tempFolder();
    const target = join(folder, 'out.txt');
    const result = run(['analyze', TINY, ...TINY_CODEBOOK, '--out', target, '--scores', target]);
    expect(readdirSync(folder)).toEqual([]);
    expectCleanError(result);
  });
});

describe('no half-written output when the run fails', () => {
  it('an unreadable answer leaves neither --out nor --scores, and no temporary file', () => {
    const folder = tempFolder();
    const out = join(folder, 'report.html');
    const scores = join(folder, 'scores.csv');
    const result = run(['analyze', `${BAD}/unreadable-answer.csv`, ...TINY_CODEBOOK, '--format', 'html', '--out', out, '--scores', scores]);
    expectCleanError(result);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(scores)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a missing --expect file (read after the analysis) leaves nothing behind either', () => {
    const folder = tempFolder();
    const result = run([
      'analyze', SAMPLE, '--expect', join(folder, 'nope.yaml'), '--format', 'json',
      '--out', join(folder, 'report.json'), '--scores', join(folder, 'scores.csv'),
    ]);
    expectCleanError(result);
    expect(result.stderr).toContain('nope.yaml');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a --scores path in a missing folder stops the --out report too', () => {
    const folder = tempFolder();
    mkdirSync(join(folder, 'reports'));
    const result = run([
      'analyze', TINY, ...TINY_CODEBOOK, '--out', join(folder, 'reports', 'r.txt'), '--scores', join(folder, 'nope', 's.csv'),
    ]);
    expectCleanError(result);
    expect(readdirSync(join(folder, 'reports'))).toEqual([]);
  });
});

describe('--strict', () => {
  it('exits 1 on an out-of-scale answer and still prints the report', () => {
    const result = run(['analyze', `${BAD}/out-of-scale-value.csv`, ...TINY_CODEBOOK, '--strict']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Skills');
    expect(result.stdout).toMatch(/warning: .*out-of-scale-value\.csv:4:a2: 1 answer is\s+outside\s+the\s+scale\s+1–5\s+\("7"\)/);
    expect(result.stderr).toMatch(/^gbv-impact: --strict: 1 warning \(OUT_OF_SCALE\)/);
  });

  it('without --strict exits 0 with the warning in the report', () => {
    const result = run(['analyze', `${BAD}/out-of-scale-value.csv`, ...TINY_CODEBOOK]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/warning: .*answer is\s+outside\s+the\s+scale\s+1–5\s+\("7"\)/);
  });
});

describe('help and version', () => {
  it('--help exits 0 and lists the exit codes', () => {
    for (const args of [['--help'], ['analyze', '--help']]) {
      const result = run(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Exit codes:');
      for (const code of ['0', '1', '2', '3']) expect(result.stdout).toMatch(new RegExp(`^\\s+${code}  \\S`, 'm'));
    }
  });

  it('--version prints the package.json version', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const result = run(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });
});

describe('a closed pipe', () => {
  it('`| head -c 10` leaves the CLI with exit 0 and nothing on stderr', () => {
    const result = bash(`set -o pipefail; node bin/gbv-impact.js analyze ${SAMPLE} --format json | head -c 10; echo; echo "\${PIPESTATUS[0]}"`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('{\n  "schem\n0\n');
  });

  it('a reader that never reads (`| true`) gives EPIPE: still exit 0 and nothing on stderr', () => {
    const result = bash(`set -o pipefail; node bin/gbv-impact.js analyze ${SAMPLE} | true; echo "\${PIPESTATUS[0]}"`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('0\n');
  });

  // Regression: a closed pipe once exited 0 and hid a failed --expect in a pipefail CI job.
  it('a closed pipe does not hide a failed --expect check (exit 1)', () => {
    const folder = tempFolder();
    const published = join(folder, 'published.yaml');
    writeFileSync(published, readFileSync(join(REPO, PUBLISHED), 'utf8').replace(/(index: communication\n\s+metric: diff\n\s+value: )4\n/, '$15\n'));
    const result = bash(`set -o pipefail; node bin/gbv-impact.js analyze ${SAMPLE} --expect '${published}' | true; echo "\${PIPESTATUS[0]}"`);
    expect(result.stderr).toContain('not reproduced within tolerance');
    expect(result.stdout).toBe('1\n');
  });
});
