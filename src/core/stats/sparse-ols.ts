// Least squares for a design given by rows rather than by dense columns: an intercept, numeric
// columns, categorical columns dummy-coded against level 0, and a 0/1 "focal" column placed last
// (the `treated` of the covariate-adjusted model, STATISTICS.md §8b). No n × k matrix is built:
// a fit costs two linear passes over the rows (sums of y, residuals; a third when the
// refinement needs it), not the O(n k²) of Householder QR (ols.ts), which stays the method for
// the small dense models.
//
// Cells and value tuples. Rows with the same level of every categorical covariate and the same
// focal value share the whole 0/1 part of their design row: they form a cell (state × sex ×
// rank × treated: a few hundred). Rows with the same values of every numeric covariate share
// the numeric part: a tuple (age × years of service: a couple of thousand; a continuous income
// makes nearly every row its own). The design row is the sum of the two parts, so everything it
// contributes (to X'X, to a fitted value, to a leverage) is computed per cell and per tuple,
// and per row there remain a few look-ups: a row's fitted value is fit_cell + fit_tuple, its
// leverage q_cell + q_tuple + 2 x_tuple'r_cell. Cells and tuples are found once
// (prepareSparseOls), with the counts and sums that do not depend on y, so that several
// outcomes on one design share that work: each fit reads its y, and takes the rows where y is
// NaN (an unanswered index) back out of those sums.
//
// How, and why it keeps QR's digits:
// 1. Centring. Numeric columns are centred on their means and y is shifted by its first value.
//    With an intercept in the model this is a reparametrisation of the same column space: the
//    focal coefficient, the residuals, the leverages and every sandwich built from them are
//    unchanged, and X'X no longer carries the mean² of an income column (1e10) beside its
//    variance.
// 2. X'X. The rows of each cell and of each tuple are counted, and per cell Σx is summed in
//    double-double (the rounding of every sum carried along); Σxx' is the tuples' x x' times
//    their counts, also in double-double; a fit sums y per cell and per tuple in doubles. X'X
//    of the centred design is assembled from those sums, still in double-double, so it is
//    accurate to about ε² (ε = 2.2e-16): entries between 0/1 columns are counts, exact anyway.
//    Every column is then scaled to a unit-ish diagonal by a power of two (exact).
// 3. Collinearity, as lm's QR (LINPACK dqrdc2) does it: columns in order, a column dropped when
//    what is left of it after the earlier kept columns are projected out is small against its
//    original norm. The Cholesky pivot of column j is that squared length, ||x_j − P x_j||², so
//    the test is pivot ≤ (1e-7)² · ||x_j||² with ||x_j|| the norm of the column as given (not
//    centred, not scaled): lm's and fitOls's 1e-7 on the column norm. A pivot from Cholesky
//    arithmetic is a difference of squares, with a rounding error of order k·ε of the column's
//    squared norm, which is as large as the threshold itself (1e-14): exactly collinear columns
//    come out anywhere between −1e-14 and 2e-14. So a pivot within reach of the threshold
//    (below 1e-6 of the diagonal, or 100 times the threshold) is recomputed as the quadratic
//    form x_j'x_j − 2c'X'x_j + c'X'Xc in double-double (accuratePivot): that form is
//    stationary at the least-squares c, so the recomputed pivot is as accurate as X'X, about ε²
//    of the squared norm, as good as QR's column norm. With that, a column is dropped exactly
//    when lm would drop it, short of a column whose remaining norm ratio is so close to 1e-7
//    that rounding decides it, for either method.
// 4. Refinement (corrected semi-normal equations): residuals r = y − Xb in a pass, the same
//    Cholesky solve with X'r, added to b; repeated while the correction is above 1e-13 of the
//    largest coefficient (for a well-conditioned design the first pass already finds it below,
//    and is the only one). Each step multiplies the error by about cond(X'X)·ε, so the
//    estimates reach the accuracy of a QR solve, not the cond(X)² ε of plain normal equations.
// 5. The focal coefficient's row a of (X'X)⁻¹ is never formed. By Frisch–Waugh–Lovell,
//    a·x_i = w_i / Σ w², with w the residuals of the focal column regressed (in the same
//    passes, with the same refinement) on the other kept columns. HC2 and CR1 of the focal
//    coefficient need, per row, only û_i, w_i and the leverage h_i = x_i'(X'X)⁻¹x_i, so each
//    pass sums Σ w²û²/(1 − h) and, per cluster, Σ ûw, and the last pass leaves them ready for
//    hc2Focal (heteroskedasticity-robust.ts) and clusterHc1Focal (cluster-robust.ts). No array
//    of n is kept unless asked for (keepRows): on a million rows every fresh 8 MB array costs
//    page faults as well as memory.
//
// Memory: a cell and a tuple number per row (4 bytes, 8 past 65,535 cells or tuples), per cell
// a few dozen numbers, per tuple a few: with a continuous numeric covariate, a few dozen bytes
// a row while a fit runs.

import type { ClusterCodes } from './cluster-robust.js';
import { productError } from './product-error.js';

/**
 * Full-length columns, one entry per row, dictionary-coded as the survey table holds them: a
 * code per row and, per code, its number or level (a million rows of ages are 1 MB of codes and
 * a few hundred numbers, not 8 MB). A row enters the model when it is among `rows`, every
 * numeric is a number, every level is one (not negative) and y is a number: the complete cases.
 */
export interface SparseDesign {
  /** Positions of the rows that may enter the model, in increasing order; all rows when absent. */
  rows?: Int32Array;
  /** Numeric columns: row r's value is valueOf[codes[r]]; NaN where missing. */
  numeric: readonly { codes: RowCodes; valueOf: Float64Array }[];
  /**
   * Categorical columns: row r's level is levelOf[codes[r]]; level 0 is the reference (no
   * column), levels 1..levels−1 get one 0/1 column each; negative where missing.
   */
  categorical: readonly { codes: RowCodes; levelOf: Int32Array; levels: number }[];
  /** The column of interest (0/1), placed last so that it is the one dropped if collinear; as long as the columns. */
  focal: Uint8Array;
}

/** A code per row (the survey table's column codes). */
export type RowCodes = Uint8Array | Uint16Array | Uint32Array;

export interface SparseOlsOptions {
  /**
   * The cluster of each row (full length; code < count): the fit then sums û_i w_i per cluster,
   * all CR1 needs (cluster-robust.ts clusterHc1Focal), unless a row in the model has none (a
   * negative code).
   */
  clusters?: { codes: ClusterCodes; count: number };
  /** Keep the residuals, focal residuals and leverages row by row (24 bytes a row; tests use them). */
  keepRows?: boolean;
}

export interface SparseOlsFit {
  /** Positions of the kept columns, numbered as the dense design would be: intercept, numerics, dummies, focal. */
  kept: number[];
  /** Coefficients of the kept columns, in the original units of the columns. */
  coef: number[];
  n: number;
  /** As OlsFit.perfectFit: Σ û² ≤ 1e-20 · Σ y². */
  perfectFit: boolean;
  /** Position of the focal column among `kept`, or −1 when it was dropped as collinear. */
  focalAt: number;
  /**
   * Σ w², w the focal column's residuals after regressing it on the other kept columns: row i's
   * weight in the focal coefficient is w_i / Σ w² (Frisch–Waugh–Lovell). 0 when it was dropped.
   */
  focalSumSquares: number;
  /** Σ w_i² û_i² / (1 − h_ii) over the rows whose leverage is below 1 − √ε. */
  hc2Sum: number;
  /** The largest w_i² among rows whose leverage is within √ε of 1 (0 if none): see hc2Focal. */
  leverageOneWeight: number;
  /** With options.clusters (null if a row has none): Σ û_i w_i per cluster, and how many rows each cluster has here. */
  clusterSums: Float64Array | null;
  clusterRows: Int32Array | null;
  /** With options.keepRows: û, w (null when the focal column was dropped) and h, one per row. */
  residuals: Float64Array | null;
  focalResiduals: Float64Array | null;
  leverages: Float64Array | null;
}

/**
 * 1 − h at most this many rounding units per parameter is 1 to rounding: h is a sum of about k
 * terms of the fit's own size, so its error is a small multiple of kε. (√ε, car::hccm's cut,
 * refused real rows: one covariate value of 1e5 among small ones gives 1 − h ≈ 2e-9 with a
 * finite HC2 that estimatr and exact arithmetic agree on.)
 */
export const LEVERAGE_ONE_ULPS = 100;
const COLLINEARITY_TOLERANCE = 1e-7;
/** A refinement step smaller than this, relative to the largest coefficient, is not worth a pass. */
const REFINEMENT_STOP = 1e-13;
const MAX_PASSES = 4;

/** Number of columns of the dense equivalent: intercept, numerics, dummies, focal. */
export function sparseColumnCount(design: SparseDesign): number {
  return 2 + design.numeric.length + design.categorical.reduce((s, c) => s + Math.max(c.levels - 1, 0), 0);
}

/** A design made ready for fitting several outcomes: what does not depend on y, done once. */
export interface PreparedSparseOls {
  /** The fit of y (full length), as fitSparseOls gives it. */
  fit(y: Float64Array): SparseOlsFit;
}

/**
 * Fits y (full length) on the design over its complete cases (a row where y is NaN is left out,
 * as is one with a missing covariate): normal equations in double-double, Cholesky with lm's
 * column dropping, refinement to QR accuracy, the focal column's Frisch–Waugh residuals and the
 * leverages (see the file header). For several outcomes on one design, prepareSparseOls once
 * and fit each.
 *
 * @example fitSparseOls({ rows: Int32Array.of(0, 1, 2, 3), numeric: [], categorical: [], focal: Uint8Array.of(0, 0, 1, 1) }, Float64Array.of(1, 2, 3, 5)).coef // [1.5, 2.5]
 */
export function fitSparseOls(design: SparseDesign, y: Float64Array, options: SparseOlsOptions = {}): SparseOlsFit {
  return prepareSparseOls(design, options).fit(y);
}

/**
 * What a fit does not need y for, done once for all the outcomes of a design: each complete
 * row's cell and value tuple, the rows of each, and each cell's Σx.
 */
export function prepareSparseOls(design: SparseDesign, options: SparseOlsOptions = {}): PreparedSparseOls {
  const { numeric, categorical, focal } = design;
  const columns = sparseColumnCount(design);
  const { cells, tuples } = numberRows(design);
  const counts = emptyCounts(cells.count, tuples.count, numeric.length);
  addRows(null, 0, cells.of, tuples, counts, 1);

  // The 0/1 columns of each cell: intercept, one dummy per categorical level ≠ 0, focal if ≠ 0.
  const firstDummy = new Int32Array(categorical.length);
  {
    let column = 1 + numeric.length;
    categorical.forEach((c, j) => {
      firstDummy[j] = column - 1; // level ℓ ≥ 1 is column firstDummy[j] + ℓ
      column += Math.max(c.levels - 1, 0);
    });
  }
  const width = categorical.length + 2;
  const cellColumns = new Int32Array(cells.count * width).fill(-1);
  const cellValues = new Float64Array(cells.count * width); // 1, or the focal value
  const cellFocal = new Float64Array(cells.count);
  for (let g = 0; g < cells.count; g++) {
    const r = cells.first[g]!;
    let m = g * width;
    cellColumns[m] = 0;
    cellValues[m++] = 1;
    for (let j = 0; j < categorical.length; j++) {
      const code = categorical[j]!.levelOf[categorical[j]!.codes[r]!]!;
      if (code > 0) {
        cellColumns[m] = firstDummy[j]! + code;
        cellValues[m++] = 1;
      }
    }
    const f = focal[r]!;
    cellFocal[g] = f;
    if (f !== 0) {
      cellColumns[m] = columns - 1;
      cellValues[m++] = f;
    }
  }
  const prepared: Prepared = {
    p: numeric.length,
    columns,
    cells,
    tuples,
    counts,
    width,
    cellColumns,
    cellValues,
    cellFocal,
    options,
    exactProducts: exactTupleProducts(tuples.keys, cells.rows),
  };
  return { fit: (y) => fitPrepared(prepared, y) };
}

interface Prepared {
  /** Numeric columns. */
  p: number;
  columns: number;
  cells: Cells;
  tuples: Tuples;
  /** Over all the rows in the design. */
  counts: Counts;
  /** Per cell, `width` slots: the columns of its 0/1 part (−1 after the last) and their values. */
  width: number;
  cellColumns: Int32Array;
  cellValues: Float64Array;
  /** The focal value of each cell's rows. */
  cellFocal: Float64Array;
  options: SparseOlsOptions;
  /** Every Σ rows_t · x_tj x_tk is exact in plain doubles (see exactTupleProducts). */
  exactProducts: boolean;
}

/**
 * Whether the numeric values are whole numbers small enough that every product of two, times a
 * count of rows, and every sum of such terms is a whole number below 2^53, so exact in plain
 * doubles (ages and years of service: 1e6 rows · 100² is 1e10). The double-double sum of the
 * same terms then has a low part of exactly 0 and the same high part, so it can be skipped: the
 * same numbers, without the error terms that cost most when a small survey runs them cold.
 */
function exactTupleProducts(values: Float64Array, rows: number): boolean {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) return false;
    largest = Math.max(largest, Math.abs(v));
  }
  return rows * largest * largest < 2 ** 53;
}

function fitPrepared(prepared: Prepared, y: Float64Array): SparseOlsFit {
  const { p, columns, cells, tuples, width, cellColumns, cellValues, options } = prepared;
  const cellCount = cells.count;
  const tupleCount = tuples.count;
  const values = tuples.keys; // the numerics of tuple t at t·p
  const focalColumn = columns - 1;
  let start = 0;
  while (start < cells.of.length && (cells.of[start] === 0 || Number.isNaN(y[start]!))) start++;
  const y0 = start < cells.of.length ? y[start]! : 0;

  // Σ(y − y0) per cell and per tuple, and the counts without the rows where y is NaN.
  const { cellY, tupleY, ySquares, absent, absentCount } = sumY(cells.of, tuples.of, y, y0, cellCount, tupleCount);
  const counts = copyCounts(prepared.counts);
  addRows(absent, absentCount, cells.of, tuples, counts, -1);
  const { cellRows, tupleRows, cellSumX, cellSumXLow } = counts;
  const n = cells.rows - absentCount;

  // Means of the numerics, their sums and cross-products over the rows (double-double), and
  // the raw squared norms the collinearity test compares with.
  const center = new Float64Array(p);
  const rawSquares = new Float64Array(columns);
  const sumX: Dd[] = [];
  for (let j = 0; j < p; j++) {
    let high = 0;
    let low = 0;
    for (let g = 0; g < cellCount; g++) {
      ddSum(high, low, cellSumX[g * p + j]!, cellSumXLow[g * p + j]!);
      high = DD[0]!;
      low = DD[1]!;
    }
    const sum: Dd = [high, low];
    sumX.push(sum);
    center[j] = n > 0 ? (sum[0] + sum[1]) / n : 0;
  }
  const sumXX: Dd[] = []; // (j ≤ k) pairs in row-major order
  for (let j = 0; j < p; j++) {
    for (let k = j; k < p; k++) {
      // Σ_t rows_t · x_tj x_tk: the exact product, times a count (exact split), two-sum.
      let high = 0;
      let low = 0;
      if (prepared.exactProducts) {
        for (let t = 0; t < tupleCount; t++) high += tupleRows[t]! * values[t * p + j]! * values[t * p + k]!;
        sumXX.push([high, low]);
        if (k === j) rawSquares[1 + j] = high + low;
        continue;
      }
      for (let t = 0; t < tupleCount; t++) {
        const count = tupleRows[t]!;
        const a = values[t * p + j]!;
        const b = values[t * p + k]!;
        const product = a * b;
        const term = product * count;
        const termError = productError(product, count, term) + productError(a, b, product) * count;
        const sum = high + term;
        const z = sum - high;
        low += high - (sum - z) + (term - z) + termError;
        high = sum;
      }
      sumXX.push([high, low]);
      if (k === j) rawSquares[1 + j] = high + low;
    }
  }

  // X'X (upper triangle, high and low parts) and X'y of the centred design, from the cells and tuples.
  const gram = new Float64Array(columns * columns);
  const gramLow = new Float64Array(columns * columns);
  const xty = new Float64Array(columns);
  const addTo = (a: number, b: number, value: Dd) => addToGram(a, b, value[0], value[1]);
  // Adds high + low to X'X entry (a, b), in double-double (ddAdd's arithmetic, without arrays).
  const addToGram = (a: number, b: number, high: number, low: number) => {
    const e = a <= b ? a * columns + b : b * columns + a;
    ddSum(gram[e]!, gramLow[e]!, high, low);
    gram[e] = DD[0]!;
    gramLow[e] = DD[1]!;
  };
  // Centred numeric sums of a cell, Σ(x_j − m_j), high and low parts.
  const sumsHigh = new Float64Array(p);
  const sumsLow = new Float64Array(p);
  for (let g = 0; g < cellCount; g++) {
    const rowsInCell = cellRows[g]!;
    const ySum = cellY[g]!;
    const base = g * width;
    for (let j = 0; j < p; j++) {
      ddProduct(-rowsInCell, 0, center[j]!);
      ddSum(cellSumX[g * p + j]!, cellSumXLow[g * p + j]!, DD[0]!, DD[1]!);
      sumsHigh[j] = DD[0]!;
      sumsLow[j] = DD[1]!;
    }
    for (let a = 0; a < width; a++) {
      const ca = cellColumns[base + a]!;
      if (ca < 0) break;
      const va = cellValues[base + a]!;
      for (let b = a; b < width; b++) {
        const cb = cellColumns[base + b]!;
        if (cb < 0) break;
        gram[ca * columns + cb] = gram[ca * columns + cb]! + rowsInCell * va * cellValues[base + b]!; // a count: exact
      }
      for (let j = 0; j < p; j++) {
        ddProduct(sumsHigh[j]!, sumsLow[j]!, va);
        addToGram(ca, 1 + j, DD[0]!, DD[1]!);
      }
      xty[ca] = xty[ca]! + va * ySum;
    }
  }
  for (let j = 0, pair = 0; j < p; j++) {
    // Σ(x_j − m_j) over the rows, then Σ(x_j − m_j)(x_k − m_k) = Σ x_j x_k − m_k Σ(x_j − m_j) − m_j Σ x_k.
    const centred = ddAdd(sumX[j]!, ddMul([-n, 0], center[j]!));
    for (let k = j; k < p; k++, pair++) {
      let moment = sumXX[pair]!;
      moment = ddAdd(moment, ddMul(centred, -center[k]!));
      moment = ddAdd(moment, ddMul(sumX[k]!, -center[j]!));
      addTo(1 + j, 1 + k, moment);
    }
    let s = 0;
    for (let t = 0; t < tupleCount; t++) s += (values[t * p + j]! - center[j]!) * tupleY[t]!;
    xty[1 + j] = s;
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
    if (pivot <= 1e-6 * diagonal + 100 * threshold) pivot = accuratePivot(j, kept, row, lower, columns, scaled, scaledLow);
    if (!(pivot > threshold)) continue;
    const base = k * columns;
    for (let a = 0; a < k; a++) lower[base + a] = row[a]!;
    lower[base + k] = Math.sqrt(pivot);
    kept.push(j);
  }
  const k = kept.length;
  const focalAt = kept[k - 1] === focalColumn ? k - 1 : -1;
  const hasFocal = focalAt >= 0;
  const kOther = hasFocal ? k - 1 : 0;

  // (X'X)⁻¹ of the kept, scaled columns, spread over all columns (0 where dropped).
  const bread = new Float64Array(columns * columns);
  {
    const inverse = new Float64Array(k * k); // L⁻¹, lower
    for (let col = 0; col < k; col++) {
      inverse[col * k + col] = 1 / lower[col * columns + col]!;
      for (let i = col + 1; i < k; i++) {
        let s = 0;
        for (let m = col; m < i; m++) s -= lower[i * columns + m]! * inverse[m * k + col]!;
        inverse[i * k + col] = s / lower[i * columns + i]!;
      }
    }
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        let s = 0;
        for (let m = b; m < k; m++) s += inverse[m * k + a]! * inverse[m * k + b]!;
        bread[kept[a]! * columns + kept[b]!] = s;
        bread[kept[b]! * columns + kept[a]!] = s;
      }
    }
  }

  // Initial solves in the scaled coordinates: b for y on all kept columns, c for the focal
  // column on the others; spread over all columns (0 where dropped).
  let b = cholSolve(lower, columns, k, Float64Array.from(kept, (column) => xty[column]! * scale[column]!));
  let c = hasFocal ? cholSolve(lower, columns, kOther, Float64Array.from(kept.slice(0, kOther), (column) => gram[column * columns + focalColumn]! * scale[column]!)) : new Float64Array(0);
  const spread = (reduced: Float64Array) => {
    const full = new Float64Array(columns);
    reduced.forEach((v, a) => (full[kept[a]!] = v));
    return full;
  };

  // Per cell, in scaled coordinates (CELL_* fields, CELL_CROSS + j for r_j): the 0/1 part's
  // value v_g, its share of the leverage, q = v_g'B v_g, and twice r_j = (B v_g)_j for the
  // numeric columns. Per tuple (TUPLE_* fields, TUPLE_X + j for x_j): its centred, scaled values
  // x and its share of the leverage, x'B_num x. A row's leverage is then
  // q_cell + x'B_num x + 2 x'r_cell. One row of numbers per cell and per tuple, so that a row
  // of the data reads two places, not a dozen arrays.
  const cellStride = CELL_CROSS + p;
  const tupleStride = TUPLE_X + p;
  const cellPart = new Float64Array(cellCount * cellStride);
  const tuplePart = new Float64Array(tupleCount * tupleStride);
  for (let g = 0; g < cellCount; g++) {
    const base = g * width;
    const at = g * cellStride;
    let q = 0;
    for (let a = 0; a < width; a++) {
      const ca = cellColumns[base + a]!;
      if (ca < 0) break;
      const va = cellValues[base + a]! * scale[ca]!;
      for (let b2 = 0; b2 < width; b2++) {
        const cb = cellColumns[base + b2]!;
        if (cb < 0) break;
        q += va * cellValues[base + b2]! * scale[cb]! * bread[ca * columns + cb]!;
      }
      for (let j = 0; j < p; j++) cellPart[at + CELL_CROSS + j] = cellPart[at + CELL_CROSS + j]! + 2 * va * bread[(1 + j) * columns + ca]!;
    }
    cellPart[at + CELL_QUADRATIC] = q;
  }
  for (let t = 0; t < tupleCount; t++) {
    const at = t * tupleStride;
    for (let j = 0; j < p; j++) tuplePart[at + TUPLE_X + j] = (values[t * p + j]! - center[j]!) * scale[1 + j]!;
    let h = 0;
    for (let j = 0; j < p; j++) {
      const xj = tuplePart[at + TUPLE_X + j]!;
      let s = xj * bread[(1 + j) * columns + 1 + j]!;
      for (let m = j + 1; m < p; m++) s += 2 * tuplePart[at + TUPLE_X + m]! * bread[(1 + j) * columns + 1 + m]!;
      h += xj * s;
    }
    tuplePart[at + TUPLE_QUADRATIC] = h;
  }
  // Each cell's and each tuple's share of the fitted value (v·b, x·b) and of the focal column's
  // fitted value (the same with c, which has no focal column); a cell keeps the focal value less
  // its share.
  const refit = (bFull: Float64Array, cFull: Float64Array) => {
    for (let g = 0; g < cellCount; g++) {
      const base = g * width;
      let fit = 0;
      let focalFit = 0;
      for (let a = 0; a < width; a++) {
        const ca = cellColumns[base + a]!;
        if (ca < 0) break;
        const va = cellValues[base + a]! * scale[ca]!;
        fit += va * bFull[ca]!;
        if (ca !== focalColumn) focalFit += va * cFull[ca]!;
      }
      cellPart[g * cellStride + CELL_FIT] = fit;
      cellPart[g * cellStride + CELL_FOCAL_RESIDUAL] = prepared.cellFocal[g]! - focalFit;
    }
    for (let t = 0; t < tupleCount; t++) {
      const at = t * tupleStride;
      let fit = 0;
      let focalFit = 0;
      for (let j = 0; j < p; j++) {
        fit += tuplePart[at + TUPLE_X + j]! * bFull[1 + j]!;
        focalFit += tuplePart[at + TUPLE_X + j]! * cFull[1 + j]!;
      }
      tuplePart[at + TUPLE_FIT] = fit;
      tuplePart[at + TUPLE_FOCAL_FIT] = focalFit;
    }
  };

  // Refinement passes. Each also sums what HC2 and CR1 need, so the last one leaves them ready.
  const keep = options.keepRows === true;
  const residuals = keep ? new Float64Array(n) : null;
  const focalResiduals = keep && hasFocal ? new Float64Array(n) : null;
  const leverages = keep ? new Float64Array(n) : null;
  let sums: PassSums;
  for (let pass = 1; ; pass++) {
    refit(spread(b), spread(c));
    const input: PassInput = {
      cellOf: cells.of,
      tupleOf: tuples.of,
      y,
      hasFocal,
      p,
      cellPart,
      tuplePart,
      clusters: hasFocal ? (options.clusters ?? null) : null,
      residuals,
      focalResiduals,
      leverages,
    };
    sums = residualPass(input, y0, LEVERAGE_ONE_ULPS * kept.length * Number.EPSILON);
    // X'r and X_other'w from the per-cell and per-tuple sums, reduced to the kept columns.
    const gy = new Float64Array(columns);
    const gf = new Float64Array(columns);
    for (let g = 0; g < cellCount; g++) {
      const base = g * width;
      for (let a = 0; a < width; a++) {
        const ca = cellColumns[base + a]!;
        if (ca < 0) break;
        const va = cellValues[base + a]! * scale[ca]!;
        gy[ca] = gy[ca]! + va * sums.cellSums[2 * g]!;
        if (ca !== focalColumn) gf[ca] = gf[ca]! + va * sums.cellSums[2 * g + 1]!;
      }
    }
    for (let t = 0; t < tupleCount; t++) {
      for (let j = 0; j < p; j++) {
        gy[1 + j] = gy[1 + j]! + tuplePart[t * tupleStride + TUPLE_X + j]! * sums.tupleSums[2 * t]!;
        gf[1 + j] = gf[1 + j]! + tuplePart[t * tupleStride + TUPLE_X + j]! * sums.tupleSums[2 * t + 1]!;
      }
    }
    const db = cholSolve(lower, columns, k, Float64Array.from(kept, (column) => gy[column]!));
    const dc = cholSolve(lower, columns, kOther, Float64Array.from(kept.slice(0, kOther), (column) => gf[column]!));
    const settled = maxAbs(db) <= REFINEMENT_STOP * maxAbs(b) && maxAbs(dc) <= REFINEMENT_STOP * maxAbs(c);
    if (settled || pass === MAX_PASSES) break;
    b = b.map((v, a) => v + db[a]!);
    c = c.map((v, a) => v + dc[a]!);
  }

  // Back to the columns' own units; the intercept absorbs the centring and the shift of y.
  const coef = kept.map((column, at) => b[at]! * scale[column]!);
  if (kept[0] === 0) {
    let intercept = y0 + coef[0]!;
    kept.forEach((column, at) => {
      if (column >= 1 && column <= p) intercept -= coef[at]! * center[column - 1]!;
    });
    coef[0] = intercept;
  }
  return {
    kept,
    coef,
    n,
    perfectFit: sums.rss <= 1e-20 * ySquares,
    focalAt,
    focalSumSquares: hasFocal ? sums.focalSumSquares : 0,
    hc2Sum: sums.hc2Sum,
    leverageOneWeight: sums.leverageOneWeight,
    clusterSums: sums.clusterSums,
    clusterRows: sums.clusterRows,
    residuals,
    focalResiduals,
    leverages,
  };
}

// The fields of a cell's and a tuple's row of numbers in a residual pass.
const CELL_FIT = 0;
const CELL_FOCAL_RESIDUAL = 1;
const CELL_QUADRATIC = 2;
const CELL_CROSS = 3;
const TUPLE_FIT = 0;
const TUPLE_FOCAL_FIT = 1;
const TUPLE_QUADRATIC = 2;
const TUPLE_X = 3;

/**
 * What a residual pass reads: the rows, and the current fit per cell and per tuple (its
 * numbers, y0 and the leverage-one cut, come as arguments: see BLOCK).
 */
interface PassInput {
  /** Per row, 1 + its cell (0: not in the design), and its tuple. */
  cellOf: RowNumbers;
  tupleOf: RowNumbers;
  /** Full length; rows where it is NaN are not in the model. */
  y: Float64Array;
  hasFocal: boolean;
  /** Numeric columns. */
  p: number;
  /** Per cell CELL_CROSS + p numbers, per tuple TUPLE_X + p (fitPrepared). */
  cellPart: Float64Array;
  tuplePart: Float64Array;
  /** Cluster sums are null when a row in the model has a code < 0. */
  clusters: { codes: ClusterCodes; count: number } | null;
  /** Written when given: û, w and h per row in the model. */
  residuals: Float64Array | null;
  focalResiduals: Float64Array | null;
  leverages: Float64Array | null;
}

interface PassSums {
  rss: number;
  focalSumSquares: number;
  /** Σû and Σw per cell and per tuple (at 2g, 2g + 1): the pieces of X'û and X'w. */
  cellSums: Float64Array;
  tupleSums: Float64Array;
  hc2Sum: number;
  leverageOneWeight: number;
  clusterSums: Float64Array | null;
  clusterRows: Int32Array | null;
}

/**
 * One pass over the rows: residuals û of y and w of the focal column, their sums per cell and
 * per tuple; and, with the leverage h = q_cell + q_tuple + 2x'r_cell, the HC2 and CR1 sums of
 * the focal coefficient; 1 − h at or below leverageOne is leverage one.
 */
function residualPass(input: PassInput, y0: number, leverageOne: number): PassSums {
  const { cellOf, tupleOf, y, hasFocal, p, cellPart, tuplePart, residuals, focalResiduals, leverages } = input;
  const clusterCodes = input.clusters ? input.clusters.codes : null;
  const totals = new Float64Array(TOTALS);
  const cellSums = new Float64Array((2 * cellPart.length) / (CELL_CROSS + p));
  const tupleSums = new Float64Array((2 * tuplePart.length) / (TUPLE_X + p));
  const clusterSums = new Float64Array(input.clusters ? input.clusters.count : 0);
  const clusterRows = new Int32Array(input.clusters ? input.clusters.count : 0);
  for (let from = 0; from < cellOf.length; from += BLOCK) {
    const to = Math.min(from + BLOCK, cellOf.length);
    residualBlock(from, to, y0, leverageOne, p, hasFocal, cellOf, tupleOf, y, cellPart, tuplePart, clusterCodes, totals, cellSums, tupleSums, clusterSums, clusterRows, residuals, focalResiduals, leverages);
  }
  const clustered = clusterCodes !== null && totals[UNCLUSTERED] === 0;
  return {
    rss: totals[RSS]!,
    focalSumSquares: totals[FOCAL_SUM_SQUARES]!,
    cellSums,
    tupleSums,
    hc2Sum: totals[HC2_SUM]!,
    leverageOneWeight: totals[LEVERAGE_ONE_WEIGHT]!,
    clusterSums: clustered ? clusterSums : null,
    clusterRows: clustered ? clusterRows : null,
  };
}

/**
 * Rows per call of a block function. A pass is many calls, so that its loop is compiled once
 * and stays compiled for every later pass; one call per pass would enter the loop's compiled
 * code anew each time (on-stack replacement) and fall back to the interpreter at its end. And a
 * block function keeps that compiled code only if nothing it was compiled on changes: so it
 * takes every array and number as an argument (a field of an object ties the code to the
 * object's layout, which V8 revises as other objects of the same shape come and go: 3, a small
 * integer, in one pass and 3.2 in the next is enough), and does nothing after its loop (its sums
 * are kept in place, row by row: the loop is compiled before that code has ever run, and
 * without type feedback for it the compiled code would give up there at the end of every call,
 * hundreds of times a pass).
 */
const BLOCK = 4096;

// Where a residual pass keeps its totals.
const RSS = 0;
const FOCAL_SUM_SQUARES = 1;
const HC2_SUM = 2;
const LEVERAGE_ONE_WEIGHT = 3;
/** With rows kept: rows in the model so far (where the next one's û, w and h go). */
const ROWS = 4;
/** 1 once a row in the model has no cluster. */
const UNCLUSTERED = 5;
const TOTALS = 6;

function residualBlock(
  from: number,
  to: number,
  y0: number,
  leverageOne: number,
  p: number,
  hasFocal: boolean,
  cellOf: RowNumbers,
  tupleOf: RowNumbers,
  y: Float64Array,
  cellPart: Float64Array,
  tuplePart: Float64Array,
  clusterCodes: ClusterCodes | null,
  totals: Float64Array,
  cellSums: Float64Array,
  tupleSums: Float64Array,
  clusterSums: Float64Array,
  clusterRows: Int32Array,
  residuals: Float64Array | null,
  focalResiduals: Float64Array | null,
  leverages: Float64Array | null,
): void {
  const cellStride = CELL_CROSS + p;
  const tupleStride = TUPLE_X + p;
  for (let r = from; r < to; r++) {
    const g1 = cellOf[r]!;
    if (g1 === 0) continue;
    const yr = y[r]!;
    if (Number.isNaN(yr)) continue;
    const g = g1 - 1;
    const t = tupleOf[r]!;
    const cell = g * cellStride;
    const tuple = t * tupleStride;
    const u = yr - y0 - cellPart[cell + CELL_FIT]! - tuplePart[tuple + TUPLE_FIT]!;
    let h = cellPart[cell + CELL_QUADRATIC]! + tuplePart[tuple + TUPLE_QUADRATIC]!;
    for (let j = 0; j < p; j++) h += tuplePart[tuple + TUPLE_X + j]! * cellPart[cell + CELL_CROSS + j]!;
    totals[RSS] = totals[RSS]! + u * u;
    cellSums[2 * g] = cellSums[2 * g]! + u;
    tupleSums[2 * t] = tupleSums[2 * t]! + u;
    const w = cellPart[cell + CELL_FOCAL_RESIDUAL]! - tuplePart[tuple + TUPLE_FOCAL_FIT]!;
    if (residuals !== null) {
      const i = totals[ROWS]!; // the row's position among the rows in the model
      totals[ROWS] = i + 1;
      residuals[i] = u;
      leverages![i] = h;
      if (focalResiduals !== null) focalResiduals[i] = w;
    }
    if (hasFocal) {
      const ww = w * w;
      totals[FOCAL_SUM_SQUARES] = totals[FOCAL_SUM_SQUARES]! + ww;
      cellSums[2 * g + 1] = cellSums[2 * g + 1]! + w;
      tupleSums[2 * t + 1] = tupleSums[2 * t + 1]! + w;
      const rest = 1 - h;
      if (rest > leverageOne) totals[HC2_SUM] = totals[HC2_SUM]! + (ww * u * u) / rest;
      else if (ww > totals[LEVERAGE_ONE_WEIGHT]!) totals[LEVERAGE_ONE_WEIGHT] = ww;
      if (clusterCodes !== null) {
        const code = clusterCodes[r]!;
        if (code >= 0) {
          clusterSums[code] = clusterSums[code]! + u * w;
          clusterRows[code] = clusterRows[code]! + 1;
        } else totals[UNCLUSTERED] = 1;
      }
    }
  }
}

/**
 * One pass over y: Σ(y − y0) per cell and per tuple, Σ(y − y0)², and the rows in the design
 * where y is NaN.
 */
function sumY(cellOf: RowNumbers, tupleOf: RowNumbers, y: Float64Array, y0: number, cellCount: number, tupleCount: number) {
  const cellY = new Float64Array(cellCount);
  const tupleY = new Float64Array(tupleCount);
  const ySquares = new Float64Array(1);
  const blockAbsent = new Int32Array(BLOCK);
  let absent = new Int32Array(16);
  let absentCount = 0;
  for (let from = 0; from < cellOf.length; from += BLOCK) {
    const found = sumYBlock(from, Math.min(from + BLOCK, cellOf.length), y0, cellOf, tupleOf, y, cellY, tupleY, ySquares, blockAbsent);
    if (absentCount + found > absent.length) {
      const more = new Int32Array(Math.max(2 * absent.length, absentCount + found));
      more.set(absent.subarray(0, absentCount));
      absent = more;
    }
    absent.set(blockAbsent.subarray(0, found), absentCount);
    absentCount += found;
  }
  return { cellY, tupleY, ySquares: ySquares[0]!, absent, absentCount };
}

/** sumY over rows from..to (see BLOCK); the rows where y is NaN go into `absent`, and their number is returned. */
function sumYBlock(
  from: number,
  to: number,
  y0: number,
  cellOf: RowNumbers,
  tupleOf: RowNumbers,
  y: Float64Array,
  cellY: Float64Array,
  tupleY: Float64Array,
  ySquares: Float64Array,
  absent: Int32Array,
): number {
  let found = 0;
  for (let r = from; r < to; r++) {
    const g1 = cellOf[r]!;
    if (g1 === 0) continue;
    const yr = y[r]!;
    if (Number.isNaN(yr)) {
      absent[found++] = r;
      continue;
    }
    const ys = yr - y0;
    // About the pivot y0, so the perfect-fit test does not depend on where the scores sit.
    ySquares[0] = ySquares[0]! + ys * ys;
    cellY[g1 - 1] = cellY[g1 - 1]! + ys;
    tupleY[tupleOf[r]!] = tupleY[tupleOf[r]!]! + ys;
  }
  return found;
}

/** Rows per cell and per tuple, and per cell Σx of each numeric in double-double (high, low). */
interface Counts {
  cellRows: Float64Array;
  tupleRows: Float64Array;
  cellSumX: Float64Array;
  cellSumXLow: Float64Array;
}

function emptyCounts(cells: number, tuples: number, p: number): Counts {
  return { cellRows: new Float64Array(cells), tupleRows: new Float64Array(tuples), cellSumX: new Float64Array(cells * p), cellSumXLow: new Float64Array(cells * p) };
}

function copyCounts(counts: Counts): Counts {
  return { cellRows: counts.cellRows.slice(), tupleRows: counts.tupleRows.slice(), cellSumX: counts.cellSumX.slice(), cellSumXLow: counts.cellSumXLow.slice() };
}

/**
 * Adds (sign 1) or takes away (sign −1; negation is exact) rows to the counts: every row in the
 * design, or the first `count` of the rows listed in `only`.
 */
function addRows(only: Int32Array | null, count: number, cellOf: RowNumbers, tuples: Tuples, counts: Counts, sign: 1 | -1): void {
  const { cellRows, tupleRows, cellSumX, cellSumXLow } = counts;
  const p = tuples.width;
  const values = tuples.keys;
  const end = only === null ? cellOf.length : count;
  for (let k = 0; k < end; k++) {
    const r = only === null ? k : only[k]!;
    const g1 = cellOf[r]!;
    if (g1 === 0) continue;
    const g = g1 - 1;
    const t = tuples.of[r]!;
    cellRows[g] = cellRows[g]! + sign;
    tupleRows[t] = tupleRows[t]! + sign;
    for (let j = 0; j < p; j++) {
      // Σ x_j in double-double (two-sum).
      const x = sign * values[t * p + j]!;
      const e = g * p + j;
      const high = cellSumX[e]!;
      const sum = high + x;
      const z = sum - high;
      cellSumXLow[e] = cellSumXLow[e]! + (high - (sum - z)) + (x - z);
      cellSumX[e] = sum;
    }
  }
}

/**
 * A number per row, as narrow as the numbers allow: two bytes a row unless there are more than
 * 65,535 (a fresh array costs its page faults as well as its memory).
 */
type RowNumbers = Uint16Array | Int32Array;

/** Per row, 1 + its cell (0 when the row is not in the design); a row of each cell; how many rows are in. */
interface Cells {
  of: RowNumbers;
  count: number;
  first: Int32Array;
  rows: number;
}

/** Per row in the design, its tuple; each tuple's numbers (`width` at tuple·width). */
interface Tuples {
  of: RowNumbers;
  count: number;
  width: number;
  keys: Float64Array;
}

/**
 * Files every complete row under its cell and its tuple, numbered in order of first
 * appearance. A cell is the focal value and the level of each categorical, as one mixed-radix
 * number; a tuple is the numerics (−0 read as 0), as one mixed-radix number too when they are
 * all whole numbers in short ranges (ages, years of service). Either is looked up directly
 * when there are at most DIRECT such numbers, else hashed (cells as a tuple of as few numbers
 * below 2^53 as hold them: one, unless the categoricals have very many levels between them).
 */
function numberRows(design: SparseDesign): { cells: Cells; tuples: Tuples } {
  const { rows, numeric, categorical, focal } = design;
  const length = focal.length;
  const p = numeric.length;
  const codes = categorical.map((c) => c.codes);
  const levelOf = categorical.map((c) => c.levelOf);
  const numericCodes = numeric.map((c) => c.codes);
  const valueOf = numeric.map((c) => c.valueOf);
  const q = codes.length;
  const focalValues = largest(focal) + 1;
  const radix = Float64Array.from(categorical, (c) => Math.max(c.levels, 1));
  const group = new Int32Array(q); // the number that holds categorical j
  const opens = new Uint8Array(q); // j is the first in its number
  let groups = 1;
  let cellNumbers = focalValues;
  for (let j = 0, product = focalValues; j < q; j++) {
    cellNumbers *= radix[j]!;
    if (product * radix[j]! > 2 ** 53) {
      groups++;
      product = 1;
      opens[j] = 1;
    }
    product *= radix[j]!;
    group[j] = groups - 1;
  }
  const cellTable = cellNumbers <= DIRECT ? new DirectTable(cellNumbers) : new TupleTable(groups);
  const cellKey = cellTable.key;
  // Whole-number numerics: their lowest values and the width of their ranges (0: not whole).
  const low = new Float64Array(p);
  const span = new Float64Array(p);
  let tupleNumbers = 1;
  for (let j = 0; j < p; j++) {
    const range = wholeRange(valueOf[j]!);
    low[j] = range[0]!;
    span[j] = range[1]!;
    tupleNumbers *= range[1]!;
  }
  const direct = tupleNumbers > 0 && tupleNumbers <= DIRECT;
  const tupleTable = direct ? new DirectTable(tupleNumbers) : new TupleTable(p);
  const tupleKey = tupleTable.key;
  let cellOf: RowNumbers = new Uint16Array(length);
  let tupleOf: RowNumbers = new Uint16Array(length);
  const cellFirst: number[] = [];
  const tupleFirst: number[] = [];
  let inDesign = 0;
  const end = rows ? rows.length : length;
  rows: for (let i = 0; i < end; i++) {
    const r = rows ? rows[i]! : i;
    cellKey[0] = focal[r]!;
    for (let j = 0; j < q; j++) {
      const code = levelOf[j]![codes[j]![r]!]!;
      if (code < 0) continue rows;
      const at = group[j]!;
      cellKey[at] = (opens[j] === 1 ? 0 : cellKey[at]! * radix[j]!) + code;
    }
    if (direct) tupleKey[0] = 0;
    for (let j = 0; j < p; j++) {
      const x = valueOf[j]![numericCodes[j]![r]!]!;
      if (Number.isNaN(x)) continue rows;
      if (direct) tupleKey[0] = tupleKey[0]! * span[j]! + (x - low[j]!);
      else tupleKey[j] = x + 0;
    }
    const g = cellTable.number();
    if (g === cellFirst.length) cellFirst.push(r);
    const t = tupleTable.number();
    if (t === tupleFirst.length) tupleFirst.push(r);
    if (g + 1 > 0xffff && cellOf instanceof Uint16Array) cellOf = Int32Array.from(cellOf);
    if (t > 0xffff && tupleOf instanceof Uint16Array) tupleOf = Int32Array.from(tupleOf);
    cellOf[r] = g + 1;
    tupleOf[r] = t;
    inDesign++;
  }
  const keys = new Float64Array(tupleFirst.length * p);
  tupleFirst.forEach((r, t) => numeric.forEach((c, j) => (keys[t * p + j] = c.valueOf[c.codes[r]!]! + 0)));
  return {
    cells: { of: cellOf, count: cellTable.count, first: Int32Array.from(cellFirst), rows: inDesign },
    tuples: { of: tupleOf, count: tupleTable.count, width: p, keys },
  };
}

function largest(values: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/**
 * [lowest value, number of whole numbers from it to the highest] of a column's numbers (NaN
 * skipped), or [0, 0] when one is not a whole number or the range is longer than DIRECT. Read
 * per code, so a cell of the dictionary that no row has may widen the range (or make it not
 * whole): the look-up is then larger, or hashed, and numbers the same tuples.
 */
function wholeRange(values: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    if (x !== Math.floor(x) || !Number.isFinite(x)) return [0, 0];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (min > max) return [0, 1]; // no numbers
  return max - min + 1 <= DIRECT ? [min, max - min + 1] : [0, 0];
}

/** Cells or tuples are looked up in a table of every possible one when there are at most this many. */
const DIRECT = 1 << 16;

/** Numbers for small non-negative integers (written into key[0]), by direct look-up. */
class DirectTable {
  readonly key = new Float64Array(1);
  count = 0;
  private readonly numbers: Int32Array;

  constructor(size: number) {
    this.numbers = new Int32Array(size).fill(-1);
  }

  number(): number {
    const k = this.key[0]!;
    let t = this.numbers[k]!;
    if (t < 0) {
      t = this.count++;
      this.numbers[k] = t;
    }
    return t;
  }
}

/**
 * An open-addressing hash table (load ≤ ½) of tuples of numbers, hashed by their bits: the
 * caller writes a tuple into `key` and asks for its number.
 */
class TupleTable {
  readonly key: Float64Array;
  count = 0;
  private keys: Float64Array;
  private readonly width: number;
  private readonly bits: Uint32Array;
  private hashes: Int32Array;
  private slots: Int32Array;

  constructor(width: number) {
    this.width = width;
    this.key = new Float64Array(Math.max(width, 1));
    this.bits = new Uint32Array(this.key.buffer);
    this.keys = new Float64Array(64 * width);
    this.hashes = new Int32Array(64);
    this.slots = new Int32Array(128).fill(-1);
  }

  /** The number of the tuple in `key`, a new one if it was not seen before. */
  number(): number {
    const { key, bits, width, keys } = this;
    let h = 0x811c9dc5;
    for (let w = 0; w < 2 * width; w++) h = Math.imul(h ^ bits[w]!, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (let t = this.slots[slot]!; t >= 0; t = this.slots[slot]!) {
      let same = true;
      for (let j = 0; j < width; j++) {
        if (keys[t * width + j] !== key[j]) {
          same = false;
          break;
        }
      }
      if (same) return t;
      slot = (slot + 1) & mask;
    }
    const t = this.count++;
    if (t === this.hashes.length) this.grow();
    this.keys.set(key.subarray(0, width), t * width);
    this.hashes[t] = h;
    if (2 * this.count > this.slots.length) this.rehash(2 * this.slots.length);
    else this.slots[slot] = t;
    return t;
  }

  private grow(): void {
    const keys = new Float64Array(2 * this.keys.length);
    keys.set(this.keys);
    this.keys = keys;
    const hashes = new Int32Array(2 * this.hashes.length);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let t = 0; t < this.count; t++) {
      let slot = this.hashes[t]! & mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = t;
    }
  }
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

/** A double-double number: high + low, |low| ≤ ulp(high)/2. */
type Dd = [number, number];

function ddAdd(a: Dd, b: Dd): Dd {
  ddSum(a[0], a[1], b[0], b[1]);
  return [DD[0]!, DD[1]!];
}

function ddMul(a: Dd, b: number): Dd {
  ddProduct(a[0], a[1], b);
  return [DD[0]!, DD[1]!];
}

/**
 * Where ddSum and ddProduct leave their result (high, low): the loops over cells call them
 * thousands of times, and a small survey runs them before V8 optimises anything, so returning
 * a fresh pair each time was most of what such a run allocated.
 */
const DD = new Float64Array(2);

/** (aHigh + aLow) + (bHigh + bLow) in double-double, into DD. */
function ddSum(aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  const s = aHigh + bHigh;
  const z = s - aHigh;
  const e = aHigh - (s - z) + (bHigh - z) + aLow + bLow;
  const high = s + e;
  DD[0] = high;
  DD[1] = e - (high - s);
}

/** (aHigh + aLow) · b in double-double, into DD. */
function ddProduct(aHigh: number, aLow: number, b: number): void {
  const p = aHigh * b;
  const e = productError(aHigh, b, p) + aLow * b;
  const high = p + e;
  DD[0] = high;
  DD[1] = e - (high - p);
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
  // sum += (f + fe)·(h + l), to about ε² of the term
  const addTerm = (f: number, fe: number, h: number, l: number) => {
    const x = f * h;
    const xError = productError(f, h, x) + f * l + fe * h;
    const t = sum + x;
    const z = t - sum;
    error += sum - (t - z) + (x - z) + xError;
    sum = t;
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
