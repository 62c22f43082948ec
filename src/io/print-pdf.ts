// --format pdf: the HTML report printed by a Chromium already on the machine (playwright-core
// drives it; nothing is downloaded). The page may not fetch anything: the report is
// self-contained, and a request would mean a leak.

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { GbvError } from '../errors.js';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** CHROME_PATH, else the first Chromium or Chrome on PATH, else undefined. */
export function findChromium(env: NodeJS.ProcessEnv): string | undefined {
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (env.CHROME_PATH) {
    if (executable(env.CHROME_PATH)) return env.CHROME_PATH;
    throw new GbvError('PDF_NO_BROWSER', `CHROME_PATH is "${env.CHROME_PATH}", which is not an executable file`, {
      hint: 'point CHROME_PATH at a Chrome or Chromium executable, or unset it to search PATH',
    });
  }
  for (const folder of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CANDIDATES) {
      const path = join(folder, name);
      if (executable(path)) return path;
    }
  }
  return undefined;
}

export type Paper = 'letter' | 'a4';

/** Letter (carta) is the paper of Mexico and the United States; A4 elsewhere. */
export async function printPdf(html: string, env: NodeJS.ProcessEnv, paper: Paper, footer: string): Promise<Buffer> {
  const executablePath = findChromium(env);
  if (!executablePath) {
    throw new GbvError('PDF_NO_BROWSER', '--format pdf needs Chromium or Google Chrome, and none was found', {
      hint: 'install Chromium (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) or set CHROME_PATH; or write --format html and use the browser’s Print → Save as PDF',
    });
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: paper === 'a4' ? 'A4' : 'Letter',
      printBackground: true,
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      // Chromium fills the pageNumber and totalPages spans; the footer text is escaped HTML.
      footerTemplate: `<div style="font: 8px system-ui, sans-serif; color: #555; width: 100%; padding: 0 14mm; display: flex; justify-content: space-between;"><span>${footer}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
    });
  } finally {
    await browser.close();
  }
}
