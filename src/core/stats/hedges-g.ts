// Hedges' g: Cohen's d times a small-sample correction J (STATISTICS.md §6), df = n1 + n0 − 2.
// Exact: J = Γ(df/2) / (sqrt(df/2)·Γ((df−1)/2)), computed through log-gamma so large df do not
// overflow; it matches effectsize::hedges_g 0.8.3 and is the headline g. Approximate:
// J = 1 − 3/(4·df − 1), Hedges' classic formula, kept for readers who compare with older tools.

import gammaln from '@stdlib/math-base-special-gammaln';

export function hedgesJExact(df: number): number | null {
  if (!(df >= 2)) return null;
  return Math.exp(gammaln(df / 2) - 0.5 * Math.log(df / 2) - gammaln((df - 1) / 2));
}

export function hedgesJApprox(df: number): number | null {
  if (!(df >= 1)) return null;
  return 1 - 3 / (4 * df - 1);
}

export interface HedgesG {
  g: number | null;
  gApprox: number | null;
}

export function hedgesG(d: number | null, df: number): HedgesG {
  const exact = hedgesJExact(df);
  const approx = hedgesJApprox(df);
  return {
    g: d === null || exact === null ? null : d * exact,
    gApprox: d === null || approx === null ? null : d * approx,
  };
}
