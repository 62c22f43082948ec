// The dense least-squares path (fitOls, hc1, hc2, clusterCr2) was rewritten with plain loops and reused
// buffers for speed on a million rows; the arithmetic was meant to stay the same, operation for
// operation. These property tests hold the new code to the code as it was (copied below from
// commit 2d9d2a0), bit for bit: every coefficient, residual, bread entry, SE and df.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterCr2, type Clusters, type CoefficientSe } from '../../../src/core/stats/cluster-robust.js';
import { hc1, hc2 } from '../../../src/core/stats/heteroskedasticity-robust.js';
import { fitOls, sandwich, type OlsFit } from '../../../src/core/stats/ols.js';
import { choleskyLower, jacobiEigen, multiply, transpose } from '../../../src/core/stats/small-matrix.js';

// ---- as it was ----------------------------------------------------------------------------

const COLLINEARITY_TOLERANCE = 1e-7;

function fitOlsAsItWas(design: readonly Float64Array[], y: Float64Array, weights?: Float64Array): OlsFit {
  const n = y.length;
  const root = weights ? Float64Array.from(weights, Math.sqrt) : undefined;
  const columns = design.map((column) => (root ? Float64Array.from(column, (v, i) => v * root[i]!) : Float64Array.from(column)));
  const b = root ? Float64Array.from(y, (v, i) => v * root[i]!) : Float64Array.from(y);
  const originalNorms = columns.map(norm);
  const kept: number[] = [];
  let rank = 0;

  for (let j = 0; j < columns.length; j++) {
    const a = columns[j]!;
    let sum = 0;
    for (let i = rank; i < n; i++) sum += a[i]! * a[i]!;
    const length = Math.sqrt(sum);
    if (!(length > COLLINEARITY_TOLERANCE * originalNorms[j]!) || length === 0) continue;
    // Householder reflection that maps a[rank..n) onto (−sign·length, 0, …, 0).
    const alpha = a[rank]! > 0 ? -length : length;
    const v = new Float64Array(n - rank);
    v[0] = a[rank]! - alpha;
    for (let i = rank + 1; i < n; i++) v[i - rank] = a[i]!;
    const vv = v.reduce((s, x) => s + x * x, 0);
    const reflect = (target: Float64Array) => {
      let dot = 0;
      for (let i = rank; i < n; i++) dot += v[i - rank]! * target[i]!;
      const scale = (2 * dot) / vv;
      for (let i = rank; i < n; i++) target[i] = target[i]! - scale * v[i - rank]!;
    };
    if (vv > 0) {
      for (let later = j; later < columns.length; later++) reflect(columns[later]!);
      reflect(b);
    }
    kept.push(j);
    rank++;
  }

  // R is the upper triangle of the kept columns' first `rank` entries.
  const r = kept.map((_, row) => kept.map((column, c) => (c >= row ? columns[column]![row]! : 0)));
  const rInverse = invertUpperTriangular(r);
  const qtb = Array.from({ length: rank }, (_, i) => b[i]!);
  const coef = rInverse.map((row) => row.reduce((s, value, c) => s + value * qtb[c]!, 0));
  const bread = rInverse.map((rowI) => rInverse.map((rowJ) => rowI.reduce((s, value, c) => s + value * rowJ[c]!, 0)));
  const residuals = Float64Array.from(y);
  kept.forEach((column, c) => {
    const x = design[column]!;
    for (let i = 0; i < n; i++) residuals[i] = residuals[i]! - coef[c]! * x[i]!;
  });
  let rss = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    rss += w * residuals[i]! ** 2;
    scale += w * y[i]! ** 2;
  }
  return { kept, coef, bread, residuals, n, perfectFit: rss <= 1e-20 * scale };
}

function norm(column: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < column.length; i++) sum += column[i]! * column[i]!;
  return Math.sqrt(sum);
}

function invertUpperTriangular(r: number[][]): number[][] {
  const k = r.length;
  const inverse = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = k - 1; i >= 0; i--) {
    inverse[i]![i] = 1 / r[i]![i]!;
    for (let j = i + 1; j < k; j++) {
      let sum = 0;
      for (let m = i + 1; m <= j; m++) sum += r[i]![m]! * inverse[m]![j]!;
      inverse[i]![j] = -sum / r[i]![i]!;
    }
  }
  return inverse;
}

function outerSum(vectors: readonly (readonly number[])[], k: number): number[][] {
  const meat = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const s of vectors) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a]![b] = meat[a]![b]! + s[a]! * s[b]!;
  return meat;
}

function clusterCr2AsItWas(fit: OlsFit, design: readonly Float64Array[], clusters: Clusters, at: number): CoefficientSe {
  const k = fit.kept.length;
  const bread = fit.bread;
  const lower = choleskyLower(bread);
  const columns = fit.kept.map((c) => design[c]!);
  const rows: number[][] = Array.from({ length: clusters.count }, () => []);
  for (let i = 0; i < fit.n; i++) rows[clusters.codes[i]!]!.push(i);

  const contrast = new Array<number>(k).fill(0);
  contrast[at] = 1;
  const bc = bread.map((row) => row.reduce((s, v, m) => s + v * contrast[m]!, 0)); // B c
  const meatVectors: number[][] = [];
  const u: number[][] = []; // u_g = X_g' w_g, for the Satterthwaite df
  const wNorms: number[] = []; // ||w_g||²

  for (const members of rows) {
    const x = members.map((i) => columns.map((column) => column[i]!)); // n_g × K
    // Eigen-decompose C = L'(X_g'X_g)L; H_gg's nonzero eigenvalues are C's, with
    // eigenvectors U = X_g L V Λ^(−1/2).
    const xtx = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => x.reduce((s, row) => s + row[a]! * row[b]!, 0)));
    const c = multiply(transpose(lower), multiply(xtx, lower));
    const { values, vectors } = jacobiEigen(c);
    const basis: number[][] = []; // columns of U, each n_g long
    const factors: number[] = [];
    values.forEach((lambda, e) => {
      if (!(lambda > 1e-12)) return;
      const direction = lower.map((row) => row.reduce((s, v, m) => s + v * vectors[m]![e]!, 0)); // L v_e
      basis.push(x.map((row) => row.reduce((s, v, m) => s + v * direction[m]!, 0) / Math.sqrt(lambda)));
      // (I − H_gg)^(−1/2) on this direction; where 1 − λ vanishes (a cluster that alone holds a
      // whole cohort) the pseudo-inverse, as clubSandwich and estimatr use, zeroes it.
      const rest = 1 - lambda;
      factors.push(rest > 1e-10 ? 1 / Math.sqrt(rest) - 1 : -1);
    });
    const applyA = (vector: number[]) => {
      const out = vector.slice();
      basis.forEach((uVec, e) => {
        const dot = uVec.reduce((s, v, m) => s + v * vector[m]!, 0);
        for (let m = 0; m < out.length; m++) out[m] = out[m]! + factors[e]! * dot * uVec[m]!;
      });
      return out;
    };
    const adjusted = applyA(members.map((i) => fit.residuals[i]!)); // A_g û_g
    meatVectors.push(columns.map((_, a) => x.reduce((s, row, m) => s + row[a]! * adjusted[m]!, 0)));
    const w = applyA(x.map((row) => row.reduce((s, v, m) => s + v * bc[m]!, 0))); // A_g X_g B c
    wNorms.push(w.reduce((s, v) => s + v * v, 0));
    u.push(columns.map((_, a) => x.reduce((s, row, m) => s + row[a]! * w[m]!, 0)));
  }

  const v = sandwich(bread, outerSum(meatVectors, k));
  // The G×G matrix of the df, M_gh = G_g'G_h with G_g = (I − H)_{g·}' A_g X_g B c, reduces to
  // δ_gh ||w_g||² − u_g' B u_h; df = tr(M)² / tr(M²).
  const bu = u.map((ug) => bread.map((row) => row.reduce((s, v, m) => s + v * ug[m]!, 0)));
  let trace = 0;
  let traceSquared = 0;
  for (let a = 0; a < u.length; a++) {
    for (let b = 0; b < u.length; b++) {
      const entry = (a === b ? wNorms[a]! : 0) - u[a]!.reduce((s, val, m) => s + val * bu[b]![m]!, 0);
      if (a === b) trace += entry;
      traceSquared += entry * entry;
    }
  }
  return { se: Math.sqrt(v[at]![at]!), df: (trace * trace) / traceSquared };
}

function rowsOf(fit: OlsFit, design: readonly Float64Array[]): Float64Array[] {
  return fit.kept.map((c) => design[c]!);
}

function weightedCrossProduct(columns: readonly Float64Array[], d: Float64Array): number[][] {
  const k = columns.length;
  const n = d.length;
  const out = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const scaled = new Float64Array(n);
  for (let a = 0; a < k; a++) {
    const xa = columns[a]!;
    for (let i = 0; i < n; i++) scaled[i] = d[i]! * xa[i]!;
    for (let b = a; b < k; b++) {
      const xb = columns[b]!;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += scaled[i]! * xb[i]!;
      out[a]![b] = sum;
      out[b]![a] = sum;
    }
  }
  return out;
}

function leverages(columns: readonly Float64Array[], bread: readonly (readonly number[])[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const lower = choleskyLower(bread);
  const h = new Float64Array(n);
  const w = new Float64Array(n);
  for (let c = 0; c < lower.length; c++) {
    w.fill(0);
    for (let a = c; a < columns.length; a++) {
      const factor = lower[a]![c]!;
      if (factor === 0) continue;
      const xa = columns[a]!;
      for (let i = 0; i < n; i++) w[i] = w[i]! + xa[i]! * factor;
    }
    for (let i = 0; i < n; i++) h[i] = h[i]! + w[i]! * w[i]!;
  }
  return h;
}

function hc2AsItWas(fit: OlsFit, design: readonly Float64Array[], at: number): CoefficientSe {
  const columns = rowsOf(fit, design);
  const h = leverages(columns, fit.bread);
  const meat = weightedCrossProduct(columns, Float64Array.from(fit.residuals, (u, i) => (u * u) / (1 - h[i]!)));
  const v = sandwich(fit.bread, meat);
  return { se: Math.sqrt(v[at]![at]!), df: fit.n - columns.length };
}

function hc1AsItWas(fit: OlsFit, design: readonly Float64Array[], at: number, weights?: Float64Array): CoefficientSe {
  const columns = rowsOf(fit, design);
  const meat = weightedCrossProduct(columns, Float64Array.from(fit.residuals, (u, i) => ((weights ? weights[i]! : 1) * u) ** 2));
  const v = sandwich(fit.bread, meat);
  const k = columns.length;
  return { se: Math.sqrt((v[at]![at]! * fit.n) / (fit.n - k)), df: fit.n - k };
}

// ---- the properties -----------------------------------------------------------------------

/** A design: intercept, a 0/1 treated column, a few numerics (one of them possibly collinear), clusters, weights. */
const design = fc
  .record({
    n: fc.integer({ min: 4, max: 120 }),
    seed: fc.integer(),
    numerics: fc.integer({ min: 0, max: 3 }),
    collinear: fc.boolean(),
    clusters: fc.integer({ min: 1, max: 9 }),
  })
  .map(({ n, seed, numerics, collinear, clusters }) => {
    let state = seed >>> 0 || 1;
    const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const treated = Float64Array.from({ length: n }, (_, i) => (i < 2 ? i : next() < 0.4 ? 1 : 0));
    const columns = [new Float64Array(n).fill(1), treated];
    for (let j = 0; j < numerics; j++) columns.push(Float64Array.from({ length: n }, () => (j === 1 ? 1e5 + 3e4 * next() : 40 + 20 * next())));
    if (collinear && numerics > 0) columns.push(Float64Array.from(columns[2]!, (v, i) => 2 * v - treated[i]!));
    const y = Float64Array.from({ length: n }, (_, i) => 3 + treated[i]! + next() * 2);
    const weights = Float64Array.from({ length: n }, () => 0.2 + 3 * next());
    const codes = Int32Array.from({ length: n }, (_, i) => (i < clusters ? i : Math.floor(next() * clusters)));
    return { columns, y, weights, clusters: { codes, count: clusters } as Clusters };
  });

function expectSameFit(got: OlsFit, want: OlsFit): void {
  expect(got.kept).toEqual(want.kept);
  expect(got.perfectFit).toBe(want.perfectFit);
  got.coef.forEach((v, i) => expect(Object.is(v, want.coef[i])).toBe(true));
  got.bread.forEach((row, a) => row.forEach((v, b) => expect(Object.is(v, want.bread[a]![b])).toBe(true)));
  got.residuals.forEach((v, i) => expect(Object.is(v, want.residuals[i])).toBe(true));
}

describe('the dense fits, as they were', () => {
  it('fitOls: the same numbers, bit for bit, with and without weights', () => {
    fc.assert(
      fc.property(design, ({ columns, y, weights }) => {
        expectSameFit(fitOls(columns, y), fitOlsAsItWas(columns, y));
        expectSameFit(fitOls(columns, y, weights), fitOlsAsItWas(columns, y, weights));
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it('hc2 and hc1: the same SE, bit for bit', () => {
    fc.assert(
      fc.property(design, ({ columns, y, weights }) => {
        const fit = fitOls(columns, y);
        const weighted = fitOls(columns, y, weights);
        fit.kept.forEach((_, at) => {
          expect(Object.is(hc2(fit, columns, at).se, hc2AsItWas(fit, columns, at).se)).toBe(true);
          expect(Object.is(hc1(weighted, columns, at, weights).se, hc1AsItWas(weighted, columns, at, weights).se)).toBe(true);
        });
      }),
      { numRuns: 200, seed: 20261129 },
    );
  });

  it('clusterCr2: the same SE and df, bit for bit', () => {
    fc.assert(
      fc.property(design, ({ columns, y, clusters }) => {
        const fit = fitOls(columns, y);
        const at = fit.kept.indexOf(1);
        if (at < 0) return;
        const got: CoefficientSe = clusterCr2(fit, columns, clusters, at);
        const want = clusterCr2AsItWas(fit, columns, clusters, at);
        expect(Object.is(got.se, want.se)).toBe(true);
        expect(Object.is(got.df, want.df)).toBe(true);
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });
});
