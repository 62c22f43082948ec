// Bytes → text, as STATISTICS.md §1.1–§1.3 says: drop a UTF-8 BOM whatever the declared
// encoding, decode, then normalise line ends to \n. Invalid UTF-8 is an error that points at the
// line and suggests the encoding Spanish-locale Excel actually writes.

import { GbvError } from '../errors.js';

export type Encoding = 'utf-8' | 'windows-1252';

const ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
};

export const ENCODING_NAMES = Object.keys(ALIASES);

export function parseEncoding(name: string): Encoding {
  const encoding = ALIASES[name.trim().toLowerCase()];
  if (!encoding) {
    throw new GbvError('USAGE', `unknown encoding "${name}"; use one of ${ENCODING_NAMES.join(', ')}`);
  }
  return encoding;
}

export interface DecodedText {
  text: string;
  hadBom: boolean;
}

export function decodeText(bytes: Uint8Array, encoding: Encoding, file: string): DecodedText {
  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;
  let text: string;
  if (encoding === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      const lossy = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
      const badAt = lossy.indexOf('\uFFFD');
      const line = lossy.slice(0, Math.max(0, badAt)).split(/\r\n|\r|\n/).length;
      throw new GbvError('ENCODING', 'the file is not valid UTF-8', {
        location: { file, line },
        hint: 'files saved by Excel in Spanish are usually Windows-1252: try --encoding windows-1252',
      });
    }
  } else {
    text = decodeWindows1252(body);
  }
  return { text: text.replace(/\r\n?/g, '\n'), hadBom };
}

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
