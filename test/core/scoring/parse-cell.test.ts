import { describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER_OPTIONS, DEFAULT_READ_OPTIONS, type Codebook } from '../../../src/core/codebook/codebook.js';
import { makeCellParser, parseDecimal } from '../../../src/core/scoring/parse-cell.js';

function codebookWith(overrides: Partial<Codebook>): Codebook {
  return {
    version: 1,
    title: { en: 't', es: 't' },
    language: undefined,
    respondentId: undefined,
    cohort: { column: 'g', treated: 't', control: 'c' },
    scale: { min: 1, max: 5 },
    missingCodes: [98, 99, 'NS/NR'],
    valueLabels: new Map([['De acuerdo', 4], ['Totalmente de acuerdo', 5]]),
    answers: DEFAULT_ANSWER_OPTIONS,
    read: DEFAULT_READ_OPTIONS,
    indices: [],
    composites: [],
    cluster: undefined,
    weights: undefined,
    covariates: [],
    agreeAt: 4,
    minCell: 10,
    subgroups: [],
    itemText: {},
    ...overrides,
  };
}

describe('parseDecimal', () => {
  it('reads decimals with a point, and nothing else', () => {
    expect(parseDecimal('3')).toBe(3);
    expect(parseDecimal('3.5')).toBe(3.5);
    expect(parseDecimal('-1')).toBe(-1);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('1e2')).toBe(100);
    expect(parseDecimal('3,5')).toBeNaN();
    expect(parseDecimal('0x10')).toBeNaN();
    expect(parseDecimal('')).toBeNaN();
    expect(parseDecimal('Infinity')).toBeNaN();
  });
});

describe('makeCellParser', () => {
  const parse = makeCellParser(codebookWith({}));

  it('treats blanks and missing codes as missing, numeric codes numerically (99.0 is 99)', () => {
    for (const cell of ['', '98', '99', '99.0', '99.00', 'NS/NR']) expect(parse(cell).kind, cell).toBe('missing');
  });

  it('maps value labels exactly (case-sensitive)', () => {
    expect(parse('De acuerdo')).toEqual({ kind: 'value', value: 4 });
    expect(parse('de acuerdo').kind).toBe('unreadable');
  });

  it('keeps in-scale decimals and flags out-of-scale values', () => {
    expect(parse('3.5')).toEqual({ kind: 'value', value: 3.5 });
    expect(parse('6')).toEqual({ kind: 'out-of-scale', value: 6 });
    expect(parse('0')).toEqual({ kind: 'out-of-scale', value: 0 });
    expect(parse('5.5').kind).toBe('out-of-scale');
  });

  it('calls text that is no number, label or code unreadable', () => {
    expect(parse('Deacuerdo').kind).toBe('unreadable');
    expect(parse('3,5').kind).toBe('unreadable');
  });

  it('matches a numeric code written as a string in YAML ("98" matches 98.0)', () => {
    const parseStringCode = makeCellParser(codebookWith({ missingCodes: ['98'], scale: { min: 0, max: 100 } }));
    expect(parseStringCode('98.0').kind).toBe('missing');
    expect(parseStringCode('97').kind).toBe('value');
  });
});

describe('makeCellParser with label_matching: loose', () => {
  const parse = makeCellParser(codebookWith({ answers: { labelMatching: 'loose', leadingNumber: false } }));

  it('ignores case, accents and spacing in labels and missing codes', () => {
    for (const cell of ['de acuerdo', 'DE  ACUERDO', 'Dé acuerdo']) expect(parse(cell), cell).toEqual({ kind: 'value', value: 4 });
    for (const cell of ['ns/nr', 'NS / NR', 'Ns/Nr']) expect(parse(cell).kind, cell).toBe('missing');
  });

  it('still refuses a misspelt label', () => {
    expect(parse('Deacuerdo').kind).toBe('unreadable');
  });
});

describe('makeCellParser with leading_number', () => {
  const parse = makeCellParser(codebookWith({ answers: { labelMatching: 'exact', leadingNumber: true } }));

  it('reads "4 - De acuerdo", "4. De acuerdo", "4) …", "4: …" and "4 …" as 4', () => {
    for (const cell of ['4 - De acuerdo', '4. De acuerdo', '4) De acuerdo', '4: De acuerdo', '4 De acuerdo', '4 – De acuerdo']) {
      expect(parse(cell), cell).toEqual({ kind: 'value', value: 4 });
    }
  });

  it('keeps the range check and does not read "4 5" or "4,5"', () => {
    expect(parse('7 - Siempre').kind).toBe('out-of-scale');
    expect(parse('4 5').kind).toBe('unreadable');
    expect(parse('4,5').kind).toBe('unreadable');
  });

  it('is off by default', () => {
    expect(makeCellParser(codebookWith({}))('4 - De acuerdo').kind).toBe('unreadable');
  });
});
