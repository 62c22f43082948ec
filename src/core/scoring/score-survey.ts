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
import { rescaleItem, scoreComposites, scoreIndex } from './score-index.js';
import type { AnalysisRows } from './select-analysis-rows.js';
import { columnForRows, tableRow, type Codes, type Table } from '../table/table.js';

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
  /** Each item's answer on the instrument's scale per analysis row (NaN when missing), dictionary-coded. */
  items: Map<string, ItemAnswers>;
  /** Per index: spreadsheet rows without a score, because they answered too few or no items. */
  unscoredRows: Map<string, { below: number[]; none: number[] }>;
  diagnostics: Diagnostic[];
}

/** An item's answers: `values[codes[r]]` is analysis row r's answer on the scale, NaN when missing. */
export interface ItemAnswers {
  codes: Codes;
  values: Float64Array;
}

const enum Verdict {
  Value,
  Missing,
  OutOfScale,
  Unreadable,
}

interface CellFinding {
  rows: number[];
  index: string;
}

export function scoreSurvey(codebook: Codebook, table: Table, columns: ColumnIndex, analysis: AnalysisRows, file: string): ScoredSurvey {
  const parseCell = makeCellParser(codebook);
  const { min, max } = codebook.scale;
  const { rows, treated } = analysis;
  const n = rows.count;
  const scores = new Map<string, Float64Array>();
  const missingness = new Map<string, IndexMissingness>();
  const unscoredRows = new Map<string, { below: number[]; none: number[] }>();
  const items = new Map<string, ItemAnswers>();
  const outOfScale = new Map<string, CellFinding & { values: Set<string> }>();
  const unreadable = new Map<string, Map<string, CellFinding>>();

  // Each item column once: every distinct cell is read by the §2 rules once, and the column's
  // codes are gathered for the analysis rows.
  const verdicts = new Map<string, { kinds: Uint8Array; values: Float64Array; cells: readonly string[]; codes: Codes }>();
  for (const item of new Set(codebook.indices.flatMap((index) => index.items))) {
    const column = table.columns[columns.get(item)!]!;
    const kinds = new Uint8Array(column.values.length);
    const values = new Float64Array(column.values.length);
    column.values.forEach((cell, code) => {
      const verdict = parseCell(cell);
      kinds[code] = verdict.kind === 'value' ? Verdict.Value : verdict.kind === 'missing' ? Verdict.Missing : verdict.kind === 'out-of-scale' ? Verdict.OutOfScale : Verdict.Unreadable;
      values[code] = verdict.kind === 'value' ? verdict.value : NaN;
    });
    const { codes } = columnForRows(table, columns.get(item)!, rows);
    verdicts.set(item, { kinds, values, cells: column.values, codes });
    items.set(item, { codes, values });
  }

  for (const index of codebook.indices) {
    const k = index.items.length;
    const columnsOf = index.items.map((item) => verdicts.get(item)!);
    // The rescaled (and reversed) value of each distinct cell, NaN when it is not an answer.
    const rescaled = index.items.map((item, j) => {
      const reverse = index.reverse.includes(item);
      return columnsOf[j]!.values.map((x) => (Number.isNaN(x) ? NaN : rescaleItem(x, min, max, reverse)));
    });
    const values = new Float64Array(k);
    const out = new Float64Array(n);
    const counts: IndexMissingness = {
      noItemsAnswered: { treated: 0, control: 0 },
      belowMinAnswered: { treated: 0, control: 0 },
    };
    const unscored = { below: [] as number[], none: [] as number[] };
    // The common respondent (enough answers, nothing to report) is scored in one pass over
    // per-cell tables: the value, or 0 when the cell is not an answer (adding 0 leaves a sum
    // of non-negative values as it was, so the score is scoreIndex's bit for bit), and flags
    // (1: an answer, 2: a finding to report). Any other respondent goes the long way below.
    const zeroed = rescaled.map((values) => values.map((x) => (x === x ? x : 0)));
    const flags = columnsOf.map((column, j) =>
      Uint8Array.from(rescaled[j]!, (x, code) => (x === x ? 1 : column.kinds[code] === Verdict.OutOfScale || column.kinds[code] === Verdict.Unreadable ? 2 : 0)),
    );
    const slowRows = scoreCommonRows(columnsOf.map((column) => column.codes), zeroed, flags, index.minAnsweredShare - 1e-9, out);
    for (const r of slowRows) {
      let answered = 0;
      for (let j = 0; j < k; j++) {
        const column = columnsOf[j]!;
        const code = column.codes[r]!;
        const value = rescaled[j]![code]!;
        values[j] = value;
        if (value === value) {
          answered++;
          continue;
        }
        const kind = column.kinds[code]!;
        if (kind === Verdict.OutOfScale || kind === Verdict.Unreadable) noteFinding(index.id, index.items[j]!, kind, column.cells[code]!, table.rowNumbers[tableRow(rows, r)]!);
      }
      const score = scoreIndex(values, index.minAnsweredShare);
      out[r] = score;
      if (Number.isNaN(score)) {
        const cohort = treated[r] === 1 ? 'treated' : 'control';
        const row = table.rowNumbers[tableRow(rows, r)]!;
        if (answered === 0) {
          counts.noItemsAnswered[cohort]++;
          unscored.none.push(row);
        } else {
          counts.belowMinAnswered[cohort]++;
          unscored.below.push(row);
        }
      }
    }
    scores.set(index.id, out);
    missingness.set(index.id, counts);
    unscoredRows.set(index.id, unscored);
  }

  // An item in two indices is reported once, under the first index that reads it (before, its rows
  // were listed once per index, so they appeared twice).
  function noteFinding(indexId: string, item: string, kind: Verdict, cell: string, row: number): void {
    if (kind === Verdict.OutOfScale) {
      const finding = outOfScale.get(item) ?? { rows: [], index: indexId, values: new Set<string>() };
      if (finding.index !== indexId) return;
      finding.rows.push(row);
      finding.values.add(cell);
      outOfScale.set(item, finding);
      return;
    }
    const byValue = unreadable.get(item) ?? new Map<string, CellFinding>();
    const finding = byValue.get(cell) ?? { rows: [], index: indexId };
    if (finding.index !== indexId) return;
    finding.rows.push(row);
    byValue.set(cell, finding);
    unreadable.set(item, byValue);
  }

  for (const composite of codebook.composites) {
    scores.set(composite.id, scoreComposites(composite.of.map((id) => scores.get(id)!), composite.method, new Float64Array(n)));
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

/**
 * Scores every respondent with enough answers and nothing to report (see scoreSurvey), in a loop
 * of its own that V8 optimises as a whole; returns the other respondents, in order.
 */
function scoreCommonRows(codesOf: Codes[], zeroed: Float64Array[], flags: Uint8Array[], minShare: number, out: Float64Array): number[] {
  const k = codesOf.length;
  const slowRows: number[] = [];
  for (let r = 0; r < out.length; r++) {
    let sum = 0;
    let answers = 0;
    let seen = 0;
    for (let j = 0; j < k; j++) {
      const code = codesOf[j]![r]!;
      sum += zeroed[j]![code]!;
      const flag = flags[j]![code]!;
      answers += flag & 1;
      seen |= flag;
    }
    if ((seen & 2) === 0 && answers > 0 && answers / k >= minShare) out[r] = sum / answers;
    else slowRows.push(r);
  }
  return slowRows;
}
