// Least squares for a design given row by row rather than column by column: an intercept,
// numeric columns, categorical columns dummy-coded against level 0, and a 0/1 "focal" column
// placed last (the `treated` of the covariate-adjusted model, STATISTICS.md §8b). A row has one
// non-zero per covariate, so every step below is a pass over the rows that touches only those
// non-zeros: no dense n × k matrix is ever built, and a fit costs a few linear passes, not the
// O(n k²) of Householder QR (ols.ts), which stays the method for the small dense models.
//
// How, and why it keeps QR's digits:
// 1. Numeric columns and y are centred on their means. With an intercept in the model this is
//    a reparametrisation of the same column space: the focal coefficient, the residuals, the
//    leverages and every sandwich built from them are unchanged, and the Gram matrix no longer
//    carries the mean² of an income column (1e10) beside its variance.
// 2. One pass accumulates X'X and X'y from the non-zeros. Every column is then scaled to a
//    unit-ish diagonal by a power of two (exact, so no rounding enters with the scaling).
// 3. Cholesky of that matrix, column by column, with rank detection as lm's QR (LINPACK dqrdc2)
//    does it: a column is dropped when what is left of it after the earlier kept columns are
//    projected out is small against its original norm. The Cholesky pivot of column j is
//    exactly the squared norm QR compares, ||x_j − P x_j||², so the test is
//    pivot ≤ (1e-7)² · ||x_j||², with ||x_j|| the norm of the column as given (not centred,
//    not scaled): the same 1e-7 on the column norm as lm and fitOls. Honestly, though, it is
//    not the same numerical test. A Cholesky pivot is a difference of squares and carries a
//    rounding error of order k·ε (ε = 2.2e-16) relative to the squared norm of the centred,
//    scaled column, i.e. it resolves norm ratios only down to about √(kε) ≈ 1e-7…1e-8, where
//    QR resolves them to ε. Exactly collinear columns (nested categories, a numeric that is a
//    function of a category, an absent level) leave a pivot of 1e-16…1e-15 against the
//    threshold 1e-14 and are dropped as lm drops them; a column whose true norm ratio lies
//    within a factor of ten or so of 1e-7 may be decided differently from lm. Such a model is
//    numerically degenerate whichever way it is decided.
// 4. The coefficients are refined by corrected semi-normal equations: residuals r = y − Xb in a
//    pass, then the same Cholesky solve with X'r, added to b; repeated while the correction
//    matters (two passes in practice). Each step multiplies the error by about cond(X'X)·ε, so
//    the estimates reach the accuracy of a QR solve, not the cond(X)² of plain normal equations.
// 5. The focal coefficient's row a of (X'X)⁻¹ is never formed. By Frisch–Waugh–Lovell,
//    a·x_i = w_i / Σ w², with w the residuals of the focal column regressed (in the same
//    passes, with the same refinement) on the other kept columns. The HC2 and CR1 variances of
//    the focal coefficient (heteroskedasticity-robust.ts hc2Focal, cluster-robust.ts
//    clusterHc1Focal) need only u, w and the leverages h_i = x_i'(X'X)⁻¹x_i, which one more
//    pass computes from each row's non-zeros.

/** Rows of full-length columns, read through `rows` (the complete cases). */
export interface SparseDesign {
  /** Positions in the full-length arrays of the rows that enter the model, in order. */
  rows: Int32Array;
  /** Numeric columns, full length; finite at every row in `rows`. */
  numeric: readonly Float64Array[];
  /**
   * Categorical columns as level codes, full length; code 0 is the reference level (no column),
   * codes 1..levels−1 get one 0/1 column each; ≥ 0 at every row in `rows`.
   */
  categorical: readonly { codes: Int32Array; levels: number }[];
  /** The column of interest (0/1), placed last so that it is the one dropped if collinear. */
  focal: Uint8Array;
}

/** The working coordinates of a fit: which columns are kept and how each row's non-zeros are scaled. */
export interface SparseBasis {
  /** Per design column, its place among the kept columns, or −1 when dropped. */
  position: Int32Array;
  /** Per design column, the power of two it is multiplied by. */
  scale: Float64Array;
  /** Per design column, the mean subtracted (numeric columns only; 0 elsewhere). */
  center: Float64Array;
  /** Lower Cholesky factor of the kept, centred, scaled X'X (k × k, row stride `stride`). */
  lower: Float64Array;
  stride: number;
}

export interface SparseOlsFit {
  design: SparseDesign;
  /** Positions of the kept columns, numbered as the dense design would be: intercept, numerics, dummies, focal. */
  kept: number[];
  /** Coefficients of the kept columns, in the original units of the columns. */
  coef: number[];
  /** y − Xb, one per row of the design. */
  residuals: Float64Array;
  n: number;
  /** As OlsFit.perfectFit: Σ r² ≤ 1e-20 · Σ y². */
  perfectFit: boolean;
  /** Position of the focal column among `kept`, or −1 when it was dropped as collinear. */
  focalAt: number;
  /**
   * The focal column's residuals after regressing it on the other kept columns; row i's
   * weight in the focal coefficient is focalResiduals[i] / focalSumSquares. Null when the
   * focal column was dropped.
   */
  focalResiduals: Float64Array | null;
  focalSumSquares: number;
  basis: SparseBasis;
}

const COLLINEARITY_TOLERANCE = 1e-7;
/** A refinement step smaller than this, relative to the largest coefficient, is not worth a pass. */
const REFINEMENT_STOP = 1e-13;
const MAX_PASSES = 4;

/** Number of columns of the dense equivalent: intercept, numerics, dummies, focal. */
export function sparseColumnCount(design: SparseDesign): number {
  return 2 + design.numeric.length + design.categorical.reduce((s, c) => s + Math.max(c.levels - 1, 0), 0);
}

/**
 * Writes the non-zeros of full-length row `r` into (index, value) as kept positions and working
 * values: (x − center)·scale for numerics, scale for the intercept, a dummy or the focal.
 * Indices come out increasing. Returns the count.
 */
type Gather = (r: number, index: Int32Array, value: Float64Array) => number;

function gatherer(design: SparseDesign, position: Int32Array, scale: Float64Array, center: Float64Array): Gather {
  const { numeric, categorical, focal } = design;
  const p = numeric.length;
  const codes = categorical.map((c) => c.codes);
  const offsets = new Int32Array(categorical.length);
  let column = 1 + p;
  categorical.forEach((c, j) => {
    offsets[j] = column - 1; // code ℓ ≥ 1 is column offsets[j] + ℓ
    column += Math.max(c.levels - 1, 0);
  });
  const focalColumn = column;
  const interceptAt = position[0]!;
  const interceptScale = scale[0]!;
  const focalAt = position[focalColumn]!;
  const focalScale = scale[focalColumn]!;
  return (r, index, value) => {
    let m = 0;
    if (interceptAt >= 0) {
      index[m] = interceptAt;
      value[m++] = interceptScale;
    }
    for (let j = 0; j < p; j++) {
      const at = position[1 + j]!;
      if (at < 0) continue;
      index[m] = at;
      value[m++] = (numeric[j]![r]! - center[1 + j]!) * scale[1 + j]!;
    }
    for (let j = 0; j < codes.length; j++) {
      const code = codes[j]![r]!;
      if (code <= 0) continue;
      const c = offsets[j]! + code;
      const at = position[c]!;
      if (at < 0) continue;
      index[m] = at;
      value[m++] = scale[c]!;
    }
    const f = focal[r]!;
    if (f !== 0 && focalAt >= 0) {
      index[m] = focalAt;
      value[m++] = f * focalScale;
    }
    return m;
  };
}

/** Solves (LL')x = rhs over the leading k×k block of the lower factor L (row stride `stride`). */
function cholSolve(lower: Float64Array, stride: number, k: number, rhs: Float64Array): Float64Array {
  const x = Float64Array.from(rhs.subarray(0, k));
  for (let i = 0; i < k; i++) {
    let s = x[i]!;
    const row = i * stride;
    for (let m = 0; m < i; m++) s -= lower[row + m]! * x[m]!;
    x[i] = s / lower[row + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let m = i + 1; m < k; m++) s -= lower[m * stride + i]! * x[m]!;
    x[i] = s / lower[i * stride + i]!;
  }
  return x;
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  return max;
}

/** The rounding error of the double product p = a·b (Dekker's exact product, no FMA in JS). */
function productError(a: number, b: number, p: number): number {
  const SPLIT = 134217729; // 2^27 + 1
  const ca = SPLIT * a;
  const aHigh = ca - (ca - a);
  const aLow = a - aHigh;
  const cb = SPLIT * b;
  const bHigh = cb - (cb - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/**
 * ||x_j − X_P c||² for the kept columns P so far, as the quadratic form
 * x_j'x_j − 2c'X_P'x_j + c'X_P'X_P c in double-double over the double-double X'X, with c from
 * the double Cholesky factor. The form is stationary at the least-squares c, so an error δ in c
 * moves it by only δ'X_P'X_P δ (order ε²): the pivot comes out with the accuracy of X'X itself,
 * as QR's column norm does, instead of the k·ε of the Cholesky difference of squares.
 */
function accuratePivot(
  j: number,
  kept: readonly number[],
  row: Float64Array,
  lower: Float64Array,
  stride: number,
  high: (a: number, b: number) => number,
  low: (a: number, b: number) => number,
): number {
  const k = kept.length;
  // c = L⁻ᵀ row, row = L⁻¹ X_P'x_j.
  const c = new Float64Array(k);
  for (let a = k - 1; a >= 0; a--) {
    let s = row[a]!;
    for (let m = a + 1; m < k; m++) s -= lower[m * stride + a]! * c[m]!;
    c[a] = s / lower[a * stride + a]!;
  }
  let sum = 0;
  let error = 0;
  const add = (x: number, xError: number) => {
    const t = sum + x;
    const z = t - sum;
    error += sum - (t - z) + (x - z) + xError;
    sum = t;
  };
  // term = factor · (h + l), factor = f + fe exactly
  const addTerm = (f: number, fe: number, h: number, l: number) => {
    const x = f * h;
    add(x, productError(f, h, x) + f * l + fe * h);
  };
  addTerm(1, 0, high(j, j), low(j, j));
  for (let a = 0; a < k; a++) {
    const ca = c[a]!;
    addTerm(-2 * ca, 0, high(kept[a]!, j), low(kept[a]!, j));
    for (let b = a; b < k; b++) {
      const cb = c[b]!;
      const f = ca * cb;
      const twice = a === b ? 1 : 2;
      addTerm(twice * f, twice * productError(ca, cb, f), high(kept[a]!, kept[b]!), low(kept[a]!, kept[b]!));
    }
  }
  return sum + error;
}

/**
 * Fits y (full length, read through design.rows) on the design by the normal equations with
 * Cholesky, lm's column dropping and refinement to QR accuracy (see the file header).
 *
 * @example fitSparseOls({ rows: Int32Array.of(0, 1, 2, 3), numeric: [], categorical: [], focal: Uint8Array.of(0, 0, 1, 1) }, Float64Array.of(1, 2, 3, 5)).coef // [1.5, 2.5]
 */
export function fitSparseOls(design: SparseDesign, y: Float64Array): SparseOlsFit {
  const { rows, numeric } = design;
  const n = rows.length;
  const p = numeric.length;
  const columns = sparseColumnCount(design);
  const focalColumn = columns - 1;

  // Means (for centring) and the raw squared norms the collinearity test compares with.
  const center = new Float64Array(columns);
  const rawSquares = new Float64Array(columns);
  let ySum = 0;
  let ySquares = 0;
  for (let i = 0; i < n; i++) {
    const v = y[rows[i]!]!;
    ySum += v;
    ySquares += v * v;
  }
  const yMean = n > 0 ? ySum / n : 0;
  for (let j = 0; j < p; j++) {
    const column = numeric[j]!;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const v = column[rows[i]!]!;
      sum += v;
      squares += v * v;
    }
    center[1 + j] = n > 0 ? sum / n : 0;
    rawSquares[1 + j] = squares;
  }

  // Pass 1: X'X (upper triangle) and X'y over the centred, unscaled non-zeros. Entries between
  // 0/1 columns are counts, exact in a double. Entries with a numeric factor are accumulated in
  // double-double (the rounding of each product and sum kept in gramLow), so that X'X is the
  // Gram matrix of the centred design to about ε² and the collinearity test below can rely on it.
  const gram = new Float64Array(columns * columns);
  const gramLow = new Float64Array(columns * columns);
  const xty = new Float64Array(columns);
  const identity = Int32Array.from({ length: columns }, (_, j) => j);
  const ones = new Float64Array(columns).fill(1);
  const index = new Int32Array(columns);
  const value = new Float64Array(columns);
  {
    // With every column present, a row's non-zeros start intercept, numerics 1..p, then the rest.
    const gather = gatherer(design, identity, ones, center);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      const m = gather(r, index, value);
      const yc = y[r]! - yMean;
      for (let a = 0; a < m; a++) {
        const ia = index[a]!;
        const va = value[a]!;
        xty[ia] = xty[ia]! + va * yc;
        const base = ia * columns;
        const numericA = a >= 1 && a <= p;
        for (let b = a; b < m; b++) {
          const e = base + index[b]!;
          const vb = value[b]!;
          const x = va * vb;
          if (!numericA && (b === 0 || b > p)) {
            gram[e] = gram[e]! + x;
            continue;
          }
          const sum = gram[e]! + x;
          const z = sum - gram[e]!;
          gramLow[e] = gramLow[e]! + (gram[e]! - (sum - z)) + (x - z) + (va === 1 || vb === 1 ? 0 : productError(va, vb, x));
          gram[e] = sum;
        }
      }
    }
  }
  rawSquares[0] = n;
  for (let j = 1 + p; j < columns; j++) rawSquares[j] = gram[j * columns + j]!;

  // Power-of-two equilibration, then Cholesky with lm's column dropping.
  const scale = new Float64Array(columns);
  for (let j = 0; j < columns; j++) {
    const d = gram[j * columns + j]!;
    scale[j] = d > 0 ? 2 ** -Math.round(Math.log2(Math.sqrt(d))) : 1;
  }
  const scaled = (a: number, b: number) => gram[a * columns + b]! * scale[a]! * scale[b]!; // a ≤ b
  const scaledLow = (a: number, b: number) => gramLow[a * columns + b]! * scale[a]! * scale[b]!;
  const lower = new Float64Array(columns * columns);
  const kept: number[] = [];
  const row = new Float64Array(columns);
  for (let j = 0; j < columns; j++) {
    const k = kept.length;
    const diagonal = scaled(j, j);
    let pivot = diagonal;
    for (let a = 0; a < k; a++) {
      let s = scaled(kept[a]!, j);
      const base = a * columns;
      for (let b = 0; b < a; b++) s -= row[b]! * lower[base + b]!;
      row[a] = s / lower[base + a]!;
      pivot -= row[a]! * row[a]!;
    }
    const threshold = COLLINEARITY_TOLERANCE * COLLINEARITY_TOLERANCE * rawSquares[j]! * scale[j]! * scale[j]!;
    // The pivot above is a difference of squares with a rounding error of order k·ε; near the
    // threshold it is recomputed from the double-double X'X (see accuratePivot).
    if (pivot <= 1e-6 * diagonal + 100 * threshold) pivot = accuratePivot(j, kept, row, lower, columns, scaled, scaledLow);
    if (!(pivot > threshold)) continue;
    const base = k * columns;
    for (let a = 0; a < k; a++) lower[base + a] = row[a]!;
    lower[base + k] = Math.sqrt(pivot);
    kept.push(j);
  }
  const k = kept.length;
  const position = new Int32Array(columns).fill(-1);
  kept.forEach((column, at) => (position[column] = at));
  const basis: SparseBasis = { position, scale, center, lower, stride: columns };

  // Initial solves: b for y on all kept columns, c for the focal column on the others.
  const focalAt = position[focalColumn]!;
  const hasFocal = focalAt >= 0;
  const kOther = hasFocal ? k - 1 : 0;
  let b = cholSolve(lower, columns, k, Float64Array.from(kept, (column) => xty[column]! * scale[column]!));
  let c = hasFocal ? cholSolve(lower, columns, kOther, Float64Array.from(kept.slice(0, kOther), (column) => gram[column * columns + focalColumn]! * scale[column]!)) : new Float64Array(0);

  // Refinement passes: residuals, X'r, a correction from the same factor.
  const residuals = new Float64Array(n);
  const focalResiduals = hasFocal ? new Float64Array(n) : null;
  const gather = gatherer(design, position, scale, center);
  const focal = design.focal;
  let rss = 0;
  let focalSumSquares = 0;
  for (let pass = 1; ; pass++) {
    const gy = new Float64Array(k);
    const gf = new Float64Array(kOther);
    rss = 0;
    focalSumSquares = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      const m = gather(r, index, value);
      let u = y[r]! - yMean;
      for (let a = 0; a < m; a++) u -= value[a]! * b[index[a]!]!;
      residuals[i] = u;
      rss += u * u;
      for (let a = 0; a < m; a++) gy[index[a]!] = gy[index[a]!]! + value[a]! * u;
      if (focalResiduals) {
        // The focal entry, when present, is the last non-zero; the others are regressors here.
        const others = index[m - 1] === focalAt ? m - 1 : m;
        let w = focal[r]!;
        for (let a = 0; a < others; a++) w -= value[a]! * c[index[a]!]!;
        focalResiduals[i] = w;
        focalSumSquares += w * w;
        for (let a = 0; a < others; a++) gf[index[a]!] = gf[index[a]!]! + value[a]! * w;
      }
    }
    const db = cholSolve(lower, columns, k, gy);
    const dc = cholSolve(lower, columns, kOther, gf);
    const settled = maxAbs(db) <= REFINEMENT_STOP * maxAbs(b) && maxAbs(dc) <= REFINEMENT_STOP * maxAbs(c);
    if (settled || pass === MAX_PASSES) break;
    b = b.map((v, a) => v + db[a]!);
    c = c.map((v, a) => v + dc[a]!);
  }

  // Back to the columns' own units; the intercept absorbs the centring.
  const coef = kept.map((column, at) => b[at]! * scale[column]!);
  if (position[0]! === 0) {
    let intercept = yMean + coef[0]!;
    kept.forEach((column, at) => {
      if (column >= 1 && column <= p) intercept -= coef[at]! * center[column]!;
    });
    coef[0] = intercept;
  }
  return {
    design,
    kept,
    coef,
    residuals,
    n,
    perfectFit: rss <= 1e-20 * ySquares,
    focalAt,
    focalResiduals,
    focalSumSquares,
    basis,
  };
}

/**
 * Leverages h_i = x_i'(X'X)⁻¹x_i of the kept columns, one per row, each from the row's
 * non-zeros only (m² multiply-adds for m non-zeros).
 */
export function sparseLeverages(fit: SparseOlsFit): Float64Array {
  const { position, scale, center, lower, stride } = fit.basis;
  const k = fit.kept.length;
  // (X'X)⁻¹ in the working coordinates: L⁻ᵀL⁻¹, from the inverse of the lower factor.
  const inverse = new Float64Array(k * k); // L⁻¹, lower
  for (let col = 0; col < k; col++) {
    inverse[col * k + col] = 1 / lower[col * stride + col]!;
    for (let i = col + 1; i < k; i++) {
      let s = 0;
      for (let m = col; m < i; m++) s -= lower[i * stride + m]! * inverse[m * k + col]!;
      inverse[i * k + col] = s / lower[i * stride + i]!;
    }
  }
  const bread = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let m = b; m < k; m++) s += inverse[m * k + a]! * inverse[m * k + b]!;
      bread[a * k + b] = s;
      bread[b * k + a] = s;
    }
  }
  const gather = gatherer(fit.design, position, scale, center);
  const index = new Int32Array(stride);
  const value = new Float64Array(stride);
  const rows = fit.design.rows;
  const h = new Float64Array(fit.n);
  for (let i = 0; i < fit.n; i++) {
    const m = gather(rows[i]!, index, value);
    let sum = 0;
    for (let a = 0; a < m; a++) {
      const base = index[a]! * k;
      const va = value[a]!;
      let cross = 0;
      for (let b = a + 1; b < m; b++) cross += value[b]! * bread[base + index[b]!]!;
      sum += va * (va * bread[base + index[a]!]! + 2 * cross);
    }
    h[i] = sum;
  }
  return h;
}
