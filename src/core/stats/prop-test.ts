// Difference of two proportions, treated − control, as R's prop.test(c(x1, x0), c(n1, n0),
// correct = FALSE) reports it: the p of the Pearson chi-square test (pooled proportion, 1 df)
// and the Wald 95% interval diff ± z₀.₉₇₅·sqrt(p1(1−p1)/n1 + p0(1−p0)/n0).

import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

export interface ProportionTest {
  diff: number;
  p: number | null;
  ci95: [number, number];
}

export function propTest(x1: number, n1: number, x0: number, n0: number): ProportionTest | null {
  if (n1 < 1 || n0 < 1) return null;
  const p1 = x1 / n1;
  const p0 = x0 / n0;
  const diff = p1 - p0;
  const pooled = (x1 + x0) / (n1 + n0);
  const seNull = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  const z = normalQuantile(0.975, 0, 1);
  const half = z * Math.sqrt((p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0);
  const p = seNull > 0 ? 2 * normalCdf(-Math.abs(diff / seNull), 0, 1) : null;
  return { diff, p, ci95: [Math.max(-1, diff - half), Math.min(1, diff + half)] };
}
