// Survey-weighted means per cohort (STATISTICS.md §8c): mean = Σwy/Σw, SD in population form
// sqrt(Σw(y − mean)²/Σw), Kish effective n = (Σw)²/Σw², and the difference treated − control.

export interface WeightedGroup {
  sumW: number;
  mean: number;
  sd: number;
  kishN: number;
}

export function weightedGroup(values: readonly number[], weights: readonly number[]): WeightedGroup | null {
  let sumW = 0;
  let sumWy = 0;
  let sumW2 = 0;
  values.forEach((y, i) => {
    sumW += weights[i]!;
    sumWy += weights[i]! * y;
    sumW2 += weights[i]! ** 2;
  });
  if (!(sumW > 0)) return null;
  const mean = sumWy / sumW;
  const spread = values.reduce((s, y, i) => s + weights[i]! * (y - mean) ** 2, 0);
  return { sumW, mean, sd: Math.sqrt(spread / sumW), kishN: (sumW * sumW) / sumW2 };
}
