import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choleskyLower, invertSymmetric, jacobiEigen } from '../../../src/core/stats/small-matrix.js';

/** A random symmetric positive-definite matrix: B'B + k·I. */
const spd = (k: number) =>
  fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: k * k, maxLength: k * k }).map((entries) => {
    const b = Array.from({ length: k }, (_, i) => entries.slice(i * k, i * k + k));
    return Array.from({ length: k }, (_, i) =>
      Array.from({ length: k }, (_, j) => b.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? k : 0)),
    );
  });

const multiply = (a: number[][], b: number[][]) => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, m) => s + v * b[m]![j]!, 0)));

describe('small-matrix', () => {
  it('Cholesky reconstructs A = LL\'', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain(spd), (a) => {
        const l = choleskyLower(a);
        const back = multiply(l, l.map((_, i) => l.map((row) => row[i]!)));
        a.forEach((row, i) => row.forEach((v, j) => expect(back[i]![j]).toBeCloseTo(v, 9)));
      }),
    );
  });

  it('inverts: A·A⁻¹ = I', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain(spd), (a) => {
        const product = multiply(a, invertSymmetric(a));
        product.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 9)));
      }),
    );
  });

  it('eigen-decomposes: A v = λ v with orthonormal v', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain(spd), (a) => {
        const { values, vectors } = jacobiEigen(a);
        values.forEach((lambda, e) => {
          const v = vectors.map((row) => row[e]!);
          const av = a.map((row) => row.reduce((s, x, m) => s + x * v[m]!, 0));
          av.forEach((x, m) => expect(x).toBeCloseTo(lambda * v[m]!, 8));
          expect(v.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 10);
        });
      }),
    );
  });
});
