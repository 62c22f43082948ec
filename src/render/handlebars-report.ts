// Markdown and HTML reports from Handlebars templates. Templates are compiled strict, so a
// misspelt field is an error naming the template, not a silent blank. HTML relies on
// Handlebars' escaping; Markdown escapes every string of the view before rendering, so data
// can never open a table cell, a link or raw HTML.

import Handlebars from 'handlebars';
import { GbvError } from '../errors.js';
import type { ReportView } from './view-model.js';

export type TemplateFormat = 'md' | 'html';

export interface TemplateSet {
  /** Folder the templates came from, for error messages. */
  folder: string;
  main: string;
  partials: Record<string, string>;
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
  const env = Handlebars.create();
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  for (const [name, source] of Object.entries(templates.partials)) env.registerPartial(name, source);
  // Markdown gets charts as files (--assets), never inline; its link paths are not escaped.
  const data = format === 'md' ? { ...mapStrings({ ...view, charts: { ...view.charts, forest: '', means: '', balance: '' } }, escapeMarkdown), assets: view.assets } : view;
  try {
    const template = env.compile(templates.main, { strict: true, noEscape: format === 'md' });
    return template(data);
  } catch (error) {
    throw new GbvError('TEMPLATE', `the ${format} template failed: ${(error as Error).message.split('\n')[0]}`, {
      location: { file: templates.folder },
      hint: 'a template may only use the fields documented for the view; check the spelling',
    });
  }
}
