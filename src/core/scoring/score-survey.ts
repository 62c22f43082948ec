// Scores every analysis row on every index and composite. Returns one Float64Array of scores
// per index (NaN where the score is NA, per STATISTICS.md §3) plus the findings about the
// answers: out-of-scale values (treated as missing, reported) and answers that are neither a
// number, a value label nor a missing code (an error: usually a label the codebook lacks).

import { clipText } from '../text/clip-text.js';
import type { Codebook } from '../codebook/codebook.js';
import type { ColumnIndex } from '../codebook/check-columns.js';
import { describeRows, type Diagnostic } from '../diagnostics.js';
import { listChoices } from '../text/did-you-mean.js';
import { normalizeLabel } from '../text/normalize-label.js';
import { makeCellParser, parseLeadingNumber } from './parse-cell.js';
import { rescaleItem, scoreComposite, scoreIndex } from './score-index.js';
import type { AnalysisRows } from './select-analysis-rows.js';

export interface CohortCounts {
  treated: number;
  control: number;
}

export interface IndexMissingness {
  /** Rows that answered none of the index's items. */
  noItemsAnswered: CohortCounts;
  /** Rows that answered some items, but fewer than the minimum share. */
  belowMinAnswered: CohortCounts;
}

export interface ScoredSurvey {
  /** Score per analysis row, NaN for NA; keyed by index or composite id. */
  scores: Map<string, Float64Array>;
  missingness: Map<string, IndexMissingness>;
  /** Each item's answer on the instrument's scale per analysis row, NaN when missing. */
  items: Map<string, Float64Array>;
  /** Per index: spreadsheet rows without a score, because they answered too few or no items. */
  unscoredRows: Map<string, { below: number[]; none: number[] }>;
  diagnostics: Diagnostic[];
}

interface CellFinding {
  rows: number[];
  index: string;
}

export function scoreSurvey(
  codebook: Codebook,
  rows: readonly (readonly string[])[],
  rowNumbers: readonly number[],
  columns: ColumnIndex,
  analysis: AnalysisRows,
  file: string,
): ScoredSurvey {
  const parseCell = makeCellParser(codebook);
  const { min, max } = codebook.scale;
  const n = analysis.positions.length;
  const scores = new Map<string, Float64Array>();
  const missingness = new Map<string, IndexMissingness>();
  const unscoredRows = new Map<string, { below: number[]; none: number[] }>();
  const items = new Map<string, Float64Array>();
  const outOfScale = new Map<string, CellFinding & { values: Set<string> }>();
  const unreadable = new Map<string, Map<string, CellFinding>>();

  for (const index of codebook.indices) {
    const k = index.items.length;
    const itemColumns = index.items.map((item) => columns.get(item)!);
    const reversed = index.items.map((item) => index.reverse.includes(item));
    const values = new Float64Array(k);
    const answers = index.items.map((item) => items.get(item) ?? new Float64Array(n));
    index.items.forEach((item, j) => items.set(item, answers[j]!));
    const out = new Float64Array(n);
    const counts: IndexMissingness = {
      noItemsAnswered: { treated: 0, control: 0 },
      belowMinAnswered: { treated: 0, control: 0 },
    };
    const unscored = { below: [] as number[], none: [] as number[] };
    for (let r = 0; r < n; r++) {
      const position = analysis.positions[r]!;
      const row = rows[position]!;
      for (let j = 0; j < k; j++) {
        const cell = row[itemColumns[j]!] ?? '';
        const verdict = parseCell(cell);
        if (verdict.kind === 'value') {
          values[j] = rescaleItem(verdict.value, min, max, reversed[j]!);
          answers[j]![r] = verdict.value;
          continue;
        }
        values[j] = NaN;
        answers[j]![r] = NaN;
        const item = index.items[j]!;
        if (verdict.kind === 'out-of-scale') {
          const finding = outOfScale.get(item) ?? { rows: [], index: index.id, values: new Set<string>() };
          finding.rows.push(rowNumbers[position]!);
          finding.values.add(cell);
          outOfScale.set(item, finding);
        } else if (verdict.kind === 'unreadable') {
          const byValue = unreadable.get(item) ?? new Map<string, CellFinding>();
          const finding = byValue.get(cell) ?? { rows: [], index: index.id };
          finding.rows.push(rowNumbers[position]!);
          byValue.set(cell, finding);
          unreadable.set(item, byValue);
        }
      }
      const score = scoreIndex(values, index.minAnsweredShare);
      out[r] = score;
      if (Number.isNaN(score)) {
        const cohort = analysis.treated[r] === 1 ? 'treated' : 'control';
        const answered = values.reduce((sum, v) => sum + (Number.isNaN(v) ? 0 : 1), 0);
        if (answered === 0) {
          counts.noItemsAnswered[cohort]++;
          unscored.none.push(rowNumbers[position]!);
        } else {
          counts.belowMinAnswered[cohort]++;
          unscored.below.push(rowNumbers[position]!);
        }
      }
    }
    scores.set(index.id, out);
    missingness.set(index.id, counts);
    unscoredRows.set(index.id, unscored);
  }

  for (const composite of codebook.composites) {
    const parts = composite.of.map((id) => scores.get(id)!);
    const out = new Float64Array(n);
    const components = new Float64Array(parts.length);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < parts.length; j++) components[j] = parts[j]![r]!;
      out[r] = scoreComposite(components, composite.method);
    }
    scores.set(composite.id, out);
  }

  return { scores, missingness, items, unscoredRows, diagnostics: describeFindings(codebook, outOfScale, unreadable, file) };
}

function describeFindings(
  codebook: Codebook,
  outOfScale: Map<string, CellFinding & { values: Set<string> }>,
  unreadable: Map<string, Map<string, CellFinding>>,
  file: string,
): Diagnostic[] {
  const { min, max } = codebook.scale;
  const diagnostics: Diagnostic[] = [];
  for (const [column, finding] of outOfScale) {
    const values = [...finding.values];
    const count = finding.rows.length;
    diagnostics.push({
      severity: 'warning',
      code: 'OUT_OF_SCALE',
      message:
        `value${values.length === 1 ? '' : 's'} ${listChoices(values, 5)} ${values.length === 1 ? 'is' : 'are'} outside the scale ${min}–${max} ` +
        `(index "${finding.index}"); ${count} answer${count === 1 ? '' : 's'} treated as missing (${describeRows(finding.rows)})`,
      location: { file, row: finding.rows[0]!, column },
      count,
      rows: finding.rows,
      hint: 'if these are missing codes, add them to missing_codes in the codebook; --strict makes this an error',
      params: { count, min, max, values: listChoices(values, 5), index: finding.index },
    });
  }
  const known = [...codebook.valueLabels.keys()];
  const codes = codebook.missingCodes.map(String);
  for (const [column, byValue] of unreadable) {
    for (const [value, finding] of byValue) {
      const count = finding.rows.length;
      const kind = /\p{L}/u.test(value) ? 'text' : 'number';
      diagnostics.push({
        severity: 'error',
        code: 'UNREADABLE_ANSWER',
        message:
          `answer "${clipText(value)}" is not a number, a value label or a missing code (index "${finding.index}"); ` +
          `${count} answer${count === 1 ? '' : 's'} (${describeRows(finding.rows)})`,
        location: { file, row: finding.rows[0]!, column },
        count,
        rows: finding.rows,
        hint:
          optionHint(codebook, value, known, codes) ??
          (known.length > 0 ? `known labels: ${listChoices(known)}. ` : 'the codebook declares no value_labels. ') +
            (codes.length > 0 ? `Missing codes: ${listChoices(codes)}. ` : '') +
            'Add the answer to value_labels (with its number) or to missing_codes.',
        params: { count, value: clipText(value), index: finding.index, kind },
      });
    }
  }
  return diagnostics;
}

/** When a codebook option would read the answer, say which, rather than list every label. */
function optionHint(codebook: Codebook, value: string, known: readonly string[], codes: readonly string[]): string | undefined {
  if (!codebook.read.decimalComma && /^[+-]?\d*,\d+$/.test(value)) {
    return 'this looks like a number with a decimal comma: set read.decimal_comma: true in the codebook';
  }
  if (codebook.answers.labelMatching === 'exact') {
    const key = normalizeLabel(value);
    const label = known.find((k) => normalizeLabel(k) === key) ?? codes.find((c) => normalizeLabel(c) === key);
    if (label !== undefined) return `it differs from "${label}" only in case, accents or spacing: set label_matching: loose in the codebook`;
  }
  if (!codebook.answers.leadingNumber && !Number.isNaN(parseLeadingNumber(value))) {
    return `it starts with its number: set leading_number: true in the codebook to read "${clipText(value)}" as ${parseLeadingNumber(value)}`;
  }
  return undefined;
}
