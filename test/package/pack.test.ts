// The package as users get it: `npm pack`, install the tarball into an empty project (this
// downloads the dependencies from the npm registry), and run `npx gbv-impact` there. Checks that
// the tarball carries what the CLI reads at run time (dist/, templates/, schema/, the built-in
// codebook) and nothing it should not (src/, test/).
//
// Needs the network and `npm run build` first. Skip it with GBV_SKIP_PACK=1.
//
// `npm pack --ignore-scripts`: the `prepare` script would rebuild dist/ while the CLI tests of
// test/cli run the same dist/ in another worker; `npm test` has just built it anyway.

import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, assertBuilt, cleanEnv, removeTempFolders, tempFolder } from '../cli/helpers.js';

const INSTALL_TIMEOUT = 180_000;
const LABELS_ES = [
  'Habilidades de comunicación y cercanía con la ciudadanía',
  'Atención, reacción y canalización de víctimas',
  'Sensibilización sobre la violencia de género',
  'Habilidades policiales para atender la violencia de género',
];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function npm(args: string[], cwd: string, timeout = INSTALL_TIMEOUT): Result {
  // npm itself keeps the caller's environment: registry, proxy and cache settings live there.
  const result = spawnSync('npm', args, { cwd, env: process.env, encoding: 'utf8', timeout });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `npx --no gbv-impact ...args` in the consumer project: the installed bin, never a download. */
function npx(args: string[], cwd: string): Result {
  const result = spawnSync('npx', ['--no', 'gbv-impact', ...args], { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(process.env.GBV_SKIP_PACK === '1')('the npm package', () => {
  const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  let files: string[] = [];
  let consumer = '';

  beforeAll(() => {
    assertBuilt();
    const packFolder = tempFolder('gbv-pack-');
    const pack = npm(['pack', '--json', '--ignore-scripts', '--pack-destination', packFolder], REPO, 60_000);
    expect(pack.code, `npm pack failed:\n${pack.stderr}`).toBe(0);
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    expect(packed, 'npm pack --json describes one tarball').toBeDefined();
    files = packed!.files.map((file) => file.path);

    consumer = tempFolder('gbv-consumer-');
    writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'gbv-consumer', version: '1.0.0', private: true }, null, 2)}\n`);
    const install = npm(['install', '--no-audit', '--no-fund', '--loglevel=error', join(packFolder, packed!.filename)], consumer);
    expect(install.code, `npm install of the tarball failed (it needs the npm registry):\n${install.stderr}`).toBe(0);
    copyFileSync(join(REPO, 'samples/mexico-2020/survey.csv'), join(consumer, 'survey.csv'));
  }, INSTALL_TIMEOUT);

  afterAll(() => removeTempFolders());

  it('ships the built CLI, the templates, the schemas and the built-in codebook', () => {
    for (const path of ['bin/gbv-impact.js', 'dist/cli/main.js', 'schema/codebook.schema.json', 'samples/mexico-2020/codebook.yaml', 'package.json']) {
      expect(files, path).toContain(path);
    }
    expect(files).toContain('templates/html/report.hbs');
    expect(files).toContain('templates/md/report.hbs');
    expect(files.filter((path) => path.startsWith('templates/')).length).toBeGreaterThan(0);
  });

  it('ships neither the sources nor the tests', () => {
    expect(files.filter((path) => path.startsWith('src/') || path.startsWith('test/'))).toEqual([]);
    expect(files.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
  });

  it('analyses the repository sample with the codebook beside it (--format json)', () => {
    const survey = join(REPO, 'samples/mexico-2020/survey.csv');
    const result = npx(['analyze', survey, '--format', 'json'], consumer);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.tool.version).toBe(version);
    expect(report.input.rowsRead).toBe(1816);
    expect(report.cohorts.treated.n).toBe(1100);
    expect(report.cohorts.control.n).toBe(716);
    expect(report.codebook.source).toBe(join(REPO, 'samples/mexico-2020/codebook.yaml'));
    expect(report.codebook.discovery).toBe('beside-survey');
  });

  it('uses the built-in codebook inside the package for a survey with no codebook beside it', () => {
    const result = npx(['analyze', 'survey.csv', '--format', 'json'], consumer);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.codebook.source).toBe('built-in');
    expect(report.codebook.discovery).toBe('built-in');
    expect(report.cohorts.treated.n).toBe(1100);
    expect(report.cohorts.control.n).toBe(716);
    expect(report.indices.map((index: { id: string }) => index.id)).toEqual(['communication', 'victim_response', 'awareness', 'police_skills']);
  });

  it.each(['html', 'md'])('renders --format %s from the templates inside the package', (format) => {
    const result = npx(['analyze', 'survey.csv', '--format', format], consumer);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    for (const label of LABELS_ES) expect(result.stdout).toContain(label);
    expect(result.stdout).toContain('1,100');
    expect(result.stdout).toContain('716');
    if (format === 'html') expect(result.stdout).toMatch(/^<!doctype html>/i);
    else expect(result.stdout).toMatch(/^# /);
  });
});
