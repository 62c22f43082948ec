// Reads a report's templates: templates/<format>/report.hbs plus every other .hbs in that
// folder as a partial named after its file.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TemplateFormat, TemplateSet } from '../render/handlebars-report.js';
import { packagePath } from './package-root.js';

export function loadTemplates(format: TemplateFormat): TemplateSet {
  const folder = packagePath('templates', format);
  const partials: Record<string, string> = {};
  let main = '';
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.hbs')).sort()) {
    const source = readFileSync(join(folder, name), 'utf8');
    if (name === 'report.hbs') main = source;
    else partials[basename(name, '.hbs')] = source;
  }
  return { folder: `templates/${format}`, main, partials };
}
