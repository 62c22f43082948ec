// Finds, reads and validates the codebook. Discovery order: --codebook FILE, then
// `<survey name>.codebook.yaml` or `codebook.yaml` beside the survey, then the built-in
// instrument (the shipped sample's). Reports name the one used and its sha256.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Codebook } from '../core/codebook/codebook.js';
import { validateCodebook } from '../core/codebook/validate-codebook.js';
import { packagePath } from './package-root.js';
import { readUserFile } from './read-file.js';
import { parseYaml } from './read-yaml.js';
import type { LocateYamlPath } from '../core/yaml-schema/check-schema.js';

export type CodebookDiscovery = 'flag' | 'beside-survey' | 'built-in';

export interface LoadedCodebook {
  codebook: Codebook;
  /** The path as the user would type it, or `built-in` for the default instrument. */
  source: string;
  /** The file actually read (for messages). */
  file: string;
  sha256: string;
  discovery: CodebookDiscovery;
  /** Line and column of a path in the codebook's text, for messages about what it names. */
  locate: LocateYamlPath;
}

export const BUILT_IN_CODEBOOK = packagePath('samples', 'mexico-2020', 'codebook.yaml');

export function loadJsonSchema(name: 'codebook' | 'published'): object {
  return JSON.parse(readFileSync(packagePath('schema', `${name}.schema.json`), 'utf8')) as object;
}

/** The codebook that applies to `surveyFile`, following the discovery order. */
export function findCodebook(surveyFile: string | undefined, flag: string | undefined): { file: string; discovery: CodebookDiscovery } {
  if (flag !== undefined) return { file: flag, discovery: 'flag' };
  if (surveyFile !== undefined) {
    const folder = dirname(surveyFile);
    const stem = basename(surveyFile, extname(surveyFile));
    for (const candidate of [join(folder, `${stem}.codebook.yaml`), join(folder, 'codebook.yaml')]) {
      if (existsSync(candidate)) return { file: candidate, discovery: 'beside-survey' };
    }
  }
  return { file: BUILT_IN_CODEBOOK, discovery: 'built-in' };
}

export function loadCodebook(file: string, discovery: CodebookDiscovery): LoadedCodebook {
  const bytes = readUserFile(file, 'codebook');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const shownAs = discovery === 'built-in' ? 'built-in codebook (samples/mexico-2020/codebook.yaml)' : file;
  const { data, locate } = parseYaml(bytes.toString('utf8').replace(/^\uFEFF/, ''), shownAs);
  const codebook = validateCodebook(data, loadJsonSchema('codebook'), shownAs, locate);
  return { codebook, source: discovery === 'built-in' ? 'built-in' : file, file: shownAs, sha256, discovery, locate };
}
