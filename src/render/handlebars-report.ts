// Markdown and HTML reports from Handlebars templates. Templates are compiled strict, so a
// misspelt field is an error naming the template, not a silent blank. HTML relies on
// Handlebars' escaping; Markdown escapes every string of the view before rendering, so data
// can never open a table cell, a link or raw HTML.

import type Handlebars from 'handlebars';
import { GbvError } from '../errors.js';
import { requireLazily } from '../lazy-require.js';
import type { ReportView } from './view-model.js';

export type TemplateFormat = 'md' | 'html';

export interface TemplateFile {
  /** Where the template came from, for error messages. */
  file: string;
  source: string;
}

export interface TemplateSet {
  main: TemplateFile;
  partials: Record<string, TemplateFile>;
}

type Compiled = (context: unknown, options?: Handlebars.RuntimeOptions) => string;

/** A template error with the file and line it happened in, whichever template or partial. */
function templateError(file: string, error: unknown): GbvError {
  if (error instanceof GbvError) return error;
  const message = (error as Error).message ?? String(error);
  const position = /line (\d+)/.exec(message) ?? / - (\d+):(\d+)/.exec(message);
  const first = message
    .split('\n')[0]!
    .replace(/ - \d+:\d+$/, '')
    .replace(/ not defined in \[object Object\]/, ' is not a field of the report data');
  return new GbvError('TEMPLATE', `template error: ${first}`, {
    location: { file, ...(position ? { line: Number(position[1]) } : {}) },
    hint: 'templates may only use the fields documented in docs/templates.md; check the spelling and the {{#each}}/{{/each}} pairs',
  });
}

/** Parses now (syntax errors name their file) and tags runtime errors with the file too. */
function compileChecked(env: typeof Handlebars, template: TemplateFile, noEscape: boolean): Compiled {
  try {
    env.parse(template.source);
  } catch (error) {
    throw templateError(template.file, error);
  }
  const compiled = env.compile(template.source, { strict: true, noEscape });
  return (context, options) => {
    try {
      return compiled(context, options);
    } catch (error) {
      throw templateError(template.file, error);
    }
  };
}

const MARKDOWN_SPECIAL = /[\\`*_[\]<>|#]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function mapStrings<T>(value: T, fn: (text: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  }
  return value;
}

export function renderTemplate(format: TemplateFormat, view: ReportView, templates: TemplateSet): string {
  const env = (requireLazily('handlebars') as typeof Handlebars).create();
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const noEscape = format === 'md';
  for (const [name, template] of Object.entries(templates.partials)) env.registerPartial(name, compileChecked(env, template, noEscape));
  // Markdown gets charts as files (--assets), never inline; its link paths are not escaped.
  const data = format === 'md' ? { ...mapStrings({ ...view, charts: { ...view.charts, forest: '', means: '', balance: '' } }, escapeMarkdown), assets: view.assets } : view;
  return compileChecked(env, templates.main, noEscape)(data);
}
