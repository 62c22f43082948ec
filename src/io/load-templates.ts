// Reads a report's templates: templates/<format>/report.hbs plus every other .hbs in that
// folder as a partial named after its file. With --template DIR, each .hbs file in DIR (or in
// DIR/<format>/ when that folder exists) replaces the built-in file of the same name or adds a
// partial, so a user can restyle one piece without copying the rest.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GbvError } from '../errors.js';
import type { TemplateFile, TemplateFormat, TemplateSet } from '../render/handlebars-report.js';
import { packagePath } from './package-root.js';

function readFolder(folder: string, shownAs: (name: string) => string): Map<string, TemplateFile> {
  const files = new Map<string, TemplateFile>();
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.hbs')).sort()) {
    files.set(basename(name, '.hbs'), { file: shownAs(name), source: readFileSync(join(folder, name), 'utf8') });
  }
  return files;
}

export function loadTemplates(format: TemplateFormat, overrideFolder?: string): TemplateSet {
  const files = readFolder(packagePath('templates', format), (name) => `templates/${format}/${name}`);
  if (overrideFolder !== undefined) {
    if (!existsSync(overrideFolder) || !statSync(overrideFolder).isDirectory()) {
      throw new GbvError('TEMPLATE_FOLDER', `the template folder "${overrideFolder}" does not exist or is not a folder`, {
        hint: 'give a folder holding report.hbs or partials such as section.hbs (see docs/templates.md)',
      });
    }
    const nested = join(overrideFolder, format);
    const folder = existsSync(nested) && statSync(nested).isDirectory() ? nested : overrideFolder;
    for (const [name, file] of readFolder(folder, (n) => join(folder, n))) files.set(name, file);
  }
  const main = files.get('report')!;
  files.delete('report');
  return { main, partials: Object.fromEntries(files) };
}
