// Cronbach's alpha of a set of items (STATISTICS.md §7), over complete cases, items already
// rescaled and reverse-coded. raw = k/(k−1)·(1 − Σ var(item) / var(Σ items));
// standardized = k·r̄ / (1 + (k−1)·r̄) with r̄ the mean inter-item Pearson correlation.
// Matches psych::alpha's raw_alpha and std.alpha. Also gives each item's correlation with the
// sum of the other items: a negative one usually means a reverse-coded item was not declared.

import { sampleCorrelation, sampleVariance } from 'simple-statistics';

export interface Alpha {
  raw: number | null;
  standardized: number | null;
  nComplete: number;
  /** Pearson r of each item with the sum of the others (null when undefined). */
  itemRest: (number | null)[];
}

/** `items[j][i]` is item j of respondent i; NaN marks a missing answer. */
export function cronbachAlpha(items: readonly Float64Array[]): Alpha {
  const k = items.length;
  const n = items[0]?.length ?? 0;
  const complete: number[][] = items.map(() => []);
  for (let i = 0; i < n; i++) {
    if (items.some((item) => Number.isNaN(item[i]!))) continue;
    items.forEach((item, j) => complete[j]!.push(item[i]!));
  }
  const nComplete = complete[0]?.length ?? 0;
  const itemRest = items.map(() => null as number | null);
  if (k < 2 || nComplete < 2) return { raw: null, standardized: null, nComplete, itemRest };

  const totals = complete[0]!.map((_, i) => complete.reduce((s, item) => s + item[i]!, 0));
  const totalVariance = sampleVariance(totals);
  const sumOfVariances = complete.reduce((s, item) => s + sampleVariance(item), 0);
  const raw = totalVariance > 0 ? (k / (k - 1)) * (1 - sumOfVariances / totalVariance) : null;

  const correlation = (a: number[], b: number[]) => {
    if (sampleVariance(a) === 0 || sampleVariance(b) === 0) return null;
    return sampleCorrelation(a, b);
  };
  const pairs: number[] = [];
  let undefinedPair = false;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const r = correlation(complete[a]!, complete[b]!);
      if (r === null) undefinedPair = true;
      else pairs.push(r);
    }
  }
  const meanR = pairs.reduce((s, r) => s + r, 0) / pairs.length;
  const standardized = undefinedPair ? null : (k * meanR) / (1 + (k - 1) * meanR);
  complete.forEach((item, j) => {
    itemRest[j] = correlation(item, totals.map((t, i) => t - item[i]!));
  });
  return { raw, standardized, nComplete, itemRest };
}
