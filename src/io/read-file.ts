// Reading a user's file with an error that says what went wrong in words (missing, a folder,
// not readable) instead of an errno.

import { readFileSync, statSync } from 'node:fs';
import { GbvError } from '../errors.js';

export function readUserFile(path: string, what: string): Buffer {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw fileError(error, path, what);
  }
  if (isDirectory) {
    throw new GbvError('NOT_A_FILE', `the ${what} "${path}" is a folder, not a file`, { location: { file: path } });
  }
  try {
    return readFileSync(path);
  } catch (error) {
    throw fileError(error, path, what);
  }
}

function fileError(error: unknown, path: string, what: string): GbvError {
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
