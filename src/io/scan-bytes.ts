// RFC 4180 straight from bytes, for text in an encoding where every byte below 0x80 is that
// ASCII character (UTF-8 once known valid, Windows-1252): the delimiter, quote, CR and LF can
// then be found in the bytes themselves, and most cells (a Likert answer, an age, a state code)
// are looked up by their bytes without ever becoming a string.
//
// It reads every document exactly as decoding, normalising line ends (\r\n and \r → \n) and
// then scan-csv.ts would: the same records and fields, blank lines, row numbers and the same
// errors at the same lines (test/io/read-delimited.property.test.ts checks that on random
// documents cut into random pieces). Strings are made only for the header, for fields that are long,
// quoted with "" or a line break inside, or not plain ASCII, and for error messages.

import type { KeyedTarget, RawRecord } from '../core/table/table.js';
import { CsvScanError, isBlankRange, quoteInsideField } from './scan-csv.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** ASCII whitespace as String.prototype.trim sees it. */
const isAsciiSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** Field flags: bare, quoted, or quoted with "" or a CR inside (its text needs rewriting). */
const BARE = 0;
const QUOTED = 1;
const QUOTED_REWRITE = 2;

/**
 * Gives each distinct short byte string a small number (1, 2, …), so a column can map cells to
 * codes by number instead of by string: FNV-1a hashing into an open-addressed table, the bytes
 * kept in an arena and compared on a hit. Fields longer than MAX_LENGTH, and every field once
 * MAX_ENTRIES strings are known (a column of unique ids), get −1: read them as text.
 */
export class ByteInterner {
  static readonly MAX_LENGTH = 64;
  static readonly MAX_ENTRIES = 1 << 16;
  private readonly slots = new Int32Array(1 << 17);
  private offsets = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private count = 0;

  id(buf: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length > ByteInterner.MAX_LENGTH) return -1;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return this.add(buf, start, length, slot);
      if (this.lengths[entry]! === length && this.sameBytes(entry, buf, start, length)) return entry;
    }
  }

  private sameBytes(entry: number, buf: Uint8Array, start: number, length: number): boolean {
    const at = this.offsets[entry]!;
    for (let i = 0; i < length; i++) if (this.arena[at + i] !== buf[start + i]) return false;
    return true;
  }

  private add(buf: Uint8Array, start: number, length: number, slot: number): number {
    if (this.count + 1 >= ByteInterner.MAX_ENTRIES) return -1;
    const entry = ++this.count;
    if (entry >= this.offsets.length) {
      const offsets = new Int32Array(this.offsets.length * 2);
      offsets.set(this.offsets);
      const lengths = new Int32Array(this.lengths.length * 2);
      lengths.set(this.lengths);
      this.offsets = offsets;
      this.lengths = lengths;
    }
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      arena.set(this.arena);
      this.arena = arena;
    }
    this.arena.set(buf.subarray(start, start + length), this.used);
    this.offsets[entry] = this.used;
    this.lengths[entry] = length;
    this.used += length;
    this.slots[slot] = entry;
    return entry;
  }
}

/** Keys of two-digit fields ("98", an age) start here (after the empty field, 0, and one-byte fields, 1–256). */
const TWO_DIGIT_KEYS = 257;
/** Keys of other fields (interned) start here. */
const INTERNED_KEYS = TWO_DIGIT_KEYS + 100;

/**
 * The key of the bytes buf[start, end) (RawRecord.shortKey): 0 when empty; one byte (most Likert
 * answers) or two digits (a missing code, an age) are their own key, with no hashing; a longer
 * field is interned; −1 when it must be read as text. Keys are small numbers (a column's
 * key → code table is as long as its largest key): a one-byte or two-digit column needs 357
 * entries, and interned ids are numbered from 1 in the order first met.
 */
export function fieldKey(interner: ByteInterner, buf: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return 0;
  if (length === 1) return 1 + buf[start]!;
  if (length === 2) {
    const a = buf[start]! - 48;
    const b = buf[start + 1]! - 48;
    if (a >>> 0 < 10 && b >>> 0 < 10) return TWO_DIGIT_KEYS + a * 10 + b;
  }
  const id = interner.id(buf, start, end);
  return id < 0 ? -1 : INTERNED_KEYS + id;
}

/** One record of a byte buffer: field k is buf[starts[k], ends[k]), the content inside any quotes. */
export class ByteRecord implements RawRecord {
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);
  /** Where the record starts and ends in buf (the end excludes the newline). */
  start = 0;
  end = 0;

  readonly interner = new ByteInterner();

  constructor(private readonly decode: (buf: Buffer, start: number, end: number) => string) {}

  push(start: number, end: number, flag: number): void {
    const k = this.count++;
    if (k >= this.starts.length) {
      const size = this.starts.length * 2;
      const starts = new Int32Array(size);
      starts.set(this.starts);
      const ends = new Int32Array(size);
      ends.set(this.ends);
      const flags = new Uint8Array(size);
      flags.set(this.flags);
      this.starts = starts;
      this.ends = ends;
      this.flags = flags;
    }
    this.starts[k] = start;
    this.ends[k] = end;
    this.flags[k] = flag;
  }

  shortKey(k: number): number {
    if (this.flags[k] === QUOTED_REWRITE) return -1;
    return fieldKey(this.interner, this.buf, this.starts[k]!, this.ends[k]!);
  }

  decodeRange(start: number, end: number): string {
    return this.decode(this.buf, start, end);
  }

  /** Text of another buffer in this record's encoding (for an error found before scanning). */
  decodeWith(buf: Buffer, start: number, end: number): string {
    return this.decode(buf, start, end);
  }

  text(k: number): string {
    const text = this.decode(this.buf, this.starts[k]!, this.ends[k]!);
    if (this.flags[k] !== QUOTED_REWRITE) return text;
    return text.replaceAll('""', '"').replace(/\r\n?/g, '\n');
  }

  isBlank(k: number): boolean {
    const buf = this.buf;
    for (let i = this.starts[k]!; i < this.ends[k]!; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return this.text(k).trim() === '';
      if (!isAsciiSpace(c)) return false;
    }
    return true;
  }

  /** The whole record is whitespace only (a blank line), as isBlankRange says of the text. */
  isBlankLine(): boolean {
    const buf = this.buf;
    for (let i = this.start; i < this.end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) {
        const text = this.decode(buf, this.start, this.end);
        return isBlankRange(text, 0, text.length);
      }
      if (!isAsciiSpace(c)) return false;
    }
    return true;
  }
}

export interface ByteScanProgress {
  consumed: number;
  line: number;
}

/**
 * Scans buf[0, length) for records, calling `onRecord` with each (the same ByteRecord object,
 * refilled). With `final: false` it stops at the first record it cannot finish (no newline yet,
 * a quote still open, or a CR that may be the first half of CRLF) and says where that starts.
 */
export function scanBytes(
  buf: Buffer,
  length: number,
  delimiter: number,
  record: ByteRecord,
  onRecord: (record: ByteRecord, line: number) => void,
  options: { final: boolean; line: number; start?: number; records?: number },
): ByteScanProgress {
  const { final } = options;
  let line = options.line;
  let pos = options.start ?? 0;
  let left = options.records ?? Infinity;
  record.buf = buf;
  while (pos < length && left-- > 0) {
    const start = pos;
    const startLine = line;
    record.count = 0;
    record.start = start;
    let end = -1;
    while (end < 0) {
      if (buf[pos] === QUOTE) {
        const openLine = line;
        let flag = QUOTED;
        let i = pos + 1;
        let close = -1;
        while (i < length) {
          const c = buf[i]!;
          if (c === QUOTE) {
            if (i + 1 < length && buf[i + 1] === QUOTE) {
              flag = QUOTED_REWRITE;
              i += 2;
              continue;
            }
            if (i + 1 >= length && !final) break; // "" split between pieces, or the closing quote
            close = i;
            break;
          }
          if (c === LF) line++;
          else if (c === CR) {
            flag = QUOTED_REWRITE;
            if (i + 1 >= length && !final) break;
            if (buf[i + 1] !== LF) line++;
          }
          i++;
        }
        if (close < 0) {
          if (!final) return { consumed: start, line: startLine };
          throw new CsvScanError('unclosed-quote', openLine, 'a quoted field is never closed: the file ends inside quotes');
        }
        record.push(pos + 1, close, flag);
        pos = close + 1;
        if (pos >= length) {
          if (!final) return { consumed: start, line: startLine };
          end = length;
          continue;
        }
        const c = buf[pos]!;
        if (c === delimiter) pos++;
        else if (c === LF || c === CR) {
          if (c === CR && pos + 1 >= length && !final) return { consumed: start, line: startLine };
          end = pos;
          pos += c === CR && buf[pos + 1] === LF ? 2 : 1;
        } else {
          throw new CsvScanError('text-after-closing-quote', line, 'a quote closes a field but more text follows before the delimiter');
        }
        continue;
      }
      let i = pos;
      while (i < length) {
        const c = buf[i]!;
        if (c === delimiter || c === LF || c === CR) break;
        if (c === QUOTE) {
          throw quoteInsideField(record.count, line, record.decodeRange(pos, i));
        }
        i++;
      }
      if (i >= length && !final) return { consumed: start, line: startLine };
      record.push(pos, i, BARE);
      if (i < length && buf[i] === delimiter) {
        // After a delimiter at the very end, the next turn adds the empty last field.
        pos = i + 1;
        continue;
      }
      end = i;
      if (i < length) {
        if (buf[i] === CR && i + 1 >= length && !final) return { consumed: start, line: startLine };
        pos = i + (buf[i] === CR && buf[i + 1] === LF ? 2 : 1);
      } else pos = length;
    }
    record.end = end;
    onRecord(record, startLine);
    line++;
  }
  return { consumed: pos, line };
}

/** 1 for the bytes that end a bare field or make it not plain: one load and test per byte. */
let stopTable = new Uint8Array(256);
let stopDelimiter = -1;

function stopsFor(delimiter: number): Uint8Array {
  if (delimiter !== stopDelimiter) {
    stopTable = new Uint8Array(256);
    stopTable[delimiter] = stopTable[LF] = stopTable[CR] = stopTable[QUOTE] = 1;
    stopDelimiter = delimiter;
  }
  return stopTable;
}

/**
 * The common case, fused: from `pos`, rows of exactly `target.width` fields, each bare or quoted
 * without a quote or line break inside, every kept field short enough to have a key, and not
 * all empty; their codes are written straight into the target (a key not seen yet is learned
 * from the field's text, `decode`d, as the general way learns it). Stops at the first record
 * that is anything else (or incomplete, or past the room the columns have), for scanBytes to
 * read the general way, which reads the same rows identically (test/io/scan-keyed-rows.property.test.ts).
 * A row it stops in may have taught its columns values first: the general way then finds them
 * known, with the codes it would have given them, as it reads the row's fields in the same order.
 * Returns where it stopped and how many rows it wrote (each one line: no line breaks inside).
 */
export function scanKeyedRows(
  buf: Buffer,
  pos: number,
  length: number,
  delimiter: number,
  final: boolean,
  interner: ByteInterner,
  target: KeyedTarget,
  firstRowNumber: number,
  decode: (buf: Buffer, start: number, end: number) => string,
): { pos: number; rows: number } {
  const { width, byKey, codes, rowNumbers, emptyRow, end } = target;
  const last = width - 1;
  const stops = stopsFor(delimiter);
  let row = target.row;
  rows: while (row < end && pos < length) {
    const start = pos;
    let empty = 1;
    for (let col = 0; col < width; col++) {
      let i = pos;
      let c = -1;
      let fieldStart = pos;
      let fieldEnd: number;
      if (buf[pos] === QUOTE) {
        i = pos + 1;
        while (i < length) {
          c = buf[i]!;
          if (c === QUOTE || c === LF || c === CR) break;
          i++;
        }
        if (c !== QUOTE || i + 1 >= length) {
          pos = start;
          break rows;
        }
        fieldStart = pos + 1;
        fieldEnd = i;
        c = buf[++i]!;
      } else {
        while (i < length && stops[buf[i]!] === 0) i++;
        if (i < length) c = buf[i]!;
        fieldEnd = i;
      }
      // The field must end with a delimiter, or with a line end when it is the last one.
      if (i >= length || (c === delimiter) === (col === last) || (c !== delimiter && c !== LF && c !== CR)) {
        pos = start;
        break rows;
      }
      const map = byKey[col];
      if (map !== undefined) {
        const key = fieldKey(interner, buf, fieldStart, fieldEnd);
        let code = key >= 0 && key < map.length ? map[key]! : -1;
        if (code < 0) {
          if (key < 0) {
            pos = start;
            break rows;
          }
          code = target.learn(col, row, key, decode(buf, fieldStart, fieldEnd));
        }
        codes[col]![row] = code;
        if (code !== 0) empty = 0;
      } else if (empty === 1 && fieldEnd > fieldStart) {
        // A field the table does not keep only says whether the row is empty.
        const first = buf[fieldStart]!;
        if (first >= 0x80 || isAsciiSpace(first)) {
          pos = start;
          break rows;
        }
        empty = 0;
      }
      if (c === CR) {
        // CRLF, or a lone CR: unless the piece ends here, where an LF may follow in the next.
        if (i + 1 >= length && !final) {
          pos = start;
          break rows;
        }
        pos = i + (buf[i + 1] === LF ? 2 : 1);
      } else pos = i + 1;
    }
    if (empty === 1) {
      pos = start;
      break;
    }
    rowNumbers[row] = firstRowNumber + (row - target.row);
    emptyRow[row] = 0;
    row++;
  }
  return { pos, rows: row - target.row };
}
