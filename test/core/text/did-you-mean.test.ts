import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, listChoices } from '../../../src/core/text/did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps as one edit each', () => {
    expect(editDistance('items', 'items')).toBe(0);
    expect(editDistance('itmes', 'items')).toBe(1);
    expect(editDistance('item', 'items')).toBe(1);
    expect(editDistance('itens', 'items')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('didYouMean', () => {
  it('suggests a plausible typo and nothing for a distant name', () => {
    expect(didYouMean('itmes', ['id', 'label', 'items'])).toBe('items');
    expect(didYouMean('cohort_column', ['id', 'label', 'items'])).toBeUndefined();
  });

  it('sees through case and separators of group paths', () => {
    expect(didYouMean('edad', ['grp/edad', 'sexo'])).toBe('grp/edad');
    expect(didYouMean('edad', ['odk-grp-edad'])).toBe('odk-grp-edad');
    expect(didYouMean('grp_edad', ['grp/edad', 'sexo'])).toBe('grp/edad');
    expect(didYouMean('COM_1', ['com_1', 'com_2'])).toBe('com_1');
  });
});

describe('listChoices', () => {
  it('quotes the choices and shortens long lists', () => {
    expect(listChoices(['a', 'b'])).toBe('"a", "b"');
    expect(listChoices(['a', 'b', 'c'], 2)).toBe('"a", "b" and 1 more');
  });
});
