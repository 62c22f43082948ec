// Ordinary (or weighted) least squares by Householder QR, the method R's lm uses, so estimates
// keep their digits when covariates are badly scaled. A column that is (nearly) a linear
// combination of earlier ones is dropped, as lm does (tolerance 1e-7 on the column norm left
// after the earlier columns are projected out); the fit says which columns it kept.
// Everything the sandwich estimators need comes back: coefficients, residuals and the
// "bread" (X'WX)⁻¹.

export interface OlsFit {
  /** Positions (in the given design) of the columns kept, in order. */
  kept: number[];
  coef: number[];
  /** (X'WX)⁻¹ over the kept columns. */
  bread: number[][];
  /** y − Xb, on the original (unweighted) scale. */
  residuals: Float64Array;
  n: number;
  /**
   * The columns explain y exactly (residuals are rounding noise, e.g. y is constant): every
   * standard error would be noise too, so callers report none.
   */
  perfectFit: boolean;
}

const COLLINEARITY_TOLERANCE = 1e-7;

/**
 * Fits y on the columns of `design` (each a Float64Array of length n; include a column of ones
 * for the intercept). With `weights`, minimises Σ w (y − Xb)².
 */
export function fitOls(design: readonly Float64Array[], y: Float64Array, weights?: Float64Array): OlsFit {
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

/** A·B·A for symmetric A (the sandwich bread · meat · bread). */
export function sandwich(bread: readonly (readonly number[])[], meat: readonly (readonly number[])[]): number[][] {
  const k = bread.length;
  const left = bread.map((row) => Array.from({ length: k }, (_, j) => row.reduce((s, v, m) => s + v * meat[m]![j]!, 0)));
  return left.map((row) => Array.from({ length: k }, (_, j) => row.reduce((s, v, m) => s + v * bread[m]![j]!, 0)));
}
