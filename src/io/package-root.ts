// Where the installed package lives, so the schema, templates and the built-in codebook are
// found the same way from a git clone, from an npm install, and from any file of the bundle
// (chunks sit at different depths): walk up to the folder whose package.json is gbv-impact's.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let folder = start;
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'gbv-impact') return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`gbv-impact's package.json was not found above ${start}`);
    folder = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
