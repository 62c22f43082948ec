// Reading a user's file with an error that says what went wrong in words (missing, a folder,
// not readable) instead of an errno.

import { readFileSync, statSync, type Stats } from 'node:fs';
import { GbvError } from '../errors.js';

/** The file's stats, after checking that it exists and is not a folder. */
export function statUserFile(path: string, what: string): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw userFileError(error, path, what);
  }
  if (stats.isDirectory()) {
    throw new GbvError('NOT_A_FILE', `the ${what} "${path}" is a folder, not a file`, { location: { file: path } });
  }
  return stats;
}

export function readUserFile(path: string, what: string): Buffer {
  statUserFile(path, what);
  try {
    return readFileSync(path);
  } catch (error) {
    throw userFileError(error, path, what);
  }
}

export function userFileError(error: unknown, path: string, what: string): GbvError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new GbvError('FILE_NOT_FOUND', `the ${what} "${path}" does not exist`, {
      location: { file: path },
      hint: 'check the path; relative paths start from the current folder',
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new GbvError('FILE_UNREADABLE', `the ${what} "${path}" cannot be read (permission denied)`, { location: { file: path } });
  }
  return new GbvError('FILE_UNREADABLE', `the ${what} "${path}" cannot be read (${code ?? String(error)})`, { location: { file: path } });
}
