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
  // Plain loops and one reflector buffer for all columns: on a million rows every closure call
  // per element and every fresh array shows (the arithmetic, and so every digit, is unchanged).
  let root: Float64Array | undefined;
  if (weights) {
    root = new Float64Array(n);
    for (let i = 0; i < n; i++) root[i] = Math.sqrt(weights[i]!);
  }
  const scaledCopy = (column: Float64Array) => {
    const out = new Float64Array(n);
    if (root) for (let i = 0; i < n; i++) out[i] = column[i]! * root[i]!;
    else out.set(column);
    return out;
  };
  const columns = design.map(scaledCopy);
  const b = scaledCopy(y);
  const originalNorms = columns.map(norm);
  const kept: number[] = [];
  let rank = 0;
  const v = new Float64Array(n);

  for (let j = 0; j < columns.length; j++) {
    const a = columns[j]!;
    let sum = 0;
    for (let i = rank; i < n; i++) sum += a[i]! * a[i]!;
    const length = Math.sqrt(sum);
    if (!(length > COLLINEARITY_TOLERANCE * originalNorms[j]!) || length === 0) continue;
    // Householder reflection that maps a[rank..n) onto (−sign·length, 0, …, 0); v[0..n−rank).
    const alpha = a[rank]! > 0 ? -length : length;
    const m = n - rank;
    v[0] = a[rank]! - alpha;
    for (let i = rank + 1; i < n; i++) v[i - rank] = a[i]!;
    let vv = 0;
    for (let t = 0; t < m; t++) vv += v[t]! * v[t]!;
    if (vv > 0) {
      for (let later = j; later < columns.length; later++) reflect(columns[later]!, v, rank, vv);
      reflect(b, v, rank, vv);
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

/** target[rank..n) −= (2 v·target / v·v) v, with v[t] standing for row rank + t. */
function reflect(target: Float64Array, v: Float64Array, rank: number, vv: number): void {
  const n = target.length;
  let dot = 0;
  for (let i = rank; i < n; i++) dot += v[i - rank]! * target[i]!;
  const scale = (2 * dot) / vv;
  for (let i = rank; i < n; i++) target[i] = target[i]! - scale * v[i - rank]!;
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
