// `read.decimal_comma`: Excel in Spanish for Colombia, Argentina or Spain saves "3,5" for 3.5.
// In the columns read as numbers (items, weights, covariates) a number with one decimal comma
// is rewritten with a point before any rule of STATISTICS.md §2 sees it, so every later step
// reads it as the same number it would read in a file saved with points. Thousands separators
// ("1.234,5") are not read: they do not occur in Likert answers or weights.

const DECIMAL_COMMA = /^([+-]?\d*),(\d+)$/;

export function decimalCommaToPoint(cell: string): string {
  const match = DECIMAL_COMMA.exec(cell);
  return match ? `${match[1]}.${match[2]}` : cell;
}
