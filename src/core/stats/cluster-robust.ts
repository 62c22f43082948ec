// Cluster-robust standard errors for one coefficient of an OLS/WLS fit (STATISTICS.md §8a, §8c).
//
// CR1 ("hc1", Stata's default): V = B [Σ_g s_g s_g'] B · G/(G−1) · (N−1)/(N−K), with
// s_g = Σ_{i∈g} w_i û_i x_i and B = (X'WX)⁻¹; t reference with G − 1 df. Matches
// sandwich::vcovCL(type = "HC1", cadjust = TRUE).
//
// clusterHc1Focal: the same CR1 for the focal coefficient of a sparse fit (sparse-ols.ts), where
// the focal row a of B gives a·s_g = Σ_{i∈g} û_i w_i / Σ w² (w the focal column's residuals on
// the other columns, Frisch–Waugh–Lovell); the fit's last pass sums û_i w_i per cluster.
//
// CR2 (Bell & McCaffrey 2002): V = B [Σ_g X_g'A_g û_g û_g'A_g X_g] B with
// A_g = (I − H_gg)^(−1/2), H_gg = X_g B X_g', no further factor; df by the Satterthwaite
// approximation of Bell–McCaffrey / Pustejovsky–Tipton for the contrast c. Matches
// clubSandwich::vcovCR(type = "CR2") with coef_test(test = "Satterthwaite").
//
// H_gg has rank ≤ K, so A_g is applied through the K×K eigenproblem of L'(X_g'X_g)L
// (B = LL'), never as an n_g × n_g matrix: a cluster of 50,000 rows costs O(n_g K²).
//
// The two-arm forms (clusterHc1TwoArm, clusterCr2TwoArm) are the same estimators for the design
// intercept + a 0/1 treated column, computed from per-(cluster, arm) counts a_g, b_g and residual
// sums S0_g, S1_g alone (n0, n1 the arm sizes). Write X = D T with D the two arm indicators and
// T = [[1, 0], [1, 1]]. Then X'X = T' diag(n0, n1) T, and for the slope c = (0, 1)'
// X B c is −1/n0 on a control row and 1/n1 on a treated row, so
//   CR1: c'V c = Σ_g (S1_g/n1 − S0_g/n0)², times G/(G−1)·(N−1)/(N−2).
// H_gg = X_g B X_g' = J_a/n0 ⊕ J_b/n1 (J all ones: control and treated rows are orthogonal under
// B), with eigenvalues a/n0 and b/n1 on the arm blocks' constant vectors, so A_g multiplies a
// block's mean by r0 = (1 − a/n0)^(−1/2) (r1 likewise; 0 where 1 − a/n0 vanishes, the
// pseudo-inverse) and leaves the rest alone:
//   CR2: c'V c = Σ_g (r1 S1_g/n1 − r0 S0_g/n0)².
// Satterthwaite: w_g = A_g X_g B c = (−r0/n0)·1_a ⊕ (r1/n1)·1_b and X_g'w_g = T'(p_g, q_g) with
// p_g = −a r0/n0, q_g = b r1/n1, so u_g'B u_h = p_g p_h/n0 + q_g q_h/n1 and
//   M_gh = δ_gh ||w_g||² − α_g α_h − β_g β_h,  α_g = a r0/n0^(3/2), β_g = b r1/n1^(3/2).
// On the diagonal ||w_g||² − α_g² − β_g² = a r0²(1 − a/n0)/n0² + … = a/n0² + b/n1² (a block
// under the pseudo-inverse contributes 0); off it M_gh² is summed over h < g with running sums
// of α², αβ and β², all terms ≥ 0, so nothing cancels. df = tr(M)² / tr(M²), O(G) in all.

import { choleskyLower, jacobiEigen, multiply, transpose } from './small-matrix.js';
import { sandwich, type OlsFit } from './ols.js';
import type { SparseOlsFit } from './sparse-ols.js';

export interface CoefficientSe {
  se: number;
  df: number;
}

/** A cluster code per row (−1: none), as narrow as the number of clusters allows. */
export type ClusterCodes = Int8Array | Int16Array | Int32Array;

/** Cluster codes 0..G−1 per row of the fit. */
export interface Clusters {
  codes: ClusterCodes;
  count: number;
}

function scoreSums(fit: OlsFit, design: readonly Float64Array[], clusters: Clusters, weights?: Float64Array): number[][] {
  const k = fit.kept.length;
  const sums = Array.from({ length: clusters.count }, () => new Array<number>(k).fill(0));
  const columns = fit.kept.map((c) => design[c]!);
  for (let i = 0; i < fit.n; i++) {
    const sum = sums[clusters.codes[i]!]!;
    const wu = (weights ? weights[i]! : 1) * fit.residuals[i]!;
    for (let c = 0; c < k; c++) sum[c] = sum[c]! + wu * columns[c]![i]!;
  }
  return sums;
}

function outerSum(vectors: readonly (readonly number[])[], k: number): number[][] {
  const meat = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const s of vectors) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a]![b] = meat[a]![b]! + s[a]! * s[b]!;
  return meat;
}

/** CR1 / "HC1" cluster-robust SE of coefficient `at` (a position among fit.kept), df = G − 1. */
export function clusterHc1(fit: OlsFit, design: readonly Float64Array[], clusters: Clusters, at: number, weights?: Float64Array): CoefficientSe {
  const k = fit.kept.length;
  const g = clusters.count;
  const meat = outerSum(scoreSums(fit, design, clusters, weights), k);
  const v = sandwich(fit.bread, meat);
  const factor = (g / (g - 1)) * ((fit.n - 1) / (fit.n - k));
  return { se: Math.sqrt(v[at]![at]! * factor), df: g - 1 };
}

/**
 * CR1 SE of the focal coefficient of a sparse fit fitted with options.clusters, df = G − 1, G the
 * clusters that have rows in the fit.
 */
export function clusterHc1Focal(fit: SparseOlsFit): CoefficientSe {
  const sums = fit.clusterSums;
  const rows = fit.clusterRows;
  if (fit.focalAt < 0 || !sums || !rows) throw new Error('clusterHc1Focal requires a fit with clusters that kept its focal column');
  let meat = 0;
  let g = 0;
  for (let c = 0; c < sums.length; c++) {
    if (rows[c]! === 0) continue;
    g++;
    meat += sums[c]! * sums[c]!;
  }
  const ww = fit.focalSumSquares;
  const k = fit.kept.length;
  const factor = (g / (g - 1)) * ((fit.n - 1) / (fit.n - k));
  return { se: Math.sqrt((meat / (ww * ww)) * factor), df: g - 1 };
}

/** CR2 (Bell–McCaffrey) SE of coefficient `at`, with its Satterthwaite df. Unweighted fits only. */
export function clusterCr2(fit: OlsFit, design: readonly Float64Array[], clusters: Clusters, at: number): CoefficientSe {
  const k = fit.kept.length;
  const bread = fit.bread;
  const lower = choleskyLower(bread);
  const columns = fit.kept.map((c) => design[c]!);
  // Each cluster's rows in order (a counting sort), and scratch vectors as long as the largest
  // cluster, reused: typed arrays and plain loops, the arithmetic in the order it always had.
  const start = new Int32Array(clusters.count + 1);
  for (let i = 0; i < fit.n; i++) start[clusters.codes[i]! + 1] = start[clusters.codes[i]! + 1]! + 1;
  for (let g = 0; g < clusters.count; g++) start[g + 1] = start[g + 1]! + start[g]!;
  const members = new Int32Array(fit.n);
  {
    const next = start.slice(0, clusters.count);
    for (let i = 0; i < fit.n; i++) {
      const g = clusters.codes[i]!;
      members[next[g]!] = i;
      next[g] = next[g]! + 1;
    }
  }
  let largest = 0;
  for (let g = 0; g < clusters.count; g++) largest = Math.max(largest, start[g + 1]! - start[g]!);
  const xg = new Float64Array(largest * k); // X_g, row-major n_g × K
  const basis = Array.from({ length: k }, () => new Float64Array(largest)); // columns of U
  const input = new Float64Array(largest);
  const applied = new Float64Array(largest);
  /** X_g' v over the cluster's rows. */
  const crossWith = (v: Float64Array, size: number) => {
    const out: number[] = [];
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let m = 0; m < size; m++) s += xg[m * k + a]! * v[m]!;
      out.push(s);
    }
    return out;
  };

  const contrast = new Array<number>(k).fill(0);
  contrast[at] = 1;
  const bc = bread.map((row) => row.reduce((s, v, m) => s + v * contrast[m]!, 0)); // B c
  const meatVectors: number[][] = [];
  const u: number[][] = []; // u_g = X_g' w_g, for the Satterthwaite df
  const wNorms: number[] = []; // ||w_g||²

  for (let g = 0; g < clusters.count; g++) {
    const first = start[g]!;
    const size = start[g + 1]! - first;
    for (let m = 0; m < size; m++) for (let a = 0; a < k; a++) xg[m * k + a] = columns[a]![members[first + m]!]!;
    // Eigen-decompose C = L'(X_g'X_g)L; H_gg's nonzero eigenvalues are C's, with
    // eigenvectors U = X_g L V Λ^(−1/2).
    const xtx: number[][] = [];
    for (let a = 0; a < k; a++) {
      const row: number[] = [];
      for (let b = 0; b < k; b++) {
        let s = 0;
        for (let m = 0; m < size; m++) s += xg[m * k + a]! * xg[m * k + b]!;
        row.push(s);
      }
      xtx.push(row);
    }
    const c = multiply(transpose(lower), multiply(xtx, lower));
    const { values, vectors } = jacobiEigen(c);
    const factors: number[] = [];
    values.forEach((lambda, e) => {
      if (!(lambda > 1e-12)) return;
      const direction = lower.map((row) => row.reduce((s, v, m) => s + v * vectors[m]![e]!, 0)); // L v_e
      const vector = basis[factors.length]!;
      const root = Math.sqrt(lambda);
      for (let m = 0; m < size; m++) {
        let s = 0;
        for (let a = 0; a < k; a++) s += xg[m * k + a]! * direction[a]!;
        vector[m] = s / root;
      }
      // (I − H_gg)^(−1/2) on this direction; where 1 − λ vanishes (a cluster that alone holds a
      // whole cohort) the pseudo-inverse, as clubSandwich and estimatr use, zeroes it.
      const rest = 1 - lambda;
      factors.push(rest > 1e-10 ? 1 / Math.sqrt(rest) - 1 : -1);
    });
    /** out = A_g·vector (out may not be vector). */
    const applyA = (vector: Float64Array, out: Float64Array) => {
      for (let m = 0; m < size; m++) out[m] = vector[m]!;
      for (let e = 0; e < factors.length; e++) {
        const factor = factors[e]!;
        const uVec = basis[e]!;
        let dot = 0;
        for (let m = 0; m < size; m++) dot += uVec[m]! * vector[m]!;
        for (let m = 0; m < size; m++) out[m] = out[m]! + factor * dot * uVec[m]!;
      }
    };
    for (let m = 0; m < size; m++) input[m] = fit.residuals[members[first + m]!]!; // û_g
    applyA(input, applied); // A_g û_g
    meatVectors.push(crossWith(applied, size));
    for (let m = 0; m < size; m++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += xg[m * k + a]! * bc[a]!;
      input[m] = s; // X_g B c
    }
    applyA(input, applied); // w_g = A_g X_g B c
    let norm = 0;
    for (let m = 0; m < size; m++) norm += applied[m]! * applied[m]!;
    wNorms.push(norm);
    u.push(crossWith(applied, size));
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

/**
 * Per (cluster, arm) sums of the fit score ~ treated (intercept + a 0/1 column): cell 2g + t is
 * cluster g's control (t = 0) or treated (t = 1) rows. Every cluster has at least one row.
 */
export interface TwoArmCells {
  clusters: number;
  /** Rows in each cell. */
  counts: Float64Array;
  /** Σ û over each cell's rows (û = y − the mean of the row's arm). */
  residualSums: Float64Array;
}

function armSizes(cells: TwoArmCells): [number, number] {
  let n0 = 0;
  let n1 = 0;
  for (let g = 0; g < cells.clusters; g++) {
    n0 += cells.counts[2 * g]!;
    n1 += cells.counts[2 * g + 1]!;
  }
  return [n0, n1];
}

/** CR1 SE of the treated coefficient of score ~ treated from per-(cluster, arm) sums (see the header); df = G − 1. */
export function clusterHc1TwoArm(cells: TwoArmCells): CoefficientSe {
  const [n0, n1] = armSizes(cells);
  const g = cells.clusters;
  const n = n0 + n1;
  let meat = 0;
  for (let c = 0; c < g; c++) {
    const term = cells.residualSums[2 * c + 1]! / n1 - cells.residualSums[2 * c]! / n0;
    meat += term * term;
  }
  const factor = (g / (g - 1)) * ((n - 1) / (n - 2));
  return { se: Math.sqrt(meat * factor), df: g - 1 };
}

/** (1 − m/n)^(−1/2) for the m rows of one arm in a cluster, 0 where 1 − m/n vanishes (as clusterCr2). */
function inverseRoot(m: number, n: number): number {
  const rest = (n - m) / n;
  return rest > 1e-10 ? 1 / Math.sqrt(rest) : 0;
}

/** CR2 SE of the treated coefficient of score ~ treated from per-(cluster, arm) sums, with its Satterthwaite df (see the header). */
export function clusterCr2TwoArm(cells: TwoArmCells): CoefficientSe {
  const [n0, n1] = armSizes(cells);
  const root0 = n0 * Math.sqrt(n0);
  const root1 = n1 * Math.sqrt(n1);
  let meat = 0;
  let trace = 0;
  let traceSquared = 0;
  // Running sums over the clusters before this one, for the off-diagonal entries of M.
  let alpha2 = 0;
  let alphaBeta = 0;
  let beta2 = 0;
  for (let c = 0; c < cells.clusters; c++) {
    const a = cells.counts[2 * c]!;
    const b = cells.counts[2 * c + 1]!;
    const r0 = a > 0 ? inverseRoot(a, n0) : 1;
    const r1 = b > 0 ? inverseRoot(b, n1) : 1;
    const term = (r1 * cells.residualSums[2 * c + 1]!) / n1 - (r0 * cells.residualSums[2 * c]!) / n0;
    meat += term * term;
    const diagonal = (r0 > 0 ? a / (n0 * n0) : 0) + (r1 > 0 ? b / (n1 * n1) : 0);
    trace += diagonal;
    const alpha = (a * r0) / root0;
    const beta = (b * r1) / root1;
    traceSquared += diagonal * diagonal + 2 * (alpha * alpha * alpha2 + 2 * alpha * beta * alphaBeta + beta * beta * beta2);
    alpha2 += alpha * alpha;
    alphaBeta += alpha * beta;
    beta2 += beta * beta;
  }
  return { se: Math.sqrt(meat), df: (trace * trace) / traceSquared };
}
