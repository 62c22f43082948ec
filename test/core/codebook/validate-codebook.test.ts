import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateCodebook } from '../../../src/core/codebook/validate-codebook.js';
import { checkColumns } from '../../../src/core/codebook/check-columns.js';
import { GbvError, formatError } from '../../../src/errors.js';
import { parseYaml } from '../../../src/io/read-yaml.js';

const schema = JSON.parse(readFileSync('schema/codebook.schema.json', 'utf8')) as object;

const VALID = `codebook_version: 1
title: {en: Test, es: Prueba}
cohort: {column: grupo, treated: T, control: C}
scale: {min: 1, max: 5}
indices:
  - id: a
    label: {en: A, es: A}
    items: [a1, a2, a3]
    reverse: [a3]
  - id: b
    label: {en: B, es: B}
    items: [b1, b2]
composites:
  - id: ab
    label: {en: AB, es: AB}
    of: [a, b]
`;

function validate(text: string) {
  const { data, locate } = parseYaml(text, 'cb.yaml');
  return validateCodebook(data, schema, 'cb.yaml', locate);
}

function errorOf(text: string): GbvError {
  try {
    validate(text);
  } catch (error) {
    if (error instanceof GbvError) return error;
    throw error;
  }
  throw new Error('expected the codebook to be rejected');
}

describe('validateCodebook', () => {
  it('says an empty codebook is empty, and how to start one', () => {
    for (const text of ['', '# only a comment\n']) {
      const error = errorOf(text);
      expect(error.message).toBe('the codebook is empty');
      expect(error.hint).toContain('gbv-impact init SURVEY');
    }
  });

  it('accepts a valid codebook and fills the defaults', () => {
    const codebook = validate(VALID);
    expect(codebook.indices.map((i) => i.minAnsweredShare)).toEqual([0.5, 0.5]);
    expect(codebook.composites[0]!.method).toBe('mean');
    expect(codebook.indices[0]!.reverse).toEqual(['a3']);
  });

  it('accepts the shipped sample codebook', () => {
    const codebook = validate(readFileSync('samples/mexico-2020/codebook.yaml', 'utf8'));
    expect(codebook.indices.map((i) => i.id)).toEqual(['communication', 'victim_response', 'awareness']);
    expect(codebook.composites[0]).toMatchObject({ id: 'police_skills', method: 'sum' });
  });

  it('names an unknown key with its path, its line and a suggestion', () => {
    const error = errorOf(VALID.replace('    items: [b1, b2]', '    itmes: [b1, b2]'));
    const text = formatError(error);
    expect(text).toContain('indices[1].itmes');
    expect(text).toContain('did you mean "items"?');
    expect(error.location?.line).toBe(12);
  });

  it('reports every problem at once, each with its path', () => {
    const error = errorOf(VALID.replace('max: 5', 'max: "five"').replace('treated: T', 'treated: [T]'));
    const text = formatError(error);
    expect(text).toContain('scale.max: must be a number');
    expect(text).toContain('cohort.treated');
  });

  it('rejects a reverse item that is not among the items', () => {
    const text = formatError(errorOf(VALID.replace('reverse: [a3]', 'reverse: [a4]')));
    expect(text).toContain('indices[0].reverse[0]');
    expect(text).toContain('"a4" is not one of this index\'s items ("a1", "a2", "a3")');
  });

  it('rejects scale min ≥ max and equal cohort values', () => {
    const text = formatError(errorOf(VALID.replace('min: 1', 'min: 5').replace('control: C', 'control: T')));
    expect(text).toContain('min (5) must be smaller than max (5)');
    expect(text).toContain('the two cohorts need different values');
  });

  it('rejects a composite of itself, of an unknown index, and of a composite', () => {
    expect(formatError(errorOf(VALID.replace('of: [a, b]', 'of: [a, ab]')))).toContain('cannot contain itself');
    expect(formatError(errorOf(VALID.replace('of: [a, b]', 'of: [a, bb]')))).toContain('"bb" is not an index (did you mean "b"?)');
  });

  it('rejects duplicate ids and the reserved id "aggregate"', () => {
    expect(formatError(errorOf(VALID.replace('- id: b', '- id: a')))).toContain('the id "a" is used twice');
    expect(formatError(errorOf(VALID.replace('- id: ab', '- id: aggregate')))).toContain('"aggregate" is reserved');
  });

  it('rejects a min_answered_share outside (0, 1]', () => {
    expect(formatError(errorOf(`${VALID}min_answered_share: 1.5\n`))).toContain('min_answered_share: must be at most 1');
    expect(formatError(errorOf(`${VALID}min_answered_share: 0\n`))).toContain('min_answered_share: must be greater than 0');
  });

  it('reports YAML syntax errors with line and column', () => {
    try {
      parseYaml('title: {en: a\nscale: [1, 2', 'cb.yaml');
      throw new Error('expected a syntax error');
    } catch (error) {
      expect(error).toBeInstanceOf(GbvError);
      expect((error as GbvError).location?.line).toBeGreaterThanOrEqual(1);
      expect((error as GbvError).location?.col).toBeGreaterThanOrEqual(1);
      expect(formatError(error as GbvError)).toMatch(/^cb\.yaml:\d+:\d+: this is not valid YAML/);
    }
  });
});

describe('checkColumns', () => {
  const codebook = validate(VALID);

  it('maps every referenced column to its position', () => {
    const positions = checkColumns(codebook, ['grupo', 'a1', 'a2', 'a3', 'b1', 'b2'], 's.csv', 'cb.yaml');
    expect(positions.get('b2')).toBe(5);
  });

  it('lists the missing columns with their paths, a suggestion and the columns that exist', () => {
    try {
      checkColumns(codebook, ['grupo', 'a1', 'a2', 'grp/a3', 'b1'], 's.csv', 'cb.yaml');
      throw new Error('expected missing columns');
    } catch (error) {
      const text = formatError(error as GbvError);
      expect(text).toContain('indices[0].items[2]: "a3" is not a column of s.csv (did you mean "grp/a3"?)');
      expect(text).toContain('indices[1].items[1]: "b2" is not a column of s.csv');
      expect(text).toContain('the columns of s.csv are: "grupo", "a1", "a2", "grp/a3", "b1"');
    }
  });
});
