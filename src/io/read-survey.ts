// A survey export on disk → a parsed table plus what a report must say about the input
// (sha256, encoding, delimiter). The only place survey bytes are read.

import { createHash } from 'node:crypto';
import { decodeText, type Encoding } from './decode-text.js';
import { parseCsv, type SurveyTable } from './parse-csv.js';
import { readUserFile } from './read-file.js';

export interface SurveyFile extends SurveyTable {
  file: string;
  sha256: string;
  encoding: Encoding;
  delimiter: string;
  hadBom: boolean;
}

export function readSurvey(file: string, options: { encoding: Encoding; delimiter: string }): SurveyFile {
  const bytes = readUserFile(file, 'survey');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { text, hadBom } = decodeText(bytes, options.encoding, file);
  const table = parseCsv(text, options.delimiter, file);
  return { ...table, file, sha256, encoding: options.encoding, delimiter: options.delimiter, hadBom };
}
