// Least squares for a design given by rows rather than by dense columns: an intercept, numeric
// columns, categorical columns dummy-coded against level 0, and a 0/1 "focal" column placed last
// (the `treated` of the covariate-adjusted model, STATISTICS.md §8b). No n × k matrix is built:
// a fit costs three linear passes over the rows (cells, moments, residuals; a fourth when the
// refinement needs it), not the O(n k²) of Householder QR (ols.ts), which stays the method for
// the small dense models.
//
// Cells. Rows with the same level of every categorical covariate and the same focal value share
// the whole 0/1 part of their design row; only the numeric covariates differ. A pass therefore
// files each row under its cell (a hash of its levels) and everything the 0/1 part contributes
// (to X'X, to a residual, to a leverage) is computed once per cell; per row there remain only
// O(covariates) look-ups and O(numerics²) arithmetic. A state × sex × rank × treated design
// has a few hundred cells however many rows it has.
//
// How, and why it keeps QR's digits:
// 1. Centring. Numeric columns are centred on their means and y is shifted by its first value.
//    With an intercept in the model this is a reparametrisation of the same column space: the
//    focal coefficient, the residuals, the leverages and every sandwich built from them are
//    unchanged, and X'X no longer carries the mean² of an income column (1e10) beside its
//    variance.
// 2. X'X. A pass sums, per cell, the rows, Σx and Σxx' of the numerics in
//    double-double (the rounding of every product and sum carried along), and Σy, Σxy in
//    doubles. X'X of the centred design is assembled from those sums, still in double-double,
//    so it is accurate to about ε² (ε = 2.2e-16): entries between 0/1 columns are counts, exact
//    anyway. Every column is then scaled to a unit-ish diagonal by a power of two (exact).
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
//    coefficient need, per row, only û_i, w_i and the leverage h_i = x_i'(X'X)⁻¹x_i
//    (= q_cell + 2x'r_cell + x'B_num x), so each pass sums Σ w²û²/(1 − h) and, per cluster,
//    Σ ûw, and the last pass leaves them ready for hc2Focal (heteroskedasticity-robust.ts) and
//    clusterHc1Focal (cluster-robust.ts). No array of n is kept unless asked for (keepRows): on
//    a million rows every fresh 8 MB array costs page faults as well as memory.
//
// Memory: the row list (the caller's), one cell number per row (4 bytes), and per cell a few
// dozen numbers.

/** Rows of full-length columns, read through `rows` (the complete cases). */
export interface SparseDesign {
  /** Positions in the full-length arrays of the rows that enter the model, in order. */
  rows: Int32Array;
  /** Numeric columns, full length; finite at every row in `rows`. */
  numeric: readonly Float64Array[];
  /**
   * Categorical columns as level codes, full length; code 0 is the reference level (no column),
   * codes 1..levels−1 get one 0/1 column each; 0 ≤ code < levels at every row in `rows`.
   */
  categorical: readonly { codes: Int32Array; levels: number }[];
  /** The column of interest (0/1), placed last so that it is the one dropped if collinear. */
  focal: Uint8Array;
}

export interface SparseOlsOptions {
  /**
   * The cluster of each row (full length, read through `rows`; 0 ≤ code < count at every row
   * used): the fit then sums û_i w_i per cluster, all CR1 needs (cluster-robust.ts clusterHc1Focal).
   */
  clusters?: { codes: Int32Array; count: number };
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
  /** With options.clusters: Σ û_i w_i per cluster, and how many rows each cluster has here. */
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
  /** The fit of y (full length) over the design's rows where y is not NaN, as fitSparseOls. */
  fit(y: Float64Array): SparseOlsFit;
}

/**
 * Fits y (full length, read through design.rows; rows where y is NaN are left out) on the
 * design: normal equations in double-double, Cholesky with lm's column dropping, refinement to
 * QR accuracy, the focal column's Frisch–Waugh residuals and the leverages (see the file
 * header). For several outcomes on one design, prepareSparseOls once and fit each.
 *
 * @example fitSparseOls({ rows: Int32Array.of(0, 1, 2, 3), numeric: [], categorical: [], focal: Uint8Array.of(0, 0, 1, 1) }, Float64Array.of(1, 2, 3, 5)).coef // [1.5, 2.5]
 */
export function fitSparseOls(design: SparseDesign, y: Float64Array, options: SparseOlsOptions = {}): SparseOlsFit {
  return prepareSparseOls(design, options).fit(y);
}

/**
 * The part of a fit that does not depend on y: each row filed under its cell, and per cell the
 * row count and the numerics' Σx and Σxx' in double-double over all of design.rows. A fit then
 * reads y once for Σy and Σxy, takes the rows where y is NaN back out of the cell sums, and
 * makes its residual passes: a few outcomes with nearly the same missing rows share the work.
 */
export function prepareSparseOls(design: SparseDesign, options: SparseOlsOptions = {}): PreparedSparseOls {
  const { rows, numeric, categorical, focal } = design;
  const p = numeric.length;
  const columns = sparseColumnCount(design);
  const { cellOf, first, count: cellCount } = assignCells(rows, categorical.map((c) => c.codes), focal);
  const layout = cellLayout(p);
  const cellSums = new Float64Array(cellCount * layout.stride);
  addCellMoments(rows, cellOf, null, 0, numeric, cellSums, layout, 1);

  // The 0/1 columns of each cell: intercept, one dummy per categorical level ≠ 0, focal if ≠ 0.
  const firstDummy = new Int32Array(categorical.length);
  {
    let column = 1 + p;
    categorical.forEach((c, j) => {
      firstDummy[j] = column - 1; // level ℓ ≥ 1 is column firstDummy[j] + ℓ
      column += Math.max(c.levels - 1, 0);
    });
  }
  const width = categorical.length + 2;
  const cellColumns = new Int32Array(cellCount * width).fill(-1);
  const cellValues = new Float64Array(cellCount * width); // 1, or the focal value
  const cellFocal = new Float64Array(cellCount);
  for (let g = 0; g < cellCount; g++) {
    const r = first[g]!;
    let m = g * width;
    cellColumns[m] = 0;
    cellValues[m++] = 1;
    categorical.forEach(({ codes }, j) => {
      const code = codes[r]!;
      if (code > 0) {
        cellColumns[m] = firstDummy[j]! + code;
        cellValues[m++] = 1;
      }
    });
    cellFocal[g] = focal[r]!;
    if (focal[r]! !== 0) {
      cellColumns[m] = columns - 1;
      cellValues[m++] = focal[r]!;
    }
  }
  const prepared: Prepared = { design, columns, cellCount, cellOf, layout, cellSums, width, cellColumns, cellValues, cellFocal, options };
  return { fit: (y) => fitPrepared(prepared, y) };
}

interface Prepared {
  design: SparseDesign;
  columns: number;
  cellCount: number;
  /** Cell of each of design.rows. */
  cellOf: Int32Array;
  layout: CellLayout;
  /** Per cell: [rows, Σx (p), Σx low (p), Σxx' (pairs), Σxx' low (pairs)] over all of design.rows. */
  cellSums: Float64Array;
  /** Per cell, `width` slots: the columns of its 0/1 part (−1 after the last) and their values. */
  width: number;
  cellColumns: Int32Array;
  cellValues: Float64Array;
  /** The focal value of each cell's rows. */
  cellFocal: Float64Array;
  options: SparseOlsOptions;
}

function fitPrepared(prepared: Prepared, y: Float64Array): SparseOlsFit {
  const { design, columns, cellCount, cellOf, layout, width, cellColumns, cellValues, options } = prepared;
  const { rows, numeric } = design;
  const p = numeric.length;
  const focalColumn = columns - 1;
  let start = 0;
  while (start < rows.length && Number.isNaN(y[rows[start]!]!)) start++;
  const y0 = start < rows.length ? y[rows[start]!]! : 0;

  // The y sums per cell, and the cell sums without the rows where y is NaN.
  const { sumY, sumXY, ySquares, absent, absentCount } = yMoments(rows, cellOf, numeric, y, y0, cellCount);
  const n = rows.length - absentCount;
  const stats = prepared.cellSums.slice();
  addCellMoments(rows, cellOf, absent, absentCount, numeric, stats, layout, -1);

  // Means of the numerics, then each cell's centred moments (double-double), and the raw
  // squared norms the collinearity test compares with.
  const center = new Float64Array(p);
  const rawSquares = new Float64Array(columns);
  for (let j = 0; j < p; j++) {
    let sum: Dd = [0, 0];
    let squares: Dd = [0, 0];
    for (let g = 0; g < cellCount; g++) {
      const at = g * layout.stride;
      sum = ddAdd(sum, [stats[at + layout.sumX + j]!, stats[at + layout.sumXLow + j]!]);
      const jj = at + layout.sumXX + pairIndex(j, j, p);
      squares = ddAdd(squares, [stats[jj]!, stats[jj + layout.pairs]!]);
    }
    center[j] = n > 0 ? (sum[0] + sum[1]) / n : 0;
    rawSquares[1 + j] = squares[0] + squares[1];
  }

  // X'X (upper triangle, high and low parts) and X'y of the centred design, from the cells.
  const gram = new Float64Array(columns * columns);
  const gramLow = new Float64Array(columns * columns);
  const xty = new Float64Array(columns);
  const addTo = (a: number, b: number, value: Dd) => {
    const e = a <= b ? a * columns + b : b * columns + a;
    const sum = ddAdd([gram[e]!, gramLow[e]!], value);
    gram[e] = sum[0];
    gramLow[e] = sum[1];
  };
  for (let g = 0; g < cellCount; g++) {
    const at = g * layout.stride;
    const rowsInCell = stats[at]!;
    const ySum = sumY[g]!;
    const base = g * width;
    // Centred numeric moments of this cell: Σ(x_j − m_j) and Σ(x_j − m_j)(x_k − m_k).
    const sums: Dd[] = [];
    for (let j = 0; j < p; j++) sums.push(ddAdd([stats[at + layout.sumX + j]!, stats[at + layout.sumXLow + j]!], ddMul([-rowsInCell, 0], center[j]!)));
    for (let a = 0; a < width; a++) {
      const ca = cellColumns[base + a]!;
      if (ca < 0) break;
      const va = cellValues[base + a]!;
      for (let b = a; b < width; b++) {
        const cb = cellColumns[base + b]!;
        if (cb < 0) break;
        gram[ca * columns + cb] = gram[ca * columns + cb]! + rowsInCell * va * cellValues[base + b]!; // a count: exact
      }
      for (let j = 0; j < p; j++) addTo(ca, 1 + j, ddMul(sums[j]!, va));
      xty[ca] = xty[ca]! + va * ySum;
    }
    for (let j = 0; j < p; j++) {
      for (let k = j; k < p; k++) {
        const jk = at + layout.sumXX + pairIndex(j, k, p);
        // Σ x_j x_k − m_k Σ x_j − m_j Σ x_k + N m_j m_k, i.e. Σ x_j x_k − m_k Σ(x_j − m_j) − m_j Σ x_k.
        let moment: Dd = [stats[jk]!, stats[jk + layout.pairs]!];
        moment = ddAdd(moment, ddMul(sums[j]!, -center[k]!));
        moment = ddAdd(moment, ddMul([stats[at + layout.sumX + k]!, stats[at + layout.sumXLow + k]!], -center[j]!));
        addTo(1 + j, 1 + k, moment);
      }
      xty[1 + j] = xty[1 + j]! + sumXY[g * p + j]! - center[j]! * ySum;
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

  // Per cell, in scaled coordinates: the 0/1 part's value v_g, its share of the fit (v_g·b)
  // and of the focal fit (v_g·c without the focal column), and of the leverage: q = v_g'B v_g
  // and r_j = (B v_g)_j for the numeric columns.
  const cellFit = new Float64Array(cellCount);
  const cellFocalFit = new Float64Array(cellCount);
  const cellQuadratic = new Float64Array(cellCount);
  const cellCross = new Float64Array(cellCount * p);
  for (let g = 0; g < cellCount; g++) {
    const base = g * width;
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
      for (let j = 0; j < p; j++) cellCross[g * p + j] = cellCross[g * p + j]! + va * bread[(1 + j) * columns + ca]!;
    }
    cellQuadratic[g] = q;
  }
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
      cellFit[g] = fit;
      cellFocalFit[g] = focalFit;
    }
  };

  // Refinement passes. Each also sums what HC2 and CR1 need, so the last one leaves them ready.
  const keep = options.keepRows === true;
  const residuals = keep ? new Float64Array(n) : null;
  const focalResiduals = keep && hasFocal ? new Float64Array(n) : null;
  const leverages = keep ? new Float64Array(n) : null;
  const numericScale = Float64Array.from({ length: p }, (_, j) => scale[1 + j]!);
  const numericBread = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let m = 0; m < p; m++) numericBread[j * p + m] = bread[(1 + j) * columns + 1 + m]!;
  let sums: PassSums;
  for (let pass = 1; ; pass++) {
    const bFull = spread(b);
    const cFull = spread(c);
    refit(bFull, cFull);
    sums = residualPass({
      leverageOne: LEVERAGE_ONE_ULPS * kept.length * Number.EPSILON,
      rows,
      cellOf,
      y,
      y0,
      cellFocal: prepared.cellFocal,
      hasFocal,
      numeric,
      center,
      numericScale,
      cellFit,
      cellFocalFit,
      bNumeric: bFull.subarray(1, 1 + p),
      cNumeric: cFull.subarray(1, 1 + p),
      cellQuadratic,
      cellCross,
      numericBread,
      clusters: hasFocal ? (options.clusters ?? null) : null,
      residuals,
      focalResiduals,
      leverages,
    });
    const { cellResidual, cellFocalResidual, numericResidual, numericFocalResidual } = sums;
    // X'r and X_other'w from the per-cell sums, reduced to the kept columns.
    const gy = new Float64Array(columns);
    const gf = new Float64Array(columns);
    for (let g = 0; g < cellCount; g++) {
      const base = g * width;
      for (let a = 0; a < width; a++) {
        const ca = cellColumns[base + a]!;
        if (ca < 0) break;
        const va = cellValues[base + a]! * scale[ca]!;
        gy[ca] = gy[ca]! + va * cellResidual[g]!;
        if (ca !== focalColumn) gf[ca] = gf[ca]! + va * cellFocalResidual[g]!;
      }
    }
    for (let j = 0; j < p; j++) {
      gy[1 + j] = numericResidual[j]!;
      gf[1 + j] = numericFocalResidual[j]!;
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

/** What a residual pass reads: the rows, the current fit per cell and for the numerics. */
interface PassInput {
  /** 1 − h at or below this is leverage one. */
  leverageOne: number;
  rows: Int32Array;
  cellOf: Int32Array;
  /** Full length; rows where it is NaN are not in the model. */
  y: Float64Array;
  y0: number;
  cellFocal: Float64Array;
  hasFocal: boolean;
  numeric: readonly Float64Array[];
  center: Float64Array;
  numericScale: Float64Array;
  cellFit: Float64Array;
  cellFocalFit: Float64Array;
  bNumeric: Float64Array;
  cNumeric: Float64Array;
  cellQuadratic: Float64Array;
  cellCross: Float64Array;
  numericBread: Float64Array;
  /** Cluster sums are null when a row in the model has a code < 0. */
  clusters: { codes: Int32Array; count: number } | null;
  /** Written when given: û, w and h per row in the model. */
  residuals: Float64Array | null;
  focalResiduals: Float64Array | null;
  leverages: Float64Array | null;
}

interface PassSums {
  rss: number;
  focalSumSquares: number;
  /** Per cell Σû and Σw, and per numeric Σxû and Σxw: the pieces of X'û and X'w. */
  cellResidual: Float64Array;
  cellFocalResidual: Float64Array;
  numericResidual: Float64Array;
  numericFocalResidual: Float64Array;
  hc2Sum: number;
  leverageOneWeight: number;
  clusterSums: Float64Array | null;
  clusterRows: Int32Array | null;
}

/**
 * One pass over the rows: residuals û of y and w of the focal column; their sums per cell and
 * cross-products with the numerics (the pieces of X'r); and, with the leverage
 * h = q_cell + 2x'r_cell + x'B_num x, the HC2 and CR1 sums of the focal coefficient.
 */
function residualPass(input: PassInput): PassSums {
  const { rows, cellOf, y, y0, cellFocal, hasFocal, numeric, center, numericScale, cellFit, cellFocalFit, bNumeric, cNumeric } = input;
  const { cellQuadratic, cellCross, numericBread, residuals, focalResiduals, leverages } = input;
  const p = numeric.length;
  const cellResidual = new Float64Array(cellFit.length);
  const cellFocalResidual = new Float64Array(cellFit.length);
  const numericResidual = new Float64Array(p);
  const numericFocalResidual = new Float64Array(p);
  const clusterCodes = input.clusters ? input.clusters.codes : null;
  let clusterSums = input.clusters ? new Float64Array(input.clusters.count) : null;
  let clusterRows = input.clusters ? new Int32Array(input.clusters.count) : null;
  let unclustered = false;
  const x = new Float64Array(p);
  let rss = 0;
  let focalSumSquares = 0;
  let hc2Sum = 0;
  let leverageOneWeight = 0;
  let i = 0; // the row's position among the rows in the model
  for (let at = 0; at < rows.length; at++) {
    const r = rows[at]!;
    const yr = y[r]!;
    if (Number.isNaN(yr)) continue;
    const g = cellOf[at]!;
    let u = yr - y0 - cellFit[g]!;
    let w = cellFocal[g]! - cellFocalFit[g]!;
    let h = cellQuadratic[g]!;
    for (let j = 0; j < p; j++) {
      const xj = (numeric[j]![r]! - center[j]!) * numericScale[j]!;
      x[j] = xj;
      u -= xj * bNumeric[j]!;
      w -= xj * cNumeric[j]!;
    }
    for (let j = 0; j < p; j++) {
      const xj = x[j]!;
      let s = 2 * cellCross[g * p + j]! + xj * numericBread[j * p + j]!;
      for (let m = j + 1; m < p; m++) s += 2 * x[m]! * numericBread[j * p + m]!;
      h += xj * s;
    }
    rss += u * u;
    cellResidual[g] = cellResidual[g]! + u;
    for (let j = 0; j < p; j++) numericResidual[j] = numericResidual[j]! + x[j]! * u;
    if (residuals !== null) {
      residuals[i] = u;
      leverages![i] = h;
    }
    if (hasFocal) {
      const ww = w * w;
      focalSumSquares += ww;
      cellFocalResidual[g] = cellFocalResidual[g]! + w;
      for (let j = 0; j < p; j++) numericFocalResidual[j] = numericFocalResidual[j]! + x[j]! * w;
      const rest = 1 - h;
      if (rest > input.leverageOne) hc2Sum += (ww * u * u) / rest;
      else if (ww > leverageOneWeight) leverageOneWeight = ww;
      if (clusterCodes !== null) {
        const code = clusterCodes[r]!;
        if (code >= 0) {
          clusterSums![code] = clusterSums![code]! + u * w;
          clusterRows![code] = clusterRows![code]! + 1;
        } else unclustered = true;
      }
      if (focalResiduals !== null) focalResiduals[i] = w;
    }
    i++;
  }
  if (unclustered) {
    clusterSums = null;
    clusterRows = null;
  }
  return { rss, focalSumSquares, cellResidual, cellFocalResidual, numericResidual, numericFocalResidual, hc2Sum, leverageOneWeight, clusterSums, clusterRows };
}

/** Where each cell's sums sit in the cell sums (a row of `stride` numbers per cell). */
interface CellLayout {
  stride: number;
  /** Number of (j ≤ k) numeric pairs. */
  pairs: number;
  /** The row count is at 0. */
  sumX: number;
  sumXLow: number;
  /** Σ x_j x_k, high parts; the low parts follow at + pairs. */
  sumXX: number;
}

function cellLayout(p: number): CellLayout {
  const pairs = (p * (p + 1)) / 2;
  return { stride: 1 + 2 * p + 2 * pairs, pairs, sumX: 1, sumXLow: 1 + p, sumXX: 1 + 2 * p };
}

function pairIndex(j: number, k: number, p: number): number {
  return j * p - (j * (j - 1)) / 2 + (k - j); // (j ≤ k) pairs in row-major order
}

/**
 * Adds (sign 1) or takes away (sign −1: negating is exact) rows' count, Σx and Σxx' to their
 * cells' sums, in double-double: all of `rows`, or those at the positions in `only`.
 */
function addCellMoments(
  rows: Int32Array,
  cellOf: Int32Array,
  only: Int32Array | null,
  onlyCount: number,
  numeric: readonly Float64Array[],
  stats: Float64Array,
  layout: CellLayout,
  sign: 1 | -1,
): void {
  const { stride, pairs, sumX, sumXLow, sumXX } = layout;
  const p = numeric.length;
  const x = new Float64Array(p);
  const count = only === null ? rows.length : onlyCount;
  for (let k = 0; k < count; k++) {
    const i = only === null ? k : only[k]!;
    const r = rows[i]!;
    const at = cellOf[i]! * stride;
    stats[at] = stats[at]! + sign;
    for (let j = 0; j < p; j++) {
      const xj = sign * numeric[j]![r]!;
      x[j] = xj;
      // Σ x_j in double-double (two-sum).
      const e = at + sumX + j;
      const high = stats[e]!;
      const sum = high + xj;
      const z = sum - high;
      stats[at + sumXLow + j] = stats[at + sumXLow + j]! + (high - (sum - z)) + (xj - z);
      stats[e] = sum;
    }
    // Σ x_j x_k in double-double (exact product, two-sum).
    let pair = at + sumXX;
    for (let j = 0; j < p; j++) {
      const xj = x[j]!;
      for (let m = j; m < p; m++, pair++) {
        const xm = sign * x[m]!;
        const product = xj * xm;
        const high = stats[pair]!;
        const sum = high + product;
        const z = sum - high;
        stats[pair + pairs] = stats[pair + pairs]! + (high - (sum - z)) + (product - z) + productError(xj, xm, product);
        stats[pair] = sum;
      }
    }
  }
}

/**
 * One pass over y: per cell Σy and Σxy (y − y0, in doubles), Σ(y − y0)², and the positions
 * among the rows of those where y is NaN.
 */
function yMoments(rows: Int32Array, cellOf: Int32Array, numeric: readonly Float64Array[], y: Float64Array, y0: number, cellCount: number) {
  const p = numeric.length;
  const sumY = new Float64Array(cellCount);
  const sumXY = new Float64Array(cellCount * p);
  let absent = new Int32Array(16);
  let absentCount = 0;
  let ySquares = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const yr = y[r]!;
    if (Number.isNaN(yr)) {
      if (absentCount === absent.length) {
        const more = new Int32Array(2 * absent.length);
        more.set(absent);
        absent = more;
      }
      absent[absentCount++] = i;
      continue;
    }
    const g = cellOf[i]!;
    const ys = yr - y0;
    // About the pivot y0, so the perfect-fit test does not depend on where the scores sit.
    ySquares += ys * ys;
    sumY[g] = sumY[g]! + ys;
    for (let j = 0; j < p; j++) sumXY[g * p + j] = sumXY[g * p + j]! + numeric[j]![r]! * ys;
  }
  return { sumY, sumXY, ySquares, absent, absentCount };
}

function cellHash(r: number, codes: readonly Int32Array[], focal: Uint8Array): number {
  let h = focal[r]! + 0x811c9dc5;
  for (let j = 0; j < codes.length; j++) h = Math.imul(h ^ codes[j]![r]!, 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

function sameCell(r: number, s: number, codes: readonly Int32Array[], focal: Uint8Array): boolean {
  if (focal[r] !== focal[s]) return false;
  for (let j = 0; j < codes.length; j++) if (codes[j]![r] !== codes[j]![s]) return false;
  return true;
}

/** An open-addressing table (load ≤ ½) of the cells so far, found again from their first rows. */
function cellTable(first: Int32Array, count: number, size: number, codes: readonly Int32Array[], focal: Uint8Array): Int32Array {
  const table = new Int32Array(size).fill(-1);
  const mask = size - 1;
  for (let g = 0; g < count; g++) {
    let slot = cellHash(first[g]!, codes, focal) & mask;
    while (table[slot]! >= 0) slot = (slot + 1) & mask;
    table[slot] = g;
  }
  return table;
}

/** Files each row under its cell, numbered in order of first appearance; `first` holds a row of each. */
function assignCells(rows: Int32Array, codes: readonly Int32Array[], focal: Uint8Array): { cellOf: Int32Array; first: Int32Array; count: number } {
  const n = rows.length;
  const cellOf = new Int32Array(n);
  let first = new Int32Array(64);
  let table: Int32Array = new Int32Array(128).fill(-1);
  let mask = table.length - 1;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    let slot = cellHash(r, codes, focal) & mask;
    let g = table[slot]!;
    while (g >= 0 && !sameCell(r, first[g]!, codes, focal)) {
      slot = (slot + 1) & mask;
      g = table[slot]!;
    }
    if (g < 0) {
      if (count === first.length) {
        const more = new Int32Array(2 * first.length);
        more.set(first);
        first = more;
        table = cellTable(first, count, 2 * first.length, codes, focal);
        mask = table.length - 1;
        slot = cellHash(r, codes, focal) & mask;
        while (table[slot]! >= 0) slot = (slot + 1) & mask;
      }
      g = count++;
      table[slot] = g;
      first[g] = r;
    }
    cellOf[i] = g;
  }
  return { cellOf, first: first.subarray(0, count), count };
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
  const s = a[0] + b[0];
  const z = s - a[0];
  const e = a[0] - (s - z) + (b[0] - z) + a[1] + b[1];
  const high = s + e;
  return [high, e - (high - s)];
}

function ddMul(a: Dd, b: number): Dd {
  const p = a[0] * b;
  const e = productError(a[0], b, p) + a[1] * b;
  const high = p + e;
  return [high, e - (high - p)];
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
