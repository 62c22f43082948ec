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

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number with `.` as the decimal point, or NaN. Stricter than Number(): no hex, no "". */
export function parseDecimal(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}

export type CellParser = (cell: string) => CellVerdict;

/** Builds the parser for one codebook; `cell` must already be trimmed. */
export function makeCellParser(codebook: Codebook): CellParser {
  const stringCodes = new Set(codebook.missingCodes.map((code) => String(code).trim()));
  const numericCodes = codebook.missingCodes
    .map((code) => (typeof code === 'number' ? code : parseDecimal(code.trim())))
    .filter((code) => !Number.isNaN(code));
  const { min, max } = codebook.scale;
  const labels = codebook.valueLabels;
  const missing: CellVerdict = { kind: 'missing', value: NaN };
  const unreadable: CellVerdict = { kind: 'unreadable', value: NaN };

  return (cell: string): CellVerdict => {
    if (cell === '' || stringCodes.has(cell)) return missing;
    const number = parseDecimal(cell);
    if (!Number.isNaN(number) && numericCodes.includes(number)) return missing;
    const labelled = labels.get(cell);
    const value = labelled ?? number;
    if (Number.isNaN(value)) return unreadable;
    if (value < min || value > max) return { kind: 'out-of-scale', value };
    return { kind: 'value', value };
  };
}
