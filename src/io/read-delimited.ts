// Delimited text (CSV, semicolon- or tab-separated), streamed: bytes are read a piece at a time
// and handed to a record reader, so a file of any size is read in constant memory beside what
// the sink keeps. Every rule of decode-text.ts applies unchanged (STATISTICS.md §1.1–§1.3):
// BOMs, `--encoding auto` (UTF-16LE by BOM, UTF-8 when the bytes are valid UTF-8, else
// Windows-1252, in which case the file is read again from the start in that encoding), and the
// same errors at the same lines.
//
// Two paths: UTF-8 (checked piece by piece) and Windows-1252 go to the byte scanner
// (scan-bytes.ts), which finds the delimiter, quotes and line ends in the bytes themselves;
// UTF-16LE, a non-ASCII delimiter, or `scanner: 'text'` decode each piece, normalise line ends
// and go to the text scanner (scan-csv.ts). --delimiter auto is decided on the first records as
// they arrive (detect-delimiter.ts).

import { createHash } from 'node:crypto';
import { GbvError } from '../errors.js';
import type { ByteSource } from './byte-source.js';
import { decodeWindows1252, utf16BeError, type Encoding, type EncodingSource, type LineEnding } from './decode-text.js';
import { delimiterFromHead } from './detect-delimiter.js';
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
  let invalidLine: number;
  try {
    return readAs(source, file, options, makeSink, 'utf-8', source8, true);
  } catch (error) {
    if (error instanceof NotUtf8) invalidLine = error.line;
    else {
      // A fault met before the first byte that is not UTF-8 (read in pieces, the file had not
      // been seen whole yet): when there is such a byte further on, the file is Windows-1252, and
      // the fault is told in that encoding, as it is when one piece holds the whole file.
      if (!(error instanceof GbvError)) throw error;
      const invalidAt = firstInvalidUtf8In(source);
      if (invalidAt < 0) throw error;
      invalidLine = lineOfOffset(source, invalidAt);
    }
  }
  source.rewind();
  return { ...readAs(source, file, options, makeSink, 'windows-1252', 'fallback'), firstInvalidLine: invalidLine };
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
    return readBytesAs(source, file, options, makeSink, encoding, encodingSource, guessing);
  }
  return readTextAs(source, file, options, makeSink, encoding, encodingSource, guessing);
}

/** Text in UTF-8 (checked piece by piece) or Windows-1252, scanned as bytes (scan-bytes.ts). */
function readBytesAs(
  source: ByteSource,
  file: string,
  options: DelimitedOptions,
  makeSink: () => RawRecordSink,
  encoding: Encoding,
  encodingSource: EncodingSource,
  guessing: boolean,
): DelimitedRead {
  const decode = encoding === 'utf-8' ? decodeUtf8Range : decodeWindows1252Range;
  const sink = makeSink();
  const lineEnds = new ByteLineEnds();
  let reader: ByteCsvReader | undefined;
  let delimiter = options.delimiter === 'auto' ? undefined : options.delimiter;
  let head: Buffer | undefined;
  let headText = '';
  // The last bytes of a piece that may begin a UTF-8 character finished in the next piece.
  let carry: Buffer | undefined;
  // Where in the file the bytes checked next start (the carry's first byte).
  let checkedTo = 0;
  const invalidAt = (offset: number) => notUtf8(lineOfOffset(source, offset), file, guessing);

  // `settle`: decide the delimiter on what has come so far (at the end, or before an error ends the reading).
  const take = (piece: Uint8Array, final: boolean, settle = final) => {
    if (reader === undefined) {
      head = head === undefined ? Buffer.from(piece) : Buffer.concat([head, piece]);
      if (delimiter === undefined) {
        // Pieces end on whole characters, so each is decoded once, as it comes.
        headText += decode(Buffer.from(piece.buffer, piece.byteOffset, piece.length), 0, piece.length).replace(/\r\n?/g, '\n');
        delimiter = delimiterFromHead(headText, settle);
      }
      if (delimiter === undefined) return;
      headText = '';
      if (delimiter.charCodeAt(0) >= 0x80) throw new Error('unreachable: detected delimiters are ASCII');
      reader = new ByteCsvReader(delimiter, file, sink, decode, source.size);
      piece = head;
      head = undefined;
    }
    if (final) reader.finish(piece);
    else reader.push(piece);
  };

  // Before a byte that is not UTF-8 ends the reading, the records before it are read, those put
  // aside and those still waiting for the delimiter to be detected: a fault among them comes first.
  const readAllBefore = (bytes: Uint8Array) => {
    take(bytes, false, true);
    reader!.flush();
  };

  const read = readPieces(source, encoding, file, options.onProgress, (piece, skipped) => {
    let body = piece;
    checkedTo += skipped;
    if (encoding === 'utf-8') {
      const joined = carry ? Buffer.concat([carry, body]) : body;
      const cut = incompleteTail(joined);
      const whole = joined.subarray(0, joined.length - cut);
      if (!isUtf8(whole)) {
        // Faults in the order of the file, however it was cut.
        const bad = firstInvalidUtf8(whole);
        readAllBefore(whole.subarray(0, bad));
        throw invalidAt(checkedTo + bad);
      }
      checkedTo += whole.length;
      carry = cut > 0 ? Buffer.from(joined.subarray(joined.length - cut)) : undefined;
      body = whole;
    }
    lineEnds.see(body);
    take(body, false);
  });
  if (carry !== undefined) {
    readAllBefore(new Uint8Array(0));
    throw invalidAt(checkedTo);
  }
  lineEnds.end();
  take(new Uint8Array(0), true);
  return { ...read, encoding, encodingSource, delimiter: delimiter!, delimiterSource: sourceOf(options), lineEnding: lineEnds.ending, blankLinesSkipped: reader!.blankLinesSkipped };
}

/** Every piece of the source, hashed and counted, the first without its byte order mark (`skipped` says how many bytes that was). */
function readPieces(
  source: ByteSource,
  encoding: Encoding,
  file: string,
  onProgress: DelimitedOptions['onProgress'],
  each: (body: Uint8Array, skipped: number) => void,
): { sha256: string; bytes: number; hadBom: boolean } {
  const hash = createHash('sha256');
  let bytes = 0;
  let hadBom = false;
  for (let piece = firstPiece(source); piece !== null; piece = source.next()) {
    hash.update(piece);
    const body = bytes === 0 ? withoutBom(piece, encoding, file) : piece;
    if (bytes === 0) hadBom = body.length < piece.length;
    const skipped = piece.length - body.length;
    bytes += piece.length;
    each(body, skipped);
    onProgress?.(bytes);
  }
  return { sha256: hash.digest('hex'), bytes, hadBom };
}

const sourceOf = (options: DelimitedOptions) => (options.delimiter === 'auto' ? 'detected' : 'given');

/** Where the first byte sequence that is not UTF-8 starts in `bytes` (which isUtf8 refused). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lower = 0xa0;
      if (c === 0xed) upper = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lower = 0x90;
      if (c === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = bytes[i + k];
      if (d === undefined || d < (k === 1 ? lower : 0x80) || d > (k === 1 ? upper : 0xbf)) return i;
    }
    i += need + 1;
  }
  return n;
}

/**
 * Where the first byte that is not UTF-8 is in the whole input, read again from the start (an
 * unfinished character at the very end counts); −1 when every byte is UTF-8.
 */
function firstInvalidUtf8In(source: ByteSource): number {
  source.rewind();
  let base = 0;
  let carry: Buffer | undefined;
  for (let piece = source.next(); piece !== null; piece = source.next()) {
    const joined = carry ? Buffer.concat([carry, piece]) : piece;
    const cut = incompleteTail(joined);
    const whole = joined.subarray(0, joined.length - cut);
    if (!isUtf8(whole)) return base + firstInvalidUtf8(whole);
    base += whole.length;
    carry = cut > 0 ? Buffer.from(joined.subarray(joined.length - cut)) : undefined;
  }
  return carry === undefined ? -1 : base;
}

/** The line (from 1) of the byte at `offset`: the line breaks before it (\n, \r\n, a lone \r), read again from the start. */
function lineOfOffset(source: ByteSource, offset: number): number {
  source.rewind();
  let line = 1;
  let seen = 0;
  let lastWasCr = false;
  for (let piece = source.next(); piece !== null && seen < offset; piece = source.next()) {
    const end = Math.min(piece.length, offset - seen);
    for (let i = 0; i < end; i++) {
      const c = piece[i]!;
      if (c === 10) {
        if (!lastWasCr) line++;
        lastWasCr = false;
      } else if (c === 13) {
        line++;
        lastWasCr = true;
      } else lastWasCr = false;
    }
    seen += piece.length;
  }
  return line;
}

/** The first piece without its byte order mark (a UTF-8 one, or UTF-16LE's for that encoding). */
function withoutBom(piece: Uint8Array, encoding: Encoding, file: string): Uint8Array {
  if (encoding === 'utf-16le') return hasUtf16LeBom(piece) ? piece.subarray(2) : piece;
  if (hasUtf8Bom(piece)) return piece.subarray(3);
  if (encoding === 'utf-8') rejectUtf16Bom(piece, file);
  return piece;
}

/** --encoding utf-8 given for a file that starts with a UTF-16 byte order mark. */
function rejectUtf16Bom(piece: Uint8Array, file: string): void {
  if (hasUtf16BeBom(piece)) throw utf16BeError(file);
  if (hasUtf16LeBom(piece)) {
    throw new GbvError('ENCODING', 'the file is UTF-16LE (it starts with a UTF-16 byte order mark), not UTF-8', {
      location: { file, line: 1 },
      hint: 'give --encoding utf-16le, or leave out --encoding to let gbv-impact detect it',
    });
  }
}

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

/** Which kinds of line end a file used: one kind, a mix, or none. */
class LineEndKinds {
  protected crlf = false;
  protected cr = false;
  protected lf = false;

  get ending(): LineEnding {
    const kinds = +this.crlf + +this.cr + +this.lf;
    if (kinds > 1) return 'mixed';
    if (this.crlf) return 'crlf';
    if (this.cr) return 'cr';
    return this.lf ? 'lf' : 'none';
  }
}

/** Which line ends the bytes use (\r\n, \r, \n), across pieces. */
class ByteLineEnds extends LineEndKinds {
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
  const lineEnds = new LineEndNormaliser();
  const decoder = pieceDecoder(encoding, file, guessing, () => lineOfOffset(source, firstInvalidUtf8In(source)));
  let reader: CsvRecordReader | undefined;
  let delimiter = options.delimiter === 'auto' ? undefined : options.delimiter;
  let head = '';
  const sink = makeSink();

  const take = (text: string, final: boolean) => {
    if (reader === undefined) {
      head += text;
      if (delimiter === undefined) delimiter = delimiterFromHead(head, final);
      if (delimiter === undefined) return;
      reader = new CsvRecordReader(delimiter, file, sink);
      text = head;
      head = '';
    }
    if (final) reader.finish(text);
    else reader.push(text);
  };

  const read = readPieces(source, encoding, file, options.onProgress, (body) => take(lineEnds.normalise(decoder.decode(body), false), false));
  take(lineEnds.normalise(decoder.decode(undefined), true), true);
  return { ...read, encoding, encodingSource, delimiter: delimiter!, delimiterSource: sourceOf(options), lineEnding: lineEnds.ending, blankLinesSkipped: reader!.blankLinesSkipped };
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

/**
 * Bytes that are not UTF-8 at `line`: with `--encoding auto` the signal to read the file again as
 * Windows-1252; with `--encoding utf-8` the error.
 */
function notUtf8(line: number, file: string, guessing: boolean): Error {
  if (guessing) return new NotUtf8(line);
  return new GbvError('ENCODING', 'the file is not valid UTF-8', {
    location: { file, line },
    hint: 'files saved by Excel in Spanish are usually Windows-1252: try --encoding windows-1252',
  });
}

/** Decodes piece by piece; `undefined` flushes the end. */
function pieceDecoder(
  encoding: Encoding,
  file: string,
  guessing: boolean,
  lineOfInvalid: () => number,
): { decode: (bytes: Uint8Array | undefined) => string } {
  if (encoding === 'windows-1252') return { decode: (bytes) => (bytes ? decodeWindows1252(bytes) : '') };
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  return {
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
        // The decoder keeps the start of a character across pieces, so where the bad byte is
        // is found again from the start of the file (an error path: reading twice is fine).
        throw notUtf8(lineOfInvalid(), file, guessing);
      }
    },
  };
}

/** \r\n and \r → \n across pieces (a \r at the end of a piece waits for the next), noting which were seen. */
class LineEndNormaliser extends LineEndKinds {
  private heldCr = false;

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
}

const hasUtf8Bom = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
const hasUtf16LeBom = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
const hasUtf16BeBom = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff;
