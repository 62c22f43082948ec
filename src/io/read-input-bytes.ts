// The bytes of a survey: a file, or standard input when the path is `-` (so an export can be
// piped in: `curl … | gbv-impact analyze - -c codebook.yaml`). Messages then call it <stdin>.

import { readFileSync } from 'node:fs';
import { GbvError } from '../errors.js';
import { readUserFile } from './read-file.js';

export const STDIN_PATH = '-';
export const STDIN_NAME = '<stdin>';

/** How a survey path is shown in messages and reports. */
export function displayName(path: string): string {
  return path === STDIN_PATH ? STDIN_NAME : path;
}

export function readInputBytes(path: string, what: string): Buffer {
  if (path !== STDIN_PATH) return readUserFile(path, what);
  if (process.stdin.isTTY) {
    throw new GbvError('USAGE', `"-" reads the ${what} from standard input, but nothing is piped in`, {
      hint: `pipe the file in (gbv-impact … - < survey.csv), or give its path instead of "-"`,
    });
  }
  try {
    return readFileSync(0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new GbvError('FILE_UNREADABLE', `the ${what} could not be read from standard input (${code})`, { location: { file: STDIN_NAME } });
  }
}
