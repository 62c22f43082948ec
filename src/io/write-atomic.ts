// Writes outputs so a reader never sees half a file: each goes to a temporary file beside its
// destination and is renamed into place. All outputs are checked before any is written, so a
// bad --scores path does not leave a fresh report behind it.

import { existsSync, linkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { GbvError } from '../errors.js';

export interface PendingOutput {
  path: string;
  content: string | Uint8Array;
  /** What the file is, for messages: "report", "scores". */
  what: string;
}

/** Two outputs to one path would leave only the last, half of what was asked. */
export function checkDistinct(outputs: readonly { path: string; what: string }[]): void {
  const seen = new Map<string, string>();
  for (const output of outputs) {
    const target = resolve(output.path);
    const other = seen.get(target);
    if (other !== undefined) {
      throw new GbvError('OUTPUT_TWICE', `the ${other} and the ${output.what} would both be written to "${output.path}"`, {
        hint: 'give each output its own file name',
      });
    }
    seen.set(target, output.what);
  }
}

export function checkOutputPath(path: string, what: string, inputs: readonly string[]): void {
  const target = resolve(path);
  if (inputs.some((input) => resolve(input) === target)) {
    throw new GbvError('OUTPUT_IS_INPUT', `the ${what} would overwrite the input file "${path}"`, {
      hint: 'choose another output path',
    });
  }
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new GbvError('OUTPUT_FOLDER_MISSING', `the folder for the ${what} "${path}" does not exist`, {
      hint: `create it first (mkdir -p ${dirname(path)})`,
    });
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new GbvError('OUTPUT_IS_FOLDER', `the ${what} path "${path}" is a folder; give a file name`);
  }
}

export function writeOutputsAtomically(outputs: readonly PendingOutput[], inputs: readonly string[]): void {
  for (const output of outputs) checkOutputPath(output.path, output.what, inputs);
  checkDistinct(outputs);
  const staged: { temporary: string; path: string }[] = [];
  try {
    for (const output of outputs) {
      const temporary = join(dirname(resolve(output.path)), `.${basename(output.path)}.${process.pid}.tmp`);
      writeFileSync(temporary, output.content);
      staged.push({ temporary, path: output.path });
    }
    for (const { temporary, path } of staged) renameSync(temporary, path);
  } catch (error) {
    for (const { temporary } of staged) rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new GbvError('WRITE_FAILED', `could not write the output (${code})`);
  }
}

/**
 * Writes a new file atomically and refuses to replace one that exists unless `force`: the
 * content goes to a temporary file that is then hard-linked into place (the link fails if the
 * name is taken, so a file created in between is not clobbered either) or, with `force`,
 * renamed over it.
 */
export function writeNewFileAtomically(path: string, content: string, what: string, force: boolean): void {
  checkOutputPath(path, what, []);
  if (!force && existsSync(path)) {
    throw new GbvError('OUTPUT_EXISTS', `the ${what} "${path}" already exists; gbv-impact will not overwrite it`, {
      hint: 'give another path with --out, or --force to replace it',
    });
  }
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    if (force) renameSync(temporary, path);
    else {
      linkSync(temporary, path);
      rmSync(temporary, { force: true });
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code === 'EEXIST') {
      throw new GbvError('OUTPUT_EXISTS', `the ${what} "${path}" already exists; gbv-impact will not overwrite it`, { hint: 'give another path with --out, or --force to replace it' });
    }
    throw new GbvError('WRITE_FAILED', `could not write the ${what} "${path}" (${code})`);
  }
}
