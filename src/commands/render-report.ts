// Every report format but JSON: the view model, its charts, the terminal summary and the
// Handlebars templates. `analyze` loads this module only when one of these formats is asked for,
// so that `--format json` (what CI pipelines run) starts without them.

import { Chalk } from 'chalk';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Language } from '../core/codebook/codebook.js';
import type { AnalysisReport } from '../core/report.js';
import { loadTemplates } from '../io/load-templates.js';
import type { PendingOutput } from '../io/write-atomic.js';
import { escapeXml } from '../render/charts/svg.js';
import { renderTemplate } from '../render/handlebars-report.js';
import { renderTerminal } from '../render/terminal.js';
import { buildView } from '../render/view-model.js';
import type { AnalyzeOptions, CommandIo } from './analyze.js';

/** Colour only on a terminal, never under NO_COLOR; FORCE_COLOR forces it (as chalk reads it). */
function colourLevel(io: CommandIo): 0 | 1 | 2 | 3 {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return 0;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === 'false' || force === '0') return 0;
    const level = force === '' || force === 'true' ? 1 : Number.parseInt(force, 10);
    return (Number.isNaN(level) ? 1 : Math.min(Math.max(level, 1), 3)) as 1 | 2 | 3;
  }
  return io.stdoutIsTty ? 1 : 0;
}

/**
 * The report as text (the HTML of a PDF), in `language`; with --assets, the Markdown report's
 * charts are added to `outputs` as SVG files.
 */
export function renderReport(
  report: AnalysisReport,
  options: Pick<AnalyzeOptions, 'format' | 'out' | 'assets' | 'template'>,
  io: CommandIo,
  language: Language,
  outputs: PendingOutput[],
): string {
  const view = buildView(report, language);
  if (options.format === 'terminal') {
    const level = options.out === undefined ? colourLevel(io) : 0;
    return renderTerminal(view, new Chalk({ level }));
  }
  if (options.assets !== undefined) {
    const from = options.out !== undefined ? dirname(resolve(options.out)) : process.cwd();
    const link = (name: string) => relative(from, resolve(options.assets!, name)).split(sep).join('/');
    const charts = [['forest-plot.svg', view.charts.forest], ['cohort-means.svg', view.charts.means], ['love-plot.svg', view.charts.balance]] as const;
    for (const [name, svg] of charts) if (svg) outputs.push({ path: join(options.assets, name), content: `${svg}\n`, what: `chart ${name}` });
    view.assets = { hasAssets: view.charts.hasForest, hasBalance: view.charts.hasBalance, forest: link('forest-plot.svg'), means: link('cohort-means.svg'), balance: link('love-plot.svg') };
  }
  const format = options.format === 'md' ? 'md' : 'html';
  return renderTemplate(format, view, loadTemplates(format, options.template));
}

/** The running footer of a PDF's pages: the survey's title and the tool's version. */
export function pdfFooter(report: AnalysisReport, language: Language): string {
  return escapeXml(`${report.codebook.definition.title[language]} · gbv-impact ${report.tool.version}`);
}
