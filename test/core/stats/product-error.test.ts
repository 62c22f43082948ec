import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { productError } from '../../../src/core/stats/product-error.js';

describe('productError', () => {
  it('makes p + error the exact product of two doubles (whole numbers up to 2^40, checked in BigInt)', () => {
    const whole = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
    fc.assert(
      fc.property(whole, whole, (a, b) => {
        const p = a * b;
        const error = productError(a, b, p);
        expect(BigInt(p) + BigInt(error)).toBe(BigInt(a) * BigInt(b));
      }),
      { seed: 20261129, numRuns: 2000 },
    );
  });

  it('is 0 when the product is exact, and not when it is rounded', () => {
    expect(productError(3, 7, 21)).toBe(0);
    const a = 2 ** 30 + 1;
    expect(productError(a, a, a * a)).toBe(1); // (2^30 + 1)² = 2^60 + 2^31 + 1 rounds down by 1
  });
});
