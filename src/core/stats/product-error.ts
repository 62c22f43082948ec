// Exact products without a fused multiply-add (JavaScript has none): the building block of the
// double-double sums in sparse-ols.ts and balance-table.ts.

/** The rounding error of the double product p = a·b (Dekker's exact product): a·b = p + error exactly. */
export function productError(a: number, b: number, p: number): number {
  const SPLIT = 134217729; // 2^27 + 1
  const ca = SPLIT * a;
  const aHigh = ca - (ca - a);
  const aLow = a - aHigh;
  const cb = SPLIT * b;
  const bHigh = cb - (cb - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow;
}
