// The codebook keys of issue 4: built-in answer sets, loose matching, leading numbers, and the
// read: block. What they turn into, and how a mistake in them is explained.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveColumns } from '../../../src/core/codebook/resolve-columns.js';
import { validateCodebook } from '../../../src/core/codebook/validate-codebook.js';
import { GbvError, formatError } from '../../../src/errors.js';
import { parseYaml } from '../../../src/io/read-yaml.js';

const schema = JSON.parse(readFileSync('schema/codebook.schema.json', 'utf8')) as object;

const BASE = `codebook_version: 1
title: {en: Test, es: Prueba}
cohort: {column: grupo, treated: T, control: C}
respondent_id: folio
indices:
  - id: a
    label: {en: A, es: A}
    items: [a1, a2]
`;

const validate = (extra: string, scale = 'scale: {min: 1, max: 5}\n') => {
  const { data, locate } = parseYaml(`${BASE}${scale}${extra}`, 'cb.yaml');
  return validateCodebook(data, schema, 'cb.yaml', locate);
};
const problem = (extra: string, scale?: string): string => {
  try {
    validate(extra, scale);
  } catch (error) {
    if (error instanceof GbvError) return formatError(error);
    throw error;
  }
  throw new Error('expected the codebook to be rejected');
};

describe('likert_labels and common_missing_codes', () => {
  it('add the built-in labels from scale.min, and let value_labels win', () => {
    const codebook = validate('likert_labels: [es, en]\nvalue_labels: {"De acuerdo": 5}\n');
    expect(codebook.valueLabels.get('Totalmente en desacuerdo')).toBe(1);
    expect(codebook.valueLabels.get('Strongly agree')).toBe(5);
    expect(codebook.valueLabels.get('De acuerdo')).toBe(5);
    expect(validate('likert_labels: [es]\n', 'scale: {min: 0, max: 4}\n').valueLabels.get('Totalmente de acuerdo')).toBe(4);
  });

  it('refuse a scale that is not five points', () => {
    expect(problem('likert_labels: [es]\n', 'scale: {min: 0, max: 10}\n')).toMatch(/likert_labels: the built-in labels are a five-point scale, but the scale is 0–10/);
  });

  it('add the common codes once, and refuse them when 98 or 99 is a valid answer', () => {
    const codes = validate('missing_codes: [99, "x"]\ncommon_missing_codes: true\n').missingCodes;
    expect(codes.filter((code) => String(code) === '99')).toHaveLength(1);
    expect(codes).toEqual(expect.arrayContaining(['x', 'NS/NR', 'No sabe', 'No responde', 98]));
    expect(problem('common_missing_codes: true\n', 'scale: {min: 0, max: 100}\n')).toMatch(/98 and 99, which are valid answers on the scale 0–100/);
  });
});

describe('label_matching: loose and leading_number', () => {
  it('are off by default and read when set', () => {
    expect(validate('').answers).toEqual({ labelMatching: 'exact', leadingNumber: false });
    expect(validate('label_matching: loose\nleading_number: true\n').answers).toEqual({ labelMatching: 'loose', leadingNumber: true });
  });

  it('refuse two labels that are one label once case and accents are ignored', () => {
    expect(problem('label_matching: loose\nvalue_labels: {"Sí": 5, "si": 1}\n')).toMatch(/"Sí" \(5\) and "si" \(1\) are the same label/);
  });

  it('refuse a missing code that loosely equals a label', () => {
    expect(problem('label_matching: loose\nvalue_labels: {"No sabe": 3}\nmissing_codes: ["NO SABE"]\n')).toMatch(/missing code "NO SABE" is the same as the label "No sabe"/);
  });

  it('names an unknown value with the allowed ones', () => {
    expect(problem('label_matching: fuzzy\n')).toMatch(/label_matching/);
  });
});

describe('read:', () => {
  it('has defaults that change nothing', () => {
    expect(validate('').read).toEqual({ headerRows: 1, columns: new Map(), stripGroupPrefix: false, decimalComma: false, complete: undefined });
  });

  it('reads every key', () => {
    const read = validate('read:\n  header_rows: 3\n  columns: {a1: "Q1_1"}\n  strip_group_prefix: true\n  decimal_comma: true\n  complete: {column: Finished, values: [1, "True"]}\n').read;
    expect(read).toEqual({ headerRows: 3, columns: new Map([['a1', 'Q1_1']]), stripGroupPrefix: true, decimalComma: true, complete: { column: 'Finished', values: ['1', 'True'] } });
  });

  it('refuses a columns key the codebook does not use, with a did-you-mean', () => {
    expect(problem('read:\n  columns: {a3: "Q1_3"}\n')).toMatch(/read\.columns\.a3: "a3" is not a column the codebook uses \(did you mean "a1"\?\)/);
  });

  it('refuses two names for one header', () => {
    expect(problem('read:\n  columns: {a1: "Q1", a2: "Q1"}\n')).toMatch(/"Q1" is already the column of "a1"/);
  });

  it('suggests the right key for a misspelt one', () => {
    expect(problem('read:\n  header_row: 2\n')).toMatch(/header_rows/);
  });
});

describe('resolveColumns', () => {
  const codebook = validate('read:\n  strip_group_prefix: true\n  columns: {folio: "ID de encuesta"}\n');

  it('maps read.columns and group paths to the codebook names, leaving exact headers alone', () => {
    const resolution = resolveColumns(codebook, ['ID de encuesta', 'datos/grupo', 'grp-a1', 'a2', 'grp/a2'], 's.csv');
    expect(resolution.header).toEqual(['folio', 'grupo', 'a1', 'a2', 'grp/a2']);
    expect([...resolution.renamed]).toEqual([['folio', 'ID de encuesta'], ['grupo', 'datos/grupo'], ['a1', 'grp-a1']]);
    expect(resolution.problems).toEqual([]);
  });

  it('calls two headers for one name ambiguous, and names a missing mapped header', () => {
    const resolution = resolveColumns(codebook, ['x/grupo', 'y/grupo', 'a1', 'a2'], 's.csv');
    expect(resolution.problems.map((p) => p.message)).toEqual([
      '"ID de encuesta" is not a column of s.csv',
      '"grupo" could be any of "x/grupo", "y/grupo"; name the one you mean in read.columns',
    ]);
  });

  it('does not strip prefixes unless asked', () => {
    expect(resolveColumns(validate(''), ['datos/grupo', 'a1', 'a2', 'folio'], 's.csv').header).toEqual(['datos/grupo', 'a1', 'a2', 'folio']);
  });
});
