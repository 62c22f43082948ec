// One item cell → a number on the instrument's scale, by the rules of STATISTICS.md §2, in
// order: missing code, value label, decimal number, range. The verdict says why a cell is
// missing, because an out-of-scale or unreadable answer must be reported, not silently dropped.
//
// Two opt-in rules extend §2 and never change a cell the rules above already read:
// `label_matching: loose` lets a missing code or a label match ignoring case, accents and
// spacing (tried after the exact match), and `leading_number` reads "4 - De acuerdo" as 4
// (tried last, only for a cell that is otherwise unreadable).

import type { Codebook } from '../codebook/codebook.js';
import { normalizeLabel } from '../text/normalize-label.js';

export type CellKind = 'value' | 'missing' | 'out-of-scale' | 'unreadable';

export interface CellVerdict {
  kind: CellKind;
  /** The number on the scale when kind is Value (or the offending number when OutOfScale). */
  value: number;
}

export const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number with `.` as the decimal point, or NaN. Stricter than Number(): no hex, no "". */
export function parseDecimal(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}

/**
 * "4 - De acuerdo", "4. De acuerdo", "4) De acuerdo", "4: De acuerdo", "4 De acuerdo": a
 * number, a separator, then text that starts with a letter (so "4.5" and "4 5" are not).
 */
const LEADING_NUMBER = /^([+-]?\d+(?:\.\d+)?)\s*(?:[-\u2013\u2014.:)=]\s*|\s+)(?=\p{L})/u;

/** The number an answer starts with, or NaN. */
export function parseLeadingNumber(text: string): number {
  const match = LEADING_NUMBER.exec(text);
  return match ? Number(match[1]) : NaN;
}

export type CellParser = (cell: string) => CellVerdict;

type MissingCodebook = Pick<Codebook, 'missingCodes'> & { answers?: Codebook['answers'] };

/**
 * §2 rule 1 alone: is a (trimmed) cell empty or a missing code? Codes match as strings, or as
 * numbers when both parse (99.0 matches 99); with loose matching, also ignoring case and
 * accents. Covariates use it too; cluster and weight cells do not (only an empty cluster cell
 * means "no cluster", and any positive number is a weight).
 */
export function makeMissingTest(codebook: MissingCodebook): (cell: string) => boolean {
  const stringCodes = new Set(codebook.missingCodes.map((code) => String(code).trim()));
  const looseCodes = codebook.answers?.labelMatching === 'loose' ? new Set([...stringCodes].map(normalizeLabel)) : undefined;
  const numericCodes = codebook.missingCodes
    .map((code) => (typeof code === 'number' ? code : parseDecimal(code.trim())))
    .filter((code) => !Number.isNaN(code));
  return (cell: string) => {
    if (cell === '' || stringCodes.has(cell)) return true;
    if (numericCodes.length > 0) {
      const number = parseDecimal(cell);
      if (!Number.isNaN(number) && numericCodes.includes(number)) return true;
    }
    return looseCodes !== undefined && looseCodes.has(normalizeLabel(cell));
  };
}

/** Builds the parser for one codebook; `cell` must already be trimmed. */
export function makeCellParser(codebook: Codebook): CellParser {
  const isMissing = makeMissingTest(codebook);
  const { min, max } = codebook.scale;
  const labels = codebook.valueLabels;
  const looseLabels =
    codebook.answers.labelMatching === 'loose'
      ? new Map([...labels].map(([label, value]) => [normalizeLabel(label), value] as const))
      : undefined;
  const leadingNumber = codebook.answers.leadingNumber;
  const missing: CellVerdict = { kind: 'missing', value: NaN };
  const unreadable: CellVerdict = { kind: 'unreadable', value: NaN };

  return (cell: string): CellVerdict => {
    if (isMissing(cell)) return missing;
    let value = labels.get(cell) ?? parseDecimal(cell);
    if (Number.isNaN(value) && looseLabels !== undefined) value = looseLabels.get(normalizeLabel(cell)) ?? NaN;
    if (Number.isNaN(value) && leadingNumber) value = parseLeadingNumber(cell);
    if (Number.isNaN(value)) return unreadable;
    if (value < min || value > max) return { kind: 'out-of-scale', value };
    return { kind: 'value', value };
  };
}
