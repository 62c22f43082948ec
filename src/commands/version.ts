// The package's version, read from package.json so it can never disagree with npm.

import { readFileSync } from 'node:fs';
import { packagePath } from '../io/package-root.js';

export function toolVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
