// Text encodings, as STATISTICS.md §1.1–§1.3 names them: the names --encoding accepts, the kinds
// of line end a file can use, and the Windows-1252 table. Reading itself (byte order marks,
// --encoding auto, line ends) happens piece by piece in read-delimited.ts.
//
// With `--encoding auto` (the default) the encoding is read off the bytes: a UTF-8 BOM means
// UTF-8, a UTF-16LE BOM (Excel's "Unicode text") means UTF-16LE, bytes that are valid UTF-8 are
// UTF-8, and anything else (even behind a UTF-8 BOM) is taken for Windows-1252, the encoding of Excel "Save as CSV" in
// Spanish. ASCII is valid in all three, so the guess only matters for accented letters, and the
// report says it was a guess.

import { GbvError } from '../errors.js';

export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le';

/** How the encoding was chosen: given on the command line, or read off the bytes (and how). */
export type EncodingSource = 'given' | 'bom' | 'valid-utf-8' | 'fallback';

const ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
};

export const ENCODING_NAMES = ['auto', ...Object.keys(ALIASES)];

export function parseEncoding(name: string): Encoding {
  const encoding = ALIASES[name.trim().toLowerCase()];
  if (!encoding) {
    throw new GbvError('USAGE', `unknown encoding "${name}"; use one of ${ENCODING_NAMES.join(', ')}`);
  }
  return encoding;
}

/** `auto` or an encoding; what `--encoding` accepts. */
export function parseEncodingOption(name: string): Encoding | 'auto' {
  return name.trim().toLowerCase() === 'auto' ? 'auto' : parseEncoding(name);
}

export function utf16BeError(file: string): GbvError {
  return new GbvError('ENCODING', 'the file is UTF-16 big-endian, which gbv-impact does not read', {
    location: { file },
    hint: 'save it again as "CSV UTF-8" (or UTF-16LE, Excel\'s "Unicode text")',
  });
}

export type LineEnding = 'lf' | 'crlf' | 'cr' | 'mixed' | 'none';

// Windows-1252 differs from Latin-1 only in 0x80–0x9F. Node 20's TextDecoder('windows-1252')
// decodes those bytes as Latin-1 control characters (fixed only in later Node versions), which
// would turn Excel's curly quotes and "€" into invisible characters, so the table is here.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}
