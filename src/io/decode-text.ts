// Bytes → text, as STATISTICS.md §1.1–§1.3 says: drop a UTF-8 BOM whatever the declared
// encoding, decode, then normalise line ends to \n. Invalid UTF-8 is an error that points at the
// line and suggests the encoding Spanish-locale Excel actually writes.
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

export interface DecodedText {
  /** The text with every line end normalised to \n. */
  text: string;
  hadBom: boolean;
  /** The line ends the file used before they were normalised. */
  lineEnding: LineEnding;
}

const hasUtf8Bom = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
const hasUtf16LeBom = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
const hasUtf16BeBom = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff;

export interface DetectedEncoding {
  encoding: Encoding;
  source: Exclude<EncodingSource, 'given'>;
  /** For a fallback: the line of the first byte that is not UTF-8. */
  firstInvalidLine?: number;
}

/** Reads the encoding off the bytes: BOM, then "is it valid UTF-8?", else Windows-1252. */
export function detectEncoding(bytes: Uint8Array, file: string): DetectedEncoding {
  if (hasUtf16LeBom(bytes)) return { encoding: 'utf-16le', source: 'bom' };
  if (hasUtf16BeBom(bytes)) throw utf16BeError(file);
  const bom = hasUtf8Bom(bytes);
  // A UTF-8 BOM in front of bytes that are not UTF-8: the file was saved again by a program that
  // kept the BOM but wrote Windows-1252; the bytes decide.
  const badLine = firstInvalidUtf8Line(bom ? bytes.subarray(3) : bytes);
  if (bom && badLine === undefined) return { encoding: 'utf-8', source: 'bom' };
  if (badLine === undefined) return { encoding: 'utf-8', source: 'valid-utf-8' };
  return { encoding: 'windows-1252', source: 'fallback', firstInvalidLine: badLine };
}

function firstInvalidUtf8Line(bytes: Uint8Array): number | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return undefined;
  } catch {
    const lossy = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const badAt = lossy.indexOf('\uFFFD');
    return lossy.slice(0, Math.max(0, badAt)).split(/\r\n|\r|\n/).length;
  }
}

export function utf16BeError(file: string): GbvError {
  return new GbvError('ENCODING', 'the file is UTF-16 big-endian, which gbv-impact does not read', {
    location: { file },
    hint: 'save it again as "CSV UTF-8" (or UTF-16LE, Excel\'s "Unicode text")',
  });
}

export function decodeText(bytes: Uint8Array, encoding: Encoding, file: string): DecodedText {
  if (encoding === 'utf-16le') {
    const hadBom = hasUtf16LeBom(bytes);
    let text: string;
    try {
      text = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(hadBom ? bytes.subarray(2) : bytes);
    } catch {
      throw new GbvError('ENCODING', 'the file is not valid UTF-16LE (it has an odd number of bytes or a broken character)', {
        location: { file },
        hint: 'leave out --encoding (or give --encoding auto) to let gbv-impact detect the encoding',
      });
    }
    return { text: text.replace(/\r\n?/g, '\n'), hadBom, lineEnding: detectLineEnding(text) };
  }
  const hadBom = hasUtf8Bom(bytes);
  const body = hadBom ? bytes.subarray(3) : bytes;
  let text: string;
  if (encoding === 'utf-8') {
    if (!hadBom && (hasUtf16LeBom(bytes) || hasUtf16BeBom(bytes))) {
      if (hasUtf16BeBom(bytes)) throw utf16BeError(file);
      throw new GbvError('ENCODING', 'the file is UTF-16LE (it starts with a UTF-16 byte order mark), not UTF-8', {
        location: { file, line: 1 },
        hint: 'give --encoding utf-16le, or leave out --encoding to let gbv-impact detect it',
      });
    }
    const badLine = firstInvalidUtf8Line(body);
    if (badLine !== undefined) {
      throw new GbvError('ENCODING', 'the file is not valid UTF-8', {
        location: { file, line: badLine },
        hint: 'files saved by Excel in Spanish are usually Windows-1252: try --encoding windows-1252',
      });
    }
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
  } else {
    text = decodeWindows1252(body);
  }
  return { text: text.replace(/\r\n?/g, '\n'), hadBom, lineEnding: detectLineEnding(text) };
}

export type LineEnding = 'lf' | 'crlf' | 'cr' | 'mixed' | 'none';

/** Which line ends the raw text uses (before they are normalised), for --verbose and the JSON input. */
export function detectLineEnding(raw: string): LineEnding {
  let crlf = false;
  let cr = false;
  let lf = false;
  for (let i = raw.indexOf('\r') >= 0 || raw.indexOf('\n') >= 0 ? 0 : raw.length; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 13) {
      if (raw.charCodeAt(i + 1) === 10) {
        crlf = true;
        i++;
      } else cr = true;
    } else if (c === 10) lf = true;
    if (+crlf + +cr + +lf > 1) return 'mixed';
  }
  if (crlf) return 'crlf';
  if (cr) return 'cr';
  return lf ? 'lf' : 'none';
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
