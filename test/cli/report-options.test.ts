// The report options of issue 5 end to end: byte-reproducible Markdown and HTML, custom
// templates (and their errors, which name the file and line), chart files for Markdown, and a
// PDF that explains what to install when there is no browser.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, SAMPLE, tempFolder } from './helpers.js';

describe('reproducible reports', () => {
  it.each(['md', 'html', 'json'])('--format %s gives the same bytes twice, with no date unless asked', (format) => {
    const first = run(['analyze', SAMPLE, '--format', format]);
    const second = run(['analyze', SAMPLE, '--format', format]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).not.toMatch(/20\d\d-\d\d-\d\d/);
    const dated = run(['analyze', SAMPLE, '--format', format, '--lang', 'en'], { env: { SOURCE_DATE_EPOCH: '1767225600' } });
    expect(dated.stdout).toContain(format === 'json' ? '"date": "2026-01-01"' : 'January 1, 2026');
  });
});

describe('--template', () => {
  it('replaces one template and keeps the others', () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'report.hbs'), '<!doctype html><title>{{title}}</title><style>{{> style}}</style><ul>{{#each summary}}<li>{{this}}</li>{{/each}}</ul>{{{charts.forest}}}');
    const result = run(['analyze', SAMPLE, '--format', 'html', '--template', folder, '--lang', 'en']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^<!doctype html><title>Police response/);
    expect(result.stdout).toContain('font-variant-numeric'); // the built-in style partial
    expect(result.stdout).toContain('<svg');
    expect(result.stdout).not.toContain('Results by index');
  });

  it('names the template file and line of a field that does not exist', () => {
    const folder = tempFolder();
    mkdirSync(join(folder, 'md'));
    writeFileSync(join(folder, 'md', 'section.hbs'), '## {{title}}\n\n{{intro}}\n{{nonsense}}\n');
    const result = run(['analyze', SAMPLE, '--format', 'md', '--template', folder]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/section\.hbs:4: template error: "nonsense" is not a field of the report data/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('names the template file and line of a syntax error', () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'report.hbs'), '<h1>{{title}}</h1>\n{{#each indices}}\n<p>{{label}}</p>\n');
    const result = run(['analyze', SAMPLE, '--format', 'html', '--template', folder]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/report\.hbs:\d+: template error/);
  });
});

describe('--assets', () => {
  it('writes the charts as SVG files beside a Markdown report and links them', () => {
    const folder = tempFolder();
    mkdirSync(join(folder, 'charts'));
    const out = join(folder, 'report.md');
    const result = run(['analyze', SAMPLE, '--format', 'md', '--out', out, '--assets', join(folder, 'charts')]);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(folder, 'charts')).sort()).toEqual(['cohort-means.svg', 'forest-plot.svg', 'love-plot.svg']);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('](charts/forest-plot.svg)');
    expect(md).toContain('](charts/love-plot.svg)');
    expect(readFileSync(join(folder, 'charts', 'forest-plot.svg'), 'utf8')).toMatch(/^<svg[^>]+role="img"/);
  });

  it('is refused with another format', () => {
    const result = run(['analyze', SAMPLE, '--format', 'html', '--assets', tempFolder()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--assets goes with --format md');
  });
});

describe('--format pdf', () => {
  it('without a browser, says what to install and writes nothing', () => {
    const folder = tempFolder();
    const out = join(folder, 'report.pdf');
    const result = run(['analyze', SAMPLE, '--format', 'pdf', '--out', out], { env: { PATH: '/nonexistent', CHROME_PATH: undefined } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs Chromium or Google Chrome');
    expect(result.stderr).toContain('apt-get install chromium');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('needs --out', () => {
    const result = run(['analyze', SAMPLE, '--format', 'pdf']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format pdf needs --out');
  });
});
