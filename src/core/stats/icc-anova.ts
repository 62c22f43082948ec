// One-way ANOVA intraclass correlation of a score by cluster (STATISTICS.md §8a):
// ICC = (MSB − MSW) / (MSB + (n₀ − 1)·MSW), n₀ = (N − Σ n_g²/N) / (G − 1). It says how much
// of the variation lies between clusters, which is what makes naive SEs too small.
// iccAnovaFromSums is the same from per-cluster counts, sums and the pooled within-cluster sum
// of squares, for callers that gathered those in a pass over the rows.

import type { Clusters } from './cluster-robust.js';

export function iccAnova(values: Float64Array, clusters: Clusters): number | null {
  const n = values.length;
  const g = clusters.count;
  if (g < 2 || n <= g) return null;
  const sums = new Float64Array(g);
  const counts = new Float64Array(g);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums[clusters.codes[i]!] = sums[clusters.codes[i]!]! + values[i]!;
    counts[clusters.codes[i]!] = counts[clusters.codes[i]!]! + 1;
    total += values[i]!;
  }
  const grand = total / n;
  let ssb = 0;
  for (let c = 0; c < g; c++) ssb += counts[c]! * (sums[c]! / counts[c]! - grand) ** 2;
  let ssw = 0;
  for (let i = 0; i < n; i++) ssw += (values[i]! - sums[clusters.codes[i]!]! / counts[clusters.codes[i]!]!) ** 2;
  const msb = ssb / (g - 1);
  const msw = ssw / (n - g);
  const n0 = (n - counts.reduce((s, c) => s + c * c, 0) / n) / (g - 1);
  return (msb - msw) / (msb + (n0 - 1) * msw);
}

/**
 * The ICC above from per-cluster row counts and score sums (every cluster with a row) and the
 * within-cluster sum of squares Σ_g Σ_{i∈g} (y_i − ȳ_g)².
 */
export function iccAnovaFromSums(counts: Float64Array, sums: Float64Array, within: number): number | null {
  const g = counts.length;
  let n = 0;
  let total = 0;
  let squares = 0;
  for (let c = 0; c < g; c++) {
    n += counts[c]!;
    total += sums[c]!;
    squares += counts[c]! * counts[c]!;
  }
  if (g < 2 || n <= g) return null;
  const grand = total / n;
  let ssb = 0;
  for (let c = 0; c < g; c++) ssb += counts[c]! * (sums[c]! / counts[c]! - grand) ** 2;
  const msb = ssb / (g - 1);
  const msw = within / (n - g);
  const n0 = (n - squares / n) / (g - 1);
  return (msb - msw) / (msb + (n0 - 1) * msw);
}
