// Columns the survey lacks stop the run, each named with its line and column in the codebook.

import { describe, expect, it } from 'vitest';
import { checkColumns } from '../../../src/core/codebook/check-columns.js';
import { formatError, GbvError } from '../../../src/errors.js';
import { CODEBOOK_HEAD, codebookFromText } from '../../helpers/codebook-text.js';

const TEXT = `${CODEBOOK_HEAD}indices:
  - id: a
    label: {en: A, es: A}
    items: [a1, a9]
  - id: b
    label: {en: B, es: B}
    items: [b1,
            b7]
`;

describe('checkColumns', () => {
  it('names each missing column with its line (and the first with its column) in the codebook', () => {
    const { codebook, locate } = codebookFromText(TEXT);
    let text = '';
    try {
      checkColumns(codebook, ['grupo', 'a1', 'b1'], 's.csv', 'cb.yaml', locate);
    } catch (error) {
      if (!(error instanceof GbvError)) throw error;
      text = formatError(error);
    }
    expect(text).toContain('cb.yaml:8:17: indices[0].items[1]: "a9" is not a column of s.csv');
    expect(text).toContain('line 12: indices[1].items[1]: "b7" is not a column of s.csv');
  });
});
