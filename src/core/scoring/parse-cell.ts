// One item cell → a number on the instrument's scale, by the rules of STATISTICS.md §2, in
// order: missing code, value label, decimal number, range. The verdict says why a cell is
// missing, because an out-of-scale or unreadable answer must be reported, not silently dropped.

import type { Codebook } from '../codebook/codebook.js';

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

export type CellParser = (cell: string) => CellVerdict;

/**
 * §2 rule 1 alone: is a (trimmed) cell empty or a missing code? Codes match as strings, or as
 * numbers when both parse (99.0 matches 99). Covariates use it too; cluster and weight cells do
 * not (only an empty cluster cell means "no cluster", and any positive number is a weight).
 */
export function makeMissingTest(codebook: Pick<Codebook, 'missingCodes'>): (cell: string) => boolean {
  const stringCodes = new Set(codebook.missingCodes.map((code) => String(code).trim()));
  const numericCodes = codebook.missingCodes
    .map((code) => (typeof code === 'number' ? code : parseDecimal(code.trim())))
    .filter((code) => !Number.isNaN(code));
  return (cell: string) => {
    if (cell === '' || stringCodes.has(cell)) return true;
    if (numericCodes.length === 0) return false;
    const number = parseDecimal(cell);
    return !Number.isNaN(number) && numericCodes.includes(number);
  };
}

/** Builds the parser for one codebook; `cell` must already be trimmed. */
export function makeCellParser(codebook: Codebook): CellParser {
  const isMissing = makeMissingTest(codebook);
  const { min, max } = codebook.scale;
  const labels = codebook.valueLabels;
  const missing: CellVerdict = { kind: 'missing', value: NaN };
  const unreadable: CellVerdict = { kind: 'unreadable', value: NaN };

  return (cell: string): CellVerdict => {
    if (isMissing(cell)) return missing;
    const number = parseDecimal(cell);
    const labelled = labels.get(cell);
    const value = labelled ?? number;
    if (Number.isNaN(value)) return unreadable;
    if (value < min || value > max) return { kind: 'out-of-scale', value };
    return { kind: 'value', value };
  };
}
