// Respondents an index cannot score: a note naming only the reasons that apply, and a warning
// when nobody has a score at all.

import { describe, expect, it } from 'vitest';
import type { IndexDefinition } from '../../../src/core/codebook/codebook.js';
import { noScoreDiagnostic } from '../../../src/core/scoring/row-diagnostics.js';

const index = { id: 'b', items: ['b1', 'b2', 'b3', 'b4'], minAnsweredShare: 0.5 } as unknown as IndexDefinition;
const missing = (below: number, none: number) => ({
  belowMinAnswered: { treated: below, control: 0 },
  noItemsAnswered: { treated: 0, control: none },
});

describe('noScoreDiagnostic', () => {
  it('names only the reasons that apply', () => {
    expect(noScoreDiagnostic(index, missing(0, 1), undefined, 40)?.message).toBe('1 respondent has no score on "b": 1 answered none');
    expect(noScoreDiagnostic(index, missing(3, 0), undefined, 40)?.message).toBe('3 respondents have no score on "b": 3 answered fewer than 50% of its 4 items');
    expect(noScoreDiagnostic(index, missing(2, 5), undefined, 40)?.message).toBe('7 respondents have no score on "b": 2 answered fewer than 50% of its 4 items and 5 answered none');
    expect(noScoreDiagnostic(index, missing(0, 0), undefined, 40)).toBeUndefined();
  });

  it('is a warning when nobody has a score, a note otherwise', () => {
    const nobody = noScoreDiagnostic(index, missing(0, 8), undefined, 0)!;
    expect(nobody.severity).toBe('warning');
    expect(nobody.message).toBe('no respondent has a score on "b", so it cannot be compared: 8 answered none');
    expect(noScoreDiagnostic(index, missing(0, 8), undefined, 2)!.severity).toBe('info');
  });
});
