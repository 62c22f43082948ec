// Where the installed package lives, so the schema, templates and the built-in codebook are
// found the same way from a git clone (dist/) and from an npm install.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/io/package-root.js → the package root, two folders up. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
