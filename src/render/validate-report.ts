// The output of `gbv-impact validate`: every finding, grouped by kind (errors, then warnings,
// then notes), each group counted, each finding with its file, row and column and a hint. The
// text is for a person at a terminal; the JSON (versioned like the analysis report) is for CI.

import type { Diagnostic, Severity } from '../core/diagnostics.js';
import { formatLocation } from '../errors.js';

export const VALIDATE_SCHEMA_VERSION = '1.0.0';

/** Group id → how a person names the problem. Unknown codes keep their code as the title. */
const TITLES: Record<string, string> = {
  MISSING_COLUMN: 'columns the codebook names but the file lacks',
  DUPLICATE_COLUMN: 'headers that appear twice',
  COLUMN_MISSING: 'columns that read.columns or a group prefix cannot find',
  RAGGED_ROW: 'rows with too many or too few fields',
  EMPTY_COHORT: 'a cohort with no rows',
  UNKNOWN_LABEL: 'unknown labels: text answers that are no value label or missing code',
  NOT_A_NUMBER: 'answers that are not numbers',
  OUT_OF_SCALE: 'answers outside the scale',
  OTHER_COHORT: 'rows with an unknown cohort value',
  DUPLICATE_ID: 'duplicate respondent ids',
  BELOW_MIN_ANSWERED: 'respondents below the minimum answered share',
  EMPTY_ROW: 'empty rows',
  INCOMPLETE_RESPONSE: 'incomplete responses, left out',
  ENCODING_GUESSED: 'encoding guessed',
  BLANK_LINES: 'blank lines, skipped',
};

export interface FindingGroup {
  id: string;
  severity: Severity;
  title: string;
  /** How many findings (one per value, column or id). */
  findings: number;
  /** How many cells or rows they concern. */
  count: number;
  diagnostics: Diagnostic[];
}

/** UNREADABLE_ANSWER splits into unknown labels (text) and answers that are not numbers. */
function groupId(d: Diagnostic): string {
  if (d.code === 'UNREADABLE_ANSWER') return d.params?.kind === 'text' ? 'UNKNOWN_LABEL' : 'NOT_A_NUMBER';
  return d.code;
}

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];

export function groupFindings(diagnostics: readonly Diagnostic[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const d of diagnostics) {
    const id = groupId(d);
    const key = `${d.severity}:${id}`;
    const group = groups.get(key) ?? { id, severity: d.severity, title: TITLES[id] ?? id, findings: 0, count: 0, diagnostics: [] };
    group.findings++;
    group.count += d.count;
    group.diagnostics.push(d);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}

export interface ValidateSummary {
  file: string;
  codebook: string;
  /** "encoding utf-8 (detected: ...), delimiter ... " from the reader. */
  inputLine: string;
  rowsRead: number;
  rowsAnalysed: number;
  groups: FindingGroup[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a group's count counts, in words: "3 answers (2 values)", "4 rows", "1 column". */
const NOUNS: Record<string, [string, string]> = {
  MISSING_COLUMN: ['column', 'columns'],
  DUPLICATE_COLUMN: ['column', 'columns'],
  COLUMN_MISSING: ['column', 'columns'],
  UNKNOWN_LABEL: ['answer', 'answers'],
  NOT_A_NUMBER: ['answer', 'answers'],
  OUT_OF_SCALE: ['answer', 'answers'],
  BELOW_MIN_ANSWERED: ['missing score', 'missing scores'],
  BLANK_LINES: ['line', 'lines'],
  EMPTY_COHORT: ['cohort', 'cohorts'],
};

function countPhrase(group: FindingGroup): string {
  const [one, many] = NOUNS[group.id] ?? ['row', 'rows'];
  const counted = plural(group.count, one, many);
  if (group.id === 'UNKNOWN_LABEL' || group.id === 'NOT_A_NUMBER' || group.id === 'OUT_OF_SCALE') {
    return `${counted}, ${plural(group.findings, 'value', 'values')}`;
  }
  return counted;
}
const MAX_SHOWN = 25;

export function renderValidateText(summary: ValidateSummary): string {
  const count = (severity: Severity) => summary.groups.filter((g) => g.severity === severity).reduce((sum, g) => sum + g.findings, 0);
  const errors = count('error');
  const warnings = count('warning');
  const notes = count('info');
  const lines: string[] = [];
  const verdict =
    errors + warnings === 0
      ? 'no problems found'
      : [errors > 0 ? plural(errors, 'error', 'errors') : '', warnings > 0 ? plural(warnings, 'warning', 'warnings') : ''].filter(Boolean).join(' and ');
  lines.push(`${summary.file}: ${verdict} (${plural(summary.rowsRead, 'row', 'rows')} read, ${summary.rowsAnalysed} to analyse; codebook ${summary.codebook})`);
  lines.push(`  ${summary.inputLine}`);
  const headings: Record<Severity, string> = { error: 'Errors (analyze stops on these)', warning: 'Warnings (--strict fails on these)', info: 'Notes' };
  for (const severity of SEVERITY_ORDER) {
    const groups = summary.groups.filter((g) => g.severity === severity);
    if (groups.length === 0) continue;
    lines.push('', `${headings[severity]}:`);
    for (const group of groups) {
      lines.push(`  ${group.title}: ${countPhrase(group)}`);
      const hints = new Set<string>();
      for (const d of group.diagnostics.slice(0, MAX_SHOWN)) {
        const where = formatLocation(d.location);
        lines.push(`    ${where ? `${where}: ` : ''}${d.message}`);
        if (d.hint && !hints.has(d.hint)) {
          hints.add(d.hint);
          lines.push(`      hint: ${d.hint}`);
        }
      }
      if (group.diagnostics.length > MAX_SHOWN) lines.push(`    … and ${group.diagnostics.length - MAX_SHOWN} more (all of them are in --format json)`);
    }
  }
  if (notes > 0 && errors + warnings === 0) lines.push('', 'The notes above need no action.');
  return `${lines.join('\n')}\n`;
}

export function renderValidateJson(summary: ValidateSummary, extra: { tool: { name: string; version: string }; input: Record<string, unknown>; exitCode: number }): string {
  const count = (severity: Severity) => summary.groups.filter((g) => g.severity === severity).reduce((sum, g) => sum + g.findings, 0);
  return `${JSON.stringify(
    {
      schemaVersion: VALIDATE_SCHEMA_VERSION,
      tool: extra.tool,
      input: extra.input,
      codebook: summary.codebook,
      rowsRead: summary.rowsRead,
      rowsAnalysed: summary.rowsAnalysed,
      summary: { errors: count('error'), warnings: count('warning'), notes: count('info'), exitCode: extra.exitCode },
      groups: summary.groups,
    },
    null,
    2,
  )}\n`;
}
