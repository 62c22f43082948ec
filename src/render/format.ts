// Numbers as a reader sees them, in the report's language: fixed decimals, a true minus sign,
// no "−0.00" for a value that rounds to zero, "< 0.001" for tiny p-values, n/a for what could
// not be computed (null, NaN or infinite). The one place besides the view model that rounds.

import type { Language } from '../core/codebook/codebook.js';
import { messagesFor } from './i18n.js';

/** improvement / decline whose CI excludes zero, or a CI that includes zero. */
export type Direction = 'improvement' | 'decline' | 'unclear';

export function makeFormatters(language: Language) {
  const locale = messagesFor(language).locale;
  const cache = new Map<number, Intl.NumberFormat>();
  const fixed = (digits: number) => {
    let format = cache.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      cache.set(digits, format);
    }
    return format;
  };
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  const na = messagesFor(language).notComputable;
  const absent = (value: number | null | undefined): value is null | undefined => value === null || value === undefined || !Number.isFinite(value);
  // What rounds to zero is zero: no sign for rounding noise.
  const settle = (value: number, digits: number) => (Number(value.toFixed(digits)) === 0 ? 0 : value);
  // A true minus sign (−), as in the signed figures, rather than Intl's hyphen.
  const num = (value: number | null | undefined, digits: number) =>
    absent(value) ? na : fixed(digits).format(settle(value, digits)).replace(/^-/, '−');
  const signed = (value: number | null | undefined, digits: number) => {
    if (absent(value)) return na;
    const v = settle(value, digits);
    return `${v > 0 ? '+' : v < 0 ? '−' : ''}${fixed(digits).format(Math.abs(v))}`;
  };
  return {
    count: (value: number) => integer.format(value),
    num,
    signed,
    plain: (value: number | null | undefined) => (absent(value) ? na : plain.format(value)),
    pValue: (p: number | null | undefined) => (absent(p) ? na : p < 0.001 ? `< ${fixed(3).format(0.001)}` : fixed(3).format(p)),
    percent: (value: number | null | undefined) => (absent(value) ? na : `${signed(value, 1)}%`),
  };
}



export type Formatters = ReturnType<typeof makeFormatters>;

/** How a difference reads once its CI is known: an improvement or decline that excludes zero, or unclear. */
export function direction(ci: readonly [number, number] | null | undefined): Direction {
  if (!ci) return 'unclear';
  if (ci[0] > 0) return 'improvement';
  if (ci[1] < 0) return 'decline';
  return 'unclear';
}
