// describeByCohort must give describe()'s numbers bit for bit (reports are byte-reproducible
// across versions as well as runs), while reading the scores in place.

import fc from 'fast-check';
import { describe as suite, expect, it } from 'vitest';
import { describe, describeByCohort } from '../../../src/core/stats/describe.js';

suite('describeByCohort', () => {
  it('equals describe() of each cohort copied out, to the last bit (500 runs)', () => {
    const score = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN), fc.integer({ min: 0, max: 100 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(score, fc.boolean()), { maxLength: 60 }), (rows) => {
        const scores = Float64Array.from(rows, ([x]) => x);
        const treated = Uint8Array.from(rows, ([, t]) => (t ? 1 : 0));
        const got = describeByCohort(scores, treated);
        const of = (flag: number) => describe(rows.filter(([x, t]) => !Number.isNaN(x) && +t === flag).map(([x]) => x));
        expect(got.treated).toEqual(of(1));
        expect(got.control).toEqual(of(0));
      }),
      { seed: 20261129, numRuns: 500 },
    );
  });
});
