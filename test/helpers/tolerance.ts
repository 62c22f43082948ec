// Comparisons at the tolerances of STATISTICS.md §12: relative 1e-9 for means, SDs, diffs, SEs,
// t and effect sizes (absolute 1e-9 near zero), relative 1e-6 for p-values and dfs.

import { expect } from 'vitest';

export const VALUE_TOLERANCE = 1e-9;
export const P_TOLERANCE = 1e-6;

export function expectClose(actual: number | null | undefined, expected: number | null, relative: number, what: string): void {
  if (expected === null) {
    expect(actual ?? null, `${what} should be null`).toBeNull();
    return;
  }
  expect(actual, `${what} should be a number`).toBeTypeOf('number');
  const error = Math.abs((actual as number) - expected);
  const allowed = Math.max(relative * Math.abs(expected), expected === 0 || Math.abs(expected) < 1e-6 ? relative : 0);
  expect(error, `${what}: got ${String(actual)}, R says ${expected}`).toBeLessThanOrEqual(allowed);
}
