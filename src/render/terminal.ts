// The terminal summary: compact, aligned to fit 80 columns, colour only where it means
// something (an improvement or decline whose CI excludes zero), and none at all in a pipe or
// under NO_COLOR; the command hands in a chalk instance already set to the right level.

import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { ReportView, IndexView } from './view-model.js';

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: ' ',
};

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
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
    head: ['', t.control, t.trained, t.diffWithCi, t.pctOfControl, 'p', 'g'],
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1 },
    colWidths: [2, 9, 12, 23, 14, 8, 5],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const index of view.indices) {
    const label = index.kind === 'composite' ? chalk.bold(index.label) : index.label;
    table.push([{ colSpan: 7, content: label }]);
    table.push(['', index.controlMean, index.treatedMean, paint(index, chalk, index.diffWithCi), index.relativePct, index.p, index.g]);
  }
  out.push(table.toString());
  out.push('');
  out.push(chalk.dim(wrap(view.unitsNote, 78)));
  for (const note of view.compositeNotes) out.push(chalk.dim(wrap(note, 78)));
  if (chalk.level > 0) out.push(chalk.dim(wrap(t.legend, 78)));
  out.push(wrap(view.association, 78));

  if (view.hasReproduction) {
    const r = view.reproduction;
    out.push('');
    out.push(chalk.bold(`${t.reproduction}: ${r.heading}`));
    const figures = new Table({
      head: ['', t.metric, `${t.published} (±)`, t.reproduced, t.deviation, t.status],
      chars: BORDERLESS,
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1 },
      colWidths: [2, 13, 15, 12, 11, 20],
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
