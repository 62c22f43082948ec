// Delimited text (CSV, semicolon- or tab-separated), streamed: bytes are read a piece at a time,
// decoded, line ends normalised, split into records and handed to a sink, so a file of any size
// is read in constant memory beside what the sink keeps. Every rule of decode-text.ts applies
// unchanged (STATISTICS.md §1.1–§1.3): BOMs, `--encoding auto` (UTF-16LE by BOM, UTF-8 when the
// bytes are valid UTF-8, else Windows-1252, in which case the file is read again from the start
// in that encoding), and the same errors at the same lines.

import { createHash } from 'node:crypto';
import { GbvError } from '../errors.js';
import type { ByteSource } from './byte-source.js';
import { decodeWindows1252, utf16BeError, type Encoding, type EncodingSource, type LineEnding } from './decode-text.js';
import { detectDelimiter, detectDelimiterSoFar } from './detect-delimiter.js';
import { isUtf8 } from 'node:buffer';
import { ByteCsvReader, CsvRecordReader, type RawRecordSink, type RecordSink } from './parse-csv.js';

export interface DelimitedRead {
  encoding: Encoding;
  encodingSource: EncodingSource;
  /** For an encoding guessed as Windows-1252: the line of the first byte that is not UTF-8. */
  firstInvalidLine?: number;
  delimiter: string;
  delimiterSource: 'given' | 'detected';
  lineEnding: LineEnding;
  hadBom: boolean;
  blankLinesSkipped: number;
  sha256: string;
  bytes: number;
}

export interface DelimitedOptions {
  encoding: Encoding | 'auto';
  delimiter: string | 'auto';
  /** Called after each piece with the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
  /** `text` forces the string scanner (scan-csv.ts) where the byte scanner would be used (tests compare them). */
  scanner?: 'bytes' | 'text';
}

/** Not UTF-8 after all: `auto` reads the file again as Windows-1252. */
class NotUtf8 extends Error {
  constructor(readonly line: number) {
    super('not UTF-8');
  }
}

/**
 * Reads `source` to the end into the sink `makeSink` returns (called again if the file has to
 * be read a second time, so a sink never sees a row twice).
 */
export function readDelimited(source: ByteSource, file: string, options: DelimitedOptions, makeSink: () => RecordSink & RawRecordSink): DelimitedRead {
  if (options.encoding !== 'auto') return readAs(source, file, options, makeSink, options.encoding, 'given');
  const head = firstPiece(source) ?? new Uint8Array(0);
  source.rewind();
  if (hasUtf16LeBom(head)) return readAs(source, file, options, makeSink, 'utf-16le', 'bom');
  if (hasUtf16BeBom(head)) throw utf16BeError(file);
  const source8: EncodingSource = hasUtf8Bom(head) ? 'bom' : 'valid-utf-8';
  try {
    return readAs(source, file, options, makeSink, 'utf-8', source8, true);
  } catch (error) {
    if (!(error instanceof NotUtf8)) throw error;
    source.rewind();
    return { ...readAs(source, file, options, makeSink, 'windows-1252', 'fallback'), firstInvalidLine: error.line };
  }
}

function readAs(
  source: ByteSource,
  file: string,
  options: DelimitedOptions,
  makeSink: () => RecordSink & RawRecordSink,
  encoding: Encoding,
  encodingSource: EncodingSource,
  guessing = false,
): DelimitedRead {
  const asciiDelimiter = options.delimiter === 'auto' || options.delimiter.charCodeAt(0) < 0x80;
  if (encoding !== 'utf-16le' && asciiDelimiter && options.scanner !== 'text') {
    try {
      return readBytesAs(source, file, options, makeSink, encoding, encodingSource);
    } catch (error) {
      if (!(error instanceof InvalidUtf8)) throw error;
      // Not valid UTF-8 after all: the text path finds where, and says so or reads it as Windows-1252.
      source.rewind();
    }
  }
  return readTextAs(source, file, options, makeSink, encoding, encodingSource, guessing);
}

/** The byte-level path met a byte sequence that is not UTF-8. */
class InvalidUtf8 extends Error {}

/** Text in UTF-8 (checked piece by piece) or Windows-1252, scanned as bytes (scan-bytes.ts). */
function readBytesAs(
  source: ByteSource,
  file: string,
  options: DelimitedOptions,
  makeSink: () => RawRecordSink,
  encoding: Encoding,
  encodingSource: EncodingSource,
): DelimitedRead {
  const hash = createHash('sha256');
  const decode = encoding === 'utf-8' ? decodeUtf8Range : decodeWindows1252Range;
  const sink = makeSink();
  const lineEnds = new ByteLineEnds();
  let reader: ByteCsvReader | undefined;
  let delimiter = options.delimiter === 'auto' ? undefined : options.delimiter;
  let head: Buffer | undefined;
  let bytes = 0;
  let hadBom = false;
  // The last bytes of a piece that may begin a UTF-8 character finished in the next piece.
  let carry: Buffer | undefined;

  const take = (piece: Uint8Array, final: boolean) => {
    if (reader === undefined) {
      head = head === undefined ? Buffer.from(piece) : Buffer.concat([head, piece]);
      if (delimiter === undefined) {
        const text = decode(head, 0, head.length).replace(/\r\n?/g, '\n');
        delimiter = final ? detectDelimiter(text).delimiter : detectDelimiterSoFar(text)?.delimiter;
      }
      if (delimiter === undefined) return;
      if (delimiter.charCodeAt(0) >= 0x80) throw new Error('unreachable: detected delimiters are ASCII');
      reader = new ByteCsvReader(delimiter, file, sink, decode);
      piece = head;
      head = undefined;
    }
    if (final) reader.finish(piece);
    else reader.push(piece);
  };

  for (let piece = firstPiece(source); piece !== null; piece = source.next()) {
    hash.update(piece);
    let body = piece;
    if (bytes === 0) {
      if (hasUtf8Bom(piece)) {
        hadBom = true;
        body = piece.subarray(3);
      } else if (encoding === 'utf-8' && (hasUtf16LeBom(piece) || hasUtf16BeBom(piece))) {
        throw new InvalidUtf8();
      }
    }
    bytes += piece.length;
    if (encoding === 'utf-8') {
      const joined = carry ? Buffer.concat([carry, body]) : body;
      const cut = incompleteTail(joined);
      if (!isUtf8(joined.subarray(0, joined.length - cut))) throw new InvalidUtf8();
      carry = cut > 0 ? Buffer.from(joined.subarray(joined.length - cut)) : undefined;
      body = joined.subarray(0, joined.length - cut);
    }
    lineEnds.see(body);
    take(body, false);
    options.onProgress?.(bytes);
  }
  if (carry !== undefined) throw new InvalidUtf8();
  lineEnds.end();
  take(new Uint8Array(0), true);
  return { encoding, encodingSource, delimiter: delimiter!, delimiterSource: sourceOf(options), lineEnding: lineEnds.ending, hadBom, blankLinesSkipped: reader!.blankLinesSkipped, sha256: hash.digest('hex'), bytes };
}

const sourceOf = (options: DelimitedOptions) => (options.delimiter === 'auto' ? 'detected' : 'given');

/** How many bytes at the end of `bytes` start a UTF-8 character that is not complete (0–3). */
function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const c = bytes[n - back]!;
    if (c < 0x80) return 0;
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return need > back ? back : 0;
    }
  }
  return 0;
}

const decodeUtf8Range = (buf: Buffer, start: number, end: number) => buf.toString('utf8', start, end);
const decodeWindows1252Range = (buf: Buffer, start: number, end: number) => decodeWindows1252(buf.subarray(start, end));

/** Which line ends the bytes use (\r\n, \r, \n), across pieces. */
class ByteLineEnds {
  private crlf = false;
  private cr = false;
  private lf = false;
  private lastWasCr = false;

  see(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.lastWasCr) {
      if (bytes[0] === 10) this.crlf = true;
      else this.cr = true;
    }
    if (bytes.indexOf(13) < 0) {
      if (!this.lf && bytes.indexOf(10, this.lastWasCr ? 1 : 0) >= 0) this.lf = true;
      this.lastWasCr = false;
      return;
    }
    const start = this.lastWasCr && bytes[0] === 10 ? 1 : 0;
    this.lastWasCr = false;
    for (let i = start; i < bytes.length; i++) {
      const c = bytes[i]!;
      if (c === 13) {
        if (i + 1 === bytes.length) this.lastWasCr = true;
        else if (bytes[i + 1] === 10) {
          this.crlf = true;
          i++;
        } else this.cr = true;
      } else if (c === 10) this.lf = true;
    }
  }

  end(): void {
    if (this.lastWasCr) this.cr = true;
    this.lastWasCr = false;
  }

  get ending(): LineEnding {
    const kinds = +this.crlf + +this.cr + +this.lf;
    if (kinds > 1) return 'mixed';
    if (this.crlf) return 'crlf';
    if (this.cr) return 'cr';
    return this.lf ? 'lf' : 'none';
  }
}

function readTextAs(
  source: ByteSource,
  file: string,
  options: DelimitedOptions,
  makeSink: () => RecordSink,
  encoding: Encoding,
  encodingSource: EncodingSource,
  guessing = false,
): DelimitedRead {
  const hash = createHash('sha256');
  const decoder = pieceDecoder(encoding, file, guessing);
  const lineEnds = new LineEndNormaliser();
  let reader: CsvRecordReader | undefined;
  let delimiter = options.delimiter === 'auto' ? undefined : options.delimiter;
  let head = '';
  let bytes = 0;
  let hadBom = false;
  const sink = makeSink();

  const take = (text: string, final: boolean) => {
    decoder.linesSeen += countNewlines(text);
    if (reader === undefined) {
      head += text;
      if (delimiter === undefined) delimiter = final ? detectDelimiter(head).delimiter : detectDelimiterSoFar(head)?.delimiter;
      if (delimiter === undefined) return;
      reader = new CsvRecordReader(delimiter, file, sink);
      text = head;
      head = '';
    }
    if (final) reader.finish(text);
    else reader.push(text);
  };

  for (let piece = firstPiece(source); piece !== null; piece = source.next()) {
    hash.update(piece);
    let body = piece;
    if (bytes === 0) {
      if (encoding === 'utf-16le' ? hasUtf16LeBom(piece) : hasUtf8Bom(piece)) {
        hadBom = true;
        body = piece.subarray(encoding === 'utf-16le' ? 2 : 3);
      } else if (encoding === 'utf-8' && (hasUtf16LeBom(piece) || hasUtf16BeBom(piece))) {
        if (hasUtf16BeBom(piece)) throw utf16BeError(file);
        throw new GbvError('ENCODING', 'the file is UTF-16LE (it starts with a UTF-16 byte order mark), not UTF-8', {
          location: { file, line: 1 },
          hint: 'give --encoding utf-16le, or leave out --encoding to let gbv-impact detect it',
        });
      }
    }
    bytes += piece.length;
    take(lineEnds.normalise(decoder.decode(body), false), false);
    options.onProgress?.(bytes);
  }
  take(lineEnds.normalise(decoder.decode(undefined), true), true);
  return { encoding, encodingSource, delimiter: delimiter!, delimiterSource: sourceOf(options), lineEnding: lineEnds.ending, hadBom, blankLinesSkipped: reader!.blankLinesSkipped, sha256: hash.digest('hex'), bytes };
}

/** The first piece, at least 4 bytes long unless the input is shorter, so a byte order mark is never split. */
function firstPiece(source: ByteSource): Uint8Array | null {
  let piece = source.next();
  if (piece === null || piece.length >= 4) return piece;
  const parts = [Uint8Array.from(piece)];
  let length = piece.length;
  while (length < 4 && (piece = source.next()) !== null) {
    parts.push(Uint8Array.from(piece));
    length += piece.length;
  }
  return Buffer.concat(parts);
}

/** Decodes piece by piece; `undefined` flushes the end. Knows how many lines it has handed out. */
function pieceDecoder(encoding: Encoding, file: string, guessing: boolean): { decode: (bytes: Uint8Array | undefined) => string; linesSeen: number } {
  if (encoding === 'windows-1252') return { decode: (bytes) => (bytes ? decodeWindows1252(bytes) : ''), linesSeen: 0 };
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  const state = {
    linesSeen: 0,
    decode(bytes: Uint8Array | undefined): string {
      try {
        return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
      } catch {
        if (encoding === 'utf-16le') {
          throw new GbvError('ENCODING', 'the file is not valid UTF-16LE (it has an odd number of bytes or a broken character)', {
            location: { file },
            hint: 'leave out --encoding (or give --encoding auto) to let gbv-impact detect the encoding',
          });
        }
        const line = state.linesSeen + 1 + (bytes ? linesBeforeInvalid(bytes) : 0);
        if (guessing) throw new NotUtf8(line);
        throw new GbvError('ENCODING', 'the file is not valid UTF-8', {
          location: { file, line },
          hint: 'files saved by Excel in Spanish are usually Windows-1252: try --encoding windows-1252',
        });
      }
    },
  };
  return state;
}

/** Line breaks before the first byte of `bytes` that is not UTF-8 (a piece may start inside a character). */
function linesBeforeInvalid(bytes: Uint8Array): number {
  let start = 0;
  while (start < 3 && start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  const lossy = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(start));
  const badAt = lossy.indexOf('\uFFFD');
  return lossy.slice(0, Math.max(0, badAt)).split(/\r\n|\r|\n/).length - 1;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** \r\n and \r → \n across pieces (a \r at the end of a piece waits for the next), noting which were seen. */
class LineEndNormaliser {
  private heldCr = false;
  private crlf = false;
  private cr = false;
  private lf = false;

  normalise(piece: string, final: boolean): string {
    let text = this.heldCr ? `\r${piece}` : piece;
    this.heldCr = false;
    if (!final && text.endsWith('\r')) {
      text = text.slice(0, -1);
      this.heldCr = true;
    }
    if (text.indexOf('\r') < 0) {
      if (!this.lf && text.indexOf('\n') >= 0) this.lf = true;
      return text;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) {
          this.crlf = true;
          i++;
        } else this.cr = true;
      } else if (c === 10) this.lf = true;
    }
    return text.replace(/\r\n?/g, '\n');
  }

  get ending(): LineEnding {
    const kinds = +this.crlf + +this.cr + +this.lf;
    if (kinds > 1) return 'mixed';
    if (this.crlf) return 'crlf';
    if (this.cr) return 'cr';
    return this.lf ? 'lf' : 'none';
  }
}

const hasUtf8Bom = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
const hasUtf16LeBom = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
const hasUtf16BeBom = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff;
