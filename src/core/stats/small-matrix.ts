// Dense linear algebra for the K×K matrices of regression inference (K is the number of
// coefficients, rarely above a few dozen): Cholesky, inverse, and the symmetric eigenproblem.

/** Lower-triangular L with A = LL' for a symmetric positive-definite A. */
export function choleskyLower(a: readonly (readonly number[])[]): number[][] {
  const k = a.length;
  const l = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let m = 0; m < j; m++) sum -= l[i]![m]! * l[j]![m]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(sum, 0)) : sum / l[j]![j]!;
    }
  }
  return l;
}

/** Inverse of a symmetric positive-definite matrix through its Cholesky factor. */
export function invertSymmetric(a: readonly (readonly number[])[]): number[][] {
  const k = a.length;
  const l = choleskyLower(a);
  // Solve L Y = I, then L' X = Y.
  const inverse = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let col = 0; col < k; col++) {
    const y = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) {
      let sum = i === col ? 1 : 0;
      for (let m = 0; m < i; m++) sum -= l[i]![m]! * y[m]!;
      y[i] = sum / l[i]![i]!;
    }
    for (let i = k - 1; i >= 0; i--) {
      let sum = y[i]!;
      for (let m = i + 1; m < k; m++) sum -= l[m]![i]! * inverse[m]![col]!;
      inverse[i]![col] = sum / l[i]![i]!;
    }
  }
  return inverse;
}

/** Eigenvalues and eigenvectors (as columns) of a symmetric matrix, by cyclic Jacobi rotations. */
export function jacobiEigen(input: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const k = input.length;
  const a = input.map((row) => row.slice());
  const v = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j): number => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let m = 0; m < k; m++) {
          const amp = a[m]![p]!;
          const amq = a[m]![q]!;
          a[m]![p] = c * amp - s * amq;
          a[m]![q] = s * amp + c * amq;
        }
        for (let m = 0; m < k; m++) {
          const apm = a[p]![m]!;
          const aqm = a[q]![m]!;
          a[p]![m] = c * apm - s * aqm;
          a[q]![m] = s * apm + c * aqm;
        }
        for (let m = 0; m < k; m++) {
          const vmp = v[m]![p]!;
          const vmq = v[m]![q]!;
          v[m]![p] = c * vmp - s * vmq;
          v[m]![q] = s * vmp + c * vmq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v };
}

export function transpose(a: readonly (readonly number[])[]): number[][] {
  return a[0]!.map((_, j) => a.map((row) => row[j]!));
}

export function multiply(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, m) => s + v * b[m]![j]!, 0)));
}
