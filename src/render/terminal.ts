// The terminal summary: compact, aligned to fit 80 columns, colour only where it means
// something (an improvement or decline whose CI excludes zero), and none at all in a pipe or
// under NO_COLOR; the command hands in a chalk instance already set to the right level.

import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { ReportView, IndexView } from './view-model.js';
import type { SectionView } from './sections-view.js';
import { wrapWords } from './wrap-words.js';
import { fill, type Messages } from './i18n.js';

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: ' ',
};

function wrap(text: string, width: number): string {
  return wrapWords(text, width).join('\n');
}

/** Column widths that fit 78 characters: every column its natural width, the first one what is left. */
function fitWidths(section: SectionView): number[] {
  const columns = section.head.length;
  const natural = Array.from({ length: columns }, (_, c) =>
    Math.max([...(section.head[c] ?? '')].length, ...section.rows.filter((r) => !r.isLabel).map((r) => [...(r.cells[c] ?? '')].length)) + 1,
  );
  const rest = natural.slice(1).reduce((a, b) => a + b, 0) + (columns - 1);
  natural[0] = Math.max(2, Math.min(natural[0]!, 78 - rest));
  // Label rows span the table: make it wide enough for them, up to the screen.
  const longestLabel = Math.max(0, ...section.rows.filter((r) => r.isLabel).map((r) => [...r.label].length + 1));
  const total = natural.reduce((a, b) => a + b, 0) + (columns - 1);
  if (total < Math.min(78, longestLabel)) natural[0] = natural[0]! + Math.min(78, longestLabel) - total;
  return natural;
}

function renderSection(section: SectionView, chalk: ChalkInstance, t: Messages): string[] {
  const table = new Table({
    head: section.head,
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1 },
    colWidths: fitWidths(section),
    colAligns: section.align as ('left' | 'right')[],
    wordWrap: true,
  });
  const hidden = section.rows.filter((row) => row.detail).length;
  for (const row of section.rows) {
    if (row.detail) continue;
    if (row.isLabel) table.push([{ colSpan: section.head.length, content: row.label }]);
    else {
      const colour = row.cls === 'improvement' ? chalk.green : row.cls === 'decline' ? chalk.red : row.cls === 'flagged' ? chalk.yellow : (x: string) => x;
      table.push(row.cells.map((cell, c) => (c === section.diffColumn ? colour(cell) : cell)));
    }
  }
  const notes = hidden > 0 ? [...section.notes, fill(t.hiddenRows, { count: hidden })] : section.notes;
  return [chalk.bold(section.title), chalk.dim(wrap(section.intro, 78)), table.toString(), ...notes.map((note) => chalk.dim(wrap(note, 78)))];
}

function paint(index: IndexView, chalk: ChalkInstance, text: string): string {
  if (index.direction === 'improvement') return chalk.green(text);
  if (index.direction === 'decline') return chalk.red(text);
  return text;
}

export function renderTerminal(view: ReportView, chalk: ChalkInstance): string {
  const { t } = view;
  const out: string[] = [];
  out.push(chalk.bold(wrap(view.title, 78)));
  out.push(`${t.survey}: ${view.surveyFile} · ${view.rowsLine}${view.hasDropped ? ` (${view.droppedLine})` : ''}`);
  out.push(`${t.codebook}: ${view.codebookSource}`);
  out.push(`${view.treatedLabel}: ${view.treatedN} · ${view.controlLabel}: ${view.controlN}`);
  out.push('');

  // Each index gets its label on a line of its own and its figures on the next, so long
  // Spanish labels never squeeze the numbers.
  const table = new Table({
    head: [t.control, t.trained, t.diffWithCi, t.pctOfControl, 'p', t.pHolm, 'g'],
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1 },
    colWidths: [8, 12, 24, 8, 8, 8, 6],
    colAligns: ['right', 'right', 'right', 'right', 'right', 'right', 'right'],
    wordWrap: true,
  });
  for (const index of view.indices) {
    const label = index.kind === 'composite' ? chalk.bold(index.label) : index.label;
    table.push([{ colSpan: 7, content: label, hAlign: 'left' }]);
    table.push([index.controlMean, index.treatedMean, paint(index, chalk, index.diffWithCi), index.relativePct, index.p, index.pHolm, index.g]);
  }
  out.push(table.toString());
  out.push('');
  out.push(chalk.dim(wrap(view.headlineNote, 78)));
  out.push(chalk.dim(wrap(view.holmNote, 78)));
  out.push(chalk.dim(wrap(view.unitsNote, 78)));
  for (const note of view.compositeNotes) out.push(chalk.dim(wrap(note, 78)));
  if (chalk.level > 0) out.push(chalk.dim(wrap(t.legend, 78)));
  out.push(wrap(`${view.association} ${view.adjustments}`, 78));

  for (const section of view.sections) out.push('', ...renderSection(section, chalk, t));

  if (view.hasReproduction) {
    const r = view.reproduction;
    out.push('');
    out.push(chalk.bold(`${t.reproduction}: ${r.heading}`));
    const figures = new Table({
      head: ['', t.metric, `${t.published} (±)`, t.reproduced, t.deviation, t.status],
      chars: BORDERLESS,
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1 },
      colWidths: [2, 15, 15, 12, 11, 20],
      colAligns: ['left', 'left', 'right', 'right', 'right', 'left'],
      wordWrap: true,
    });
    for (const fig of r.figures) {
      const status = fig.failed ? chalk.red.bold(fig.status) : fig.status === t.status_ok ? chalk.green(fig.status) : chalk.yellow(fig.status);
      figures.push([{ colSpan: 6, content: fig.name }]);
      figures.push(['', fig.metric, `${fig.published} ± ${fig.tolerance}`, fig.reproduced, fig.deviation, status]);
    }
    out.push(figures.toString());
    for (const inconsistency of r.inconsistencies) out.push(chalk.yellow(wrap(`! ${inconsistency}`, 78)));
    out.push(r.passed ? chalk.green(wrap(r.summary, 78)) : chalk.red.bold(wrap(r.summary, 78)));
  }

  if (view.hasDiagnostics) {
    out.push('');
    out.push(chalk.bold(t.dataQuality));
    for (const d of view.diagnostics) {
      out.push(wrap(`${d.severity}: ${d.where ? `${d.where}: ` : ''}${d.message}`, 78));
    }
  }
  // cli-table3 pads every cell; trailing blanks only make copied text ragged.
  return `${out.join('\n').replace(/[ \t]+$/gm, '')}\n`;
}
