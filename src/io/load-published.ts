// Reads the published figures that --expect checks against.

import type { Codebook } from '../core/codebook/codebook.js';
import { validatePublished, type PublishedFigures } from '../core/published/published.js';
import { loadJsonSchema } from './load-codebook.js';
import { readUserFile } from './read-file.js';
import { parseYaml } from './read-yaml.js';

export function loadPublished(file: string, codebook: Codebook): PublishedFigures {
  const text = readUserFile(file, 'published figures file').toString('utf8').replace(/^\uFEFF/, '');
  const { data, locate } = parseYaml(text, file);
  return validatePublished(data, loadJsonSchema('published'), codebook, file, locate);
}
