// Random CSV documents for property tests (fast-check): well-formed RFC 4180 text as a writer
// would produce it, and malformed text. Texts never hold \r (decoding normalises line ends) or
// NUL (the reader rejects it first).

import fc from 'fast-check';


export const delimiterArb = fc.constantFrom(',', ';', '\t');

/** Any code point but NUL and \r, with the characters that matter to CSV made frequent. */
const charArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('"', ',', ';', '\t', '\n', ' ', '\u00a0', '\u3000', '\uFEFF', 'a', 'é', '1', '\u{1F600}') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0' && c !== '\r') },
);
const contentArb = fc.array(charArb, { maxLength: 8 }).map((chars) => chars.join(''));
const whitespaceArb = fc.array(fc.constantFrom(' ', '\t', '\v', '\f', '\u00a0', '\u2003', '\u2028', '\uFEFF'), { maxLength: 4 }).map((chars) => chars.join(''));

/** A field written as an RFC 4180 writer would: quoted (quotes doubled) or, when it can be, bare. */
function fieldArb(delimiter: string) {
  return fc.oneof(
    contentArb.map((content) => `"${content.replaceAll('"', '""')}"`),
    contentArb.map((content) => content.replace(/["\n]/g, '').replaceAll(delimiter, '')),
    fc.constant(''),
    whitespaceArb.map((ws) => ws.replaceAll(delimiter, '')),
  );
}

/** A well-formed document: records of 1–7 fields, blank and whitespace-only lines among them. */
export const documentArb = delimiterArb.chain((delimiter) =>
  fc
    .record({
      lines: fc.array(fc.oneof({ weight: 4, arbitrary: fc.array(fieldArb(delimiter), { minLength: 1, maxLength: 7 }).map((fields) => fields.join(delimiter)) }, { weight: 1, arbitrary: whitespaceArb }), {
        maxLength: 12,
      }),
      finalNewline: fc.boolean(),
    })
    .map(({ lines, finalNewline }) => ({ delimiter, text: lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '') })),
);

/** Malformed (or at least suspicious) documents: quotes dropped in, or random CSV-ish text. */
export const malformedArb = fc.oneof(
  fc
    .tuple(documentArb, fc.array(fc.tuple(fc.nat(), fc.constantFrom('"', '""', '\n', 'x')), { minLength: 1, maxLength: 4 }))
    .map(([{ delimiter, text }, inserts]) => {
      let out = text;
      for (const [at, what] of inserts) {
        const i = at % (out.length + 1);
        out = out.slice(0, i) + what + out.slice(i);
      }
      return { delimiter, text: out };
    })
    // A quote dropped between the halves of a surrogate pair: decoded text never has a lone one.
    .filter(({ text }) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)),
  fc.tuple(delimiterArb, fc.array(fc.constantFrom('"', ',', ';', '\t', '\n', ' ', 'a', '\uFEFF'), { maxLength: 30 })).map(([delimiter, chars]) => ({ delimiter, text: chars.join('') })),
);
