// Standardised difference of a covariate between cohorts, the balance measure of the
// impact-evaluation literature (Imbens & Rubin; iebaltab, cobalt):
// d = (mean_treated − mean_control) / sqrt((s²_treated + s²_control) / 2).
// Numeric covariates use the sample variance (n − 1); a level of a categorical covariate is a
// share p with variance p(1 − p). |d| > 0.25 is the usual threshold for imbalance.

export function standardizedDifference(meanTreated: number, meanControl: number, varianceTreated: number, varianceControl: number): number | null {
  const pooled = Math.sqrt((varianceTreated + varianceControl) / 2);
  if (!(pooled > 0)) return null;
  return (meanTreated - meanControl) / pooled;
}
