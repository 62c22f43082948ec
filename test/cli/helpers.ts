// Spawning the built CLI the way a user does: `node bin/gbv-impact.js …` in a clean
// environment (PATH, HOME, LANG=C and whatever the test adds; never the FORCE_COLOR or locale
// that the test runner itself may carry), stdout and stderr captured as pipes.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(REPO, 'bin', 'gbv-impact.js');
export const BUILT_MAIN = join(REPO, 'dist', 'cli', 'main.js');
export const BAD = 'test/cli/fixtures/bad';
export const SAMPLE = 'samples/mexico-2020/survey.csv';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type ExtraEnv = Record<string, string | undefined>;

export function cleanEnv(extra: ExtraEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C' };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs `node bin/gbv-impact.js ...args` from the repository root (or `cwd`). */
export function run(args: readonly string[], options: { env?: ExtraEnv; cwd?: string } = {}): RunResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: cleanEnv(options.env),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cache = new Map<string, RunResult>();

/** `run`, but each distinct command runs once per file, so several tests can share it. */
export function runOnce(args: readonly string[], options: { env?: ExtraEnv } = {}): RunResult {
  const key = JSON.stringify([args, options.env ?? {}]);
  let result = cache.get(key);
  if (!result) {
    result = run(args, options);
    cache.set(key, result);
  }
  return result;
}

/** Runs a bash script from the repository root in the clean environment. */
export function bash(script: string, env: ExtraEnv = {}): RunResult {
  const result = spawnSync('bash', ['-c', script], { cwd: REPO, env: cleanEnv(env), encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function assertBuilt(): void {
  if (!existsSync(BUILT_MAIN)) {
    throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` first (\`npm test\` builds before it runs vitest)`);
  }
}

const temporaryFolders: string[] = [];

export function tempFolder(prefix = 'gbv-cli-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  temporaryFolders.push(folder);
  return folder;
}

export function removeTempFolders(): void {
  for (const folder of temporaryFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*m/;
