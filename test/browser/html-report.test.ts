// The HTML report in a real browser (Debian's Chromium, driven by playwright-core): it opens
// offline with no console errors and no network requests, its charts are drawn, the headline
// figures are in its text, and data or codebook text that looks like HTML stays text. CI
// installs Chromium (.ci/run); where none is found these tests are skipped and say so.
// With UPDATE_SCREENSHOTS=1 the screenshots are written to docs/screenshots/.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/io/print-pdf.js';
import { REPO, run, SAMPLE, tempFolder } from '../cli/helpers.js';

const executablePath = findChromium(process.env);
if (!executablePath) console.warn('test/browser: no Chromium on PATH or CHROME_PATH; browser tests skipped (CI installs it).');

interface Visit {
  page: Page;
  consoleErrors: string[];
  requests: string[];
  dialogs: string[];
}

describe.skipIf(!executablePath)('HTML report in Chromium', () => {
  let browser: Browser;
  let folder: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: executablePath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    folder = tempFolder();
  });

  afterAll(async () => {
    await browser?.close();
  });

  function report(args: string[], name: string): string {
    const out = join(folder, name);
    const result = run(['analyze', ...args, '--format', 'html', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    return out;
  }

  async function visit(file: string): Promise<Visit> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1500 } });
    const visit: Visit = { page, consoleErrors: [], requests: [], dialogs: [] };
    page.on('console', (message) => {
      if (message.type() === 'error') visit.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => visit.consoleErrors.push(error.message));
    page.on('request', (request) => visit.requests.push(request.url()));
    page.on('dialog', async (dialog) => {
      visit.dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    return visit;
  }

  it.each([
    ['es', ['Resumen', 'Resultados por índice', 'Limitaciones']],
    ['en', ['Summary', 'Results by index', 'Limitations']],
  ] as const)('opens offline in %s with its charts and headline figures, and no errors', async (lang, headings) => {
    const file = report([SAMPLE, '--lang', lang, '--expect', 'samples/mexico-2020/published.yaml', '--by', 'sexo'], `report-${lang}.html`);
    const v = await visit(file);
    expect(v.consoleErrors).toEqual([]);
    expect(v.requests, 'the only request is the report itself').toEqual([`file://${file}`]);
    for (const id of ['forest-plot', 'cohort-means', 'love-plot']) {
      expect(await v.page.locator(`svg#${id} circle`).count(), `${id} has its dots`).toBeGreaterThan(2);
    }
    const text = await v.page.locator('body').innerText();
    for (const figure of ['+4.00', '+16.54', '+8.60', '28.14', '29.14']) expect(text).toContain(figure);
    for (const heading of headings) expect(text).toContain(heading);
    const shot = await v.page.screenshot({ fullPage: false });
    const target = process.env.UPDATE_SCREENSHOTS === '1' ? join(REPO, 'docs', 'screenshots') : join(folder, 'screenshots');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, `report-${lang}.png`), shot);
    await v.page.close();
  });

  it('shows codebook labels and survey values that look like HTML as text, never runs them', async () => {
    const codebook = join(folder, 'hostile.codebook.yaml');
    writeFileSync(
      codebook,
      readFileSync(join(REPO, 'samples/mexico-2020/codebook.yaml'), 'utf8').replace(
        'es: Habilidades de comunicación y cercanía con la ciudadanía',
        'es: "<script>alert(1)</script><img src=x onerror=\\"window.hacked=1\\">"',
      ),
    );
    const survey = join(folder, 'hostile.csv');
    const lines = readFileSync(join(REPO, SAMPLE), 'utf8').split('\n');
    // A level of a covariate shows in the balance table: give one officer a hostile "sexo".
    lines[1] = lines[1]!.replace(',Hombre,', ',<img src=y onerror=window.hacked=2>,').replace(',Mujer,', ',<img src=y onerror=window.hacked=2>,');
    writeFileSync(survey, lines.join('\n'));
    const file = report([survey, '--codebook', codebook], 'hostile.html');
    const v = await visit(file);
    expect(v.dialogs).toEqual([]);
    // These callbacks run in the page; this project's types do not include the DOM's.
    type PageGlobals = { hacked?: number; document: { scripts: { length: number } } };
    expect(await v.page.evaluate(() => (globalThis as unknown as PageGlobals).hacked)).toBeUndefined();
    expect(await v.page.evaluate(() => (globalThis as unknown as PageGlobals).document.scripts.length)).toBe(0);
    expect(await v.page.locator('img').count()).toBe(0);
    const text = await v.page.locator('body').innerText();
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('<img src=y onerror=window.hacked=2>');
    expect(v.requests).toEqual([`file://${file}`]);
    await v.page.close();
  });

  it('prints to PDF with --format pdf', () => {
    const out = join(folder, 'report.pdf');
    const result = run(['analyze', SAMPLE, '--format', 'pdf', '--out', out], { env: { CHROME_PATH: executablePath } });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
