// A codebook written in a test as YAML text, validated as loadCodebook validates a file.

import { readFileSync } from 'node:fs';
import type { Codebook } from '../../src/core/codebook/codebook.js';
import { validateCodebook } from '../../src/core/codebook/validate-codebook.js';
import type { LocateYamlPath } from '../../src/core/yaml-schema/check-schema.js';
import { parseYaml } from '../../src/io/read-yaml.js';

const schema = JSON.parse(readFileSync('schema/codebook.schema.json', 'utf8')) as object;

/** The keys every test codebook needs: cohorts T and C in `grupo`, a 1–5 scale; indices follow. */
export const CODEBOOK_HEAD = `codebook_version: 1
title: {en: Test, es: Prueba}
cohort: {column: grupo, treated: T, control: C}
scale: {min: 1, max: 5}
`;

export function codebookFromText(text: string, file = 'cb.yaml'): { codebook: Codebook; locate: LocateYamlPath } {
  const { data, locate } = parseYaml(text, file);
  return { codebook: validateCodebook(data, schema, file, locate), locate };
}
