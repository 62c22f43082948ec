// Helpers for the property tests: run `analyze` in-process through runAnalyze (no child
// process, so hundreds of runs stay fast) on a survey and a codebook given as text or bytes,
// and compare two JSON reports number by number.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAnalyze } from '../../src/commands/analyze.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

let folder: string | undefined;
let counter = 0;

function scratch(): string {
  if (folder === undefined) folder = mkdtempSync(join(tmpdir(), 'gbv-properties-'));
  const dir = join(folder, String(counter++));
  mkdirSync(dir);
  return dir;
}

export function removeScratch(): void {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
}

/** `gbv-impact analyze survey.csv -c codebook.yaml --format json`, in-process; throws what it throws. */
export async function analyzeInProcess(survey: string | Uint8Array, codebook: string, extra: { strict?: boolean } = {}): Promise<InProcessRun> {
  const dir = scratch();
  writeFileSync(join(dir, 'survey.csv'), survey);
  writeFileSync(join(dir, 'codebook.yaml'), codebook);
  let stdout = '';
  let stderr = '';
  try {
    const code = await runAnalyze(
      { survey: join(dir, 'survey.csv'), codebook: join(dir, 'codebook.yaml'), format: 'json', encoding: 'auto', delimiter: 'auto', strict: extra.strict ?? false },
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { LANG: 'C' }, stdoutIsTty: false },
    );
    return { code, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Equal within 1e-12 relative (an absolute 1e-12 for numbers near zero, where relative means nothing). */
export function close(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Every difference between two JSON values beyond `close`, as `path: a vs b` lines. */
export function numericDifferences(a: unknown, b: unknown, path = '$', out: string[] = []): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    if (!close(a, b)) out.push(`${path}: ${a} vs ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} vs ${b.length}`);
    else a.forEach((x, i) => numericDifferences(x, b[i], `${path}[${i}]`, out));
  } else if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) numericDifferences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, out);
  } else if (a !== b) {
    out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  return out;
}

/** Differences (a, swapped-cohort b): treated ↔ control, a difference is negated, a CI swaps ends and negates. */
const NEGATED = new Set(['diff', 't', 'cohenD', 'hedgesG', 'hedgesGApprox', 'stdDiff', 'coef']);
/** Objects whose every number is a difference (a composite's sum and mean of its components' diffs). */
const ALL_NEGATED = new Set(['componentDiffs']);
const negateAll = (value: unknown): unknown =>
  typeof value === 'number' ? -value : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, negateAll(v)])) : value;
/** Not symmetric under a swap: the % of the control mean has the other cohort as its base. */
const NOT_SYMMETRIC = new Set(['relativePct']);

export function swapDifferences(a: unknown, b: unknown, path = '$', out: string[] = []): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} vs ${b.length}`);
    else a.forEach((v, i) => swapDifferences(v, b[i], `${path}[${i}]`, out));
    return out;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) || Array.isArray(b)) {
    return numericDifferences(a, b, path, out);
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const here = `${path}.${key}`;
    if (NOT_SYMMETRIC.has(key)) continue;
    if (key === 'treated' || key === 'control') {
      swapDifferences(x[key], y[key === 'treated' ? 'control' : 'treated'], here, out);
    } else if (key === 'ci95' && Array.isArray(x[key]) && Array.isArray(y[key])) {
      const [lo, hi] = y[key] as number[];
      numericDifferences(x[key], [-hi!, -lo!], here, out);
    } else if (ALL_NEGATED.has(key)) {
      numericDifferences(x[key], negateAll(y[key]), here, out);
    } else if (NEGATED.has(key) && typeof x[key] === 'number' && typeof y[key] === 'number') {
      numericDifferences(x[key], -(y[key] as number), here, out);
    } else {
      swapDifferences(x[key], y[key], here, out);
    }
  }
  return out;
}
