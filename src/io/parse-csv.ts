// RFC 4180 text → header and trimmed rows, following STATISTICS.md §1.4–§1.6. Blank lines
// (empty or whitespace only) are skipped and counted; rows keep the number a spreadsheet would
// show them at (the header is row 1), so every later message can point at them.
//
// Limits: a row (the header included) may have at most MAX_FIELDS_PER_ROW fields. No survey
// has that many questions; a row that does is a wrong --delimiter or a corrupt export, and one
// sentence saying so beats minutes of matching a million columns. A NUL character never occurs
// in a text export: it means a binary file, or UTF-16 text without a byte order mark.
//
// Records come from the project's own scanners, which replaced csv-parse here: scan-csv.ts over
// text (it reads every document as csv-parse did, test/io/scan-csv.property.test.ts) and
// scan-bytes.ts over bytes (it reads every document as scan-csv.ts does,
// test/io/read-delimited.property.test.ts), with the same messages and lines for the same
// mistakes (docs/performance.md has the timings). Both readers below take a file in pieces.

import { GbvError } from '../errors.js';
import type { KeyedTarget, RawRecord } from '../core/table/table.js';
import { PIECE_BYTES } from './byte-source.js';
import { ByteRecord, scanBytes, scanKeyedRows, type ByteScanProgress } from './scan-bytes.js';
import { CsvScanError, isBlankRange, scanCsv } from './scan-csv.js';

export interface SurveyTable {
  header: string[];
  /** Data rows, cells trimmed, blank lines removed; fully empty rows are still here. */
  rows: string[][];
  /** Spreadsheet row number of each entry of `rows`. */
  rowNumbers: number[];
  blankLinesSkipped: number;
  /** Rows whose number of fields differs from the header's: row number and field count. */
  raggedRows: { row: number; fields: number }[];
}

/** The most fields a row, or the header, may have (README: "Limits"). */
export const MAX_FIELDS_PER_ROW = 100_000;

/**
 * The longest record, in characters, that may be waiting for its end: past it the file is
 * taken to have a quote that never closes (README: "Limits"). A JavaScript string cannot be
 * much longer than 512 Mi characters anyway.
 */
export const MAX_RECORD_CHARS = 256 * 2 ** 20;

/** Where the records of a CSV go: the header once, then every data row (untrimmed cells). */
export interface RecordSink {
  setHeader(cells: string[]): void;
  addRow(cells: string[], rowNumber: number): void;
}

/**
 * What both readers below do with each record, whatever it was scanned from: number it (rows
 * are numbered by record, as a spreadsheet shows them: a quoted cell with line breaks is one row
 * however many lines it spans), skip and count blank lines, take the first other record as the
 * header, and hold the limits.
 */
class RecordRules {
  line = 1;
  row = 0;
  blankLinesSkipped = 0;
  /** Only rescan an unfinished record once the text waiting has grown to this length. */
  retryAt = 0;
  private hasHeader = false;
  // A syntax error anywhere in the file is reported before a row over the field limit, so the
  // first such row is only remembered until the whole file has been scanned.
  private overLimit: { what: 'header' | 'row'; row: number; fields: number } | undefined;

  constructor(readonly file: string) {}

  /** The next record is the header, a data row, or a blank line to skip. */
  classify(fields: number, isBlank: () => boolean): 'header' | 'row' | 'blank' {
    const row = ++this.row;
    const tooWide = fields > MAX_FIELDS_PER_ROW && this.overLimit === undefined;
    if (!this.hasHeader) {
      if (isBlank()) {
        this.blankLinesSkipped++;
        return 'blank';
      }
      if (tooWide) this.overLimit = { what: 'header', row, fields };
      this.hasHeader = true;
      return 'header';
    }
    if (tooWide) this.overLimit = { what: 'row', row, fields };
    if (isBlank()) {
      this.blankLinesSkipped++;
      return 'blank';
    }
    return 'row';
  }

  /** After a scan: where the unfinished record starts, and how long it is. */
  scanned(line: number, pending: number): void {
    this.line = line;
    this.retryAt = pending * 2;
    if (pending > MAX_RECORD_CHARS) throw recordTooLong(this.row + 1, this.line, this.file);
  }

  /** At the end of the file. */
  finish(): void {
    if (!this.hasHeader) {
      throw new GbvError('EMPTY_FILE', 'the file is empty: it has no header and no rows', { location: { file: this.file } });
    }
    if (this.overLimit !== undefined) throw tooManyFields(this.overLimit.what, this.overLimit.row, this.overLimit.fields, this.file);
  }

  /** A syntax error from either scanner, in the tool's words (anything else as it was). */
  inWords(error: unknown): unknown {
    return error instanceof CsvScanError ? scanErrorToGbv(error, this.file) : error;
  }
}

/**
 * CSV text → records, piece by piece: `push` each piece of decoded text (line ends \n) as it
 * arrives and `finish` at the end. Only the unfinished last record of a piece is carried over,
 * so memory does not grow with the file. Blank lines are skipped and counted; the header is the
 * first non-blank record; the limits above are enforced.
 */
export class CsvRecordReader {
  private pending = '';
  private readonly rules: RecordRules;

  constructor(
    private readonly delimiter: string,
    file: string,
    private readonly sink: RecordSink,
  ) {
    this.rules = new RecordRules(file);
  }

  get blankLinesSkipped(): number {
    return this.rules.blankLinesSkipped;
  }

  push(piece: string): void {
    if (this.pending.length + piece.length < this.rules.retryAt) {
      this.pending += piece;
      return;
    }
    this.scan(this.pending + piece, false);
  }

  finish(piece = ''): void {
    this.scan(this.pending + piece, true);
    this.pending = '';
    this.rules.finish();
  }

  private scan(text: string, final: boolean): void {
    const nul = text.indexOf('\0');
    if (nul >= 0) {
      // Faults in the order of the file, however it was cut: the records before the NUL are
      // read first (one of them may be a syntax error), then the NUL is the error.
      const line = this.rules.line;
      this.scanRecords(text.slice(0, nul), false);
      throw nulError(text, nul, line, this.rules.file);
    }
    this.scanRecords(text, final);
  }

  private scanRecords(text: string, final: boolean): void {
    const rules = this.rules;
    let progress;
    try {
      progress = scanCsv(
        text,
        this.delimiter,
        (fields, start, end) => {
          const kind = rules.classify(fields.length, () => isBlankRange(text, start, end));
          if (kind === 'header') this.sink.setHeader(fields);
          else if (kind === 'row') this.sink.addRow(fields, rules.row);
        },
        { final, line: rules.line },
      );
    } catch (error) {
      throw rules.inWords(error);
    }
    this.pending = text.slice(progress.consumed);
    rules.scanned(progress.line, this.pending.length);
  }
}

/** Where the records of a byte-level scan go: the header as text, then every data row as a RawRecord. */
export interface RawRecordSink {
  setHeader(cells: string[]): void;
  addRawRow(record: RawRecord, rowNumber: number): void;
  /** Where plain rows can be written directly (scanKeyedRows), when the sink can take them now. */
  keyedTarget?(): KeyedTarget | undefined;
  keyedRowsAdded?(count: number): void;
  /** Make room for about this many rows in all. */
  reserve?(rows: number): void;
}

/**
 * After this many tries of scanKeyedRows in a row that took fewer than this many rows each, the
 * next GENERAL_RUN records are read the general way before it is tried again: new values come
 * thick at the start of a file, and some files never suit it (quoted line breaks throughout, a
 * kept column of unique ids) or suit it only every other row (a free-text answer with a line
 * break in one row of two), where a try per row cost more than it saved (2.3× the general way,
 * measured in review; within a few percent since).
 */
const MAX_FAST_MISSES = 16;
const GENERAL_RUN = 256;
/**
 * The most rows room is made for from the first piece's estimate. Room is address space until
 * rows are written (2^27 rows: 128 MB per one-byte column, 512 MB of row numbers).
 */
const MAX_RESERVED_ROWS = 1 << 27;

/**
 * CsvRecordReader's twin for bytes in an ASCII-compatible encoding (scan-bytes.ts): the same
 * blank lines, header, limits, row numbers and errors, with fields handed over as byte ranges.
 */
export class ByteCsvReader {
  private pending: Buffer = Buffer.alloc(0);
  private reserved = false;
  /** Tries of scanKeyedRows in a row that took fewer than MAX_FAST_MISSES rows. */
  private misses = 0;
  /** Where the unfinished record and the next piece are put together, reused piece after piece. */
  private work: Buffer = Buffer.alloc(0);
  private readonly rules: RecordRules;
  private readonly record: ByteRecord;
  private readonly delimiter: number;

  constructor(
    delimiter: string,
    file: string,
    private readonly sink: RawRecordSink,
    private readonly decode: (buf: Buffer, start: number, end: number) => string,
    /** The size of the whole input when known: the table then makes room for its rows once. */
    private readonly expectBytes?: number,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || this.delimiter >= 0x80) throw new Error(`ByteCsvReader needs a one-character ASCII delimiter, got ${JSON.stringify(delimiter)}`);
    this.rules = new RecordRules(file);
    this.record = new ByteRecord(decode);
  }

  get blankLinesSkipped(): number {
    return this.rules.blankLinesSkipped;
  }

  /** Pieces put aside while an unfinished record is too short to be worth scanning again. */
  private deferred: Buffer[] = [];
  private deferredLength = 0;

  push(piece: Uint8Array): void {
    if (this.pending.length + this.deferredLength + piece.length < this.rules.retryAt) {
      // Copied: the reader of the file reuses the piece's buffer.
      this.deferred.push(Buffer.from(piece));
      this.deferredLength += piece.length;
      return;
    }
    this.scan(this.join(piece), false);
  }

  /**
   * Reads the records waiting now (pieces put aside included), before the reading stops at a
   * fault found outside the records (a byte that is not UTF-8): a fault in them comes first.
   */
  flush(): void {
    this.scan(this.join(new Uint8Array(0)), false);
  }

  finish(piece: Uint8Array = new Uint8Array(0)): void {
    this.scan(this.join(piece), true);
    this.pending = Buffer.alloc(0);
    this.rules.finish();
  }

  /** The pending bytes followed by `piece`, in the work buffer (a view of `piece` when nothing is pending). */
  private join(piece: Uint8Array): Buffer {
    if (this.deferred.length > 0) {
      this.pending = Buffer.concat([this.pending, ...this.deferred]);
      this.deferred = [];
      this.deferredLength = 0;
    }
    if (this.pending.length === 0) return Buffer.from(piece.buffer, piece.byteOffset, piece.length);
    const length = this.pending.length + piece.length;
    if (this.work.length < length) this.work = Buffer.allocUnsafe(Math.max(length, this.work.length * 2));
    this.pending.copy(this.work, 0);
    this.work.set(piece, this.pending.length);
    return this.work.subarray(0, length);
  }

  private scan(buf: Buffer, final: boolean): void {
    const nul = buf.indexOf(0);
    if (nul >= 0) {
      // As CsvRecordReader: the records before the NUL first, then the NUL.
      const line = this.rules.line;
      const before = this.record.decodeWith(buf, 0, nul + 1).replace(/\r\n?/g, '\n');
      this.scanRecords(buf.subarray(0, nul), false);
      throw nulError(before, before.length - 1, line, this.rules.file);
    }
    this.scanRecords(buf, final);
  }

  private scanRecords(buf: Buffer, final: boolean): void {
    const rules = this.rules;
    const sink = this.sink;
    const record = this.record;
    const isBlankLine = () => record.isBlankLine();
    const onRecord = (record: ByteRecord) => {
      const kind = rules.classify(record.count, isBlankLine);
      if (kind === 'header') sink.setHeader(Array.from({ length: record.count }, (_, k) => record.text(k)));
      else if (kind === 'row') sink.addRawRow(record, rules.row);
    };
    // Plain rows are written straight into the table (scanKeyedRows); a record it stops at is
    // read the general way, and then the fast way is tried again.
    let progress: ByteScanProgress = { consumed: 0, line: rules.line };
    const keyed = sink.keyedTarget !== undefined;
    try {
      while (progress.consumed < buf.length) {
        const target = keyed && this.misses < MAX_FAST_MISSES ? sink.keyedTarget!() : undefined;
        if (target !== undefined) {
          const fast = scanKeyedRows(buf, progress.consumed, buf.length, this.delimiter, final, record.interner, target, rules.row + 1, this.decode);
          if (fast.rows > 0) {
            sink.keyedRowsAdded!(fast.rows);
            rules.row += fast.rows;
            progress = { consumed: fast.pos, line: progress.line + fast.rows };
          }
          this.misses = fast.rows >= MAX_FAST_MISSES ? 0 : this.misses + 1;
        }
        const from = progress.consumed;
        const records = !keyed ? Infinity : this.misses < MAX_FAST_MISSES ? 1 : GENERAL_RUN;
        progress = scanBytes(buf, buf.length, this.delimiter, record, onRecord, { final, line: progress.line, start: from, records });
        if (records === GENERAL_RUN) this.misses = 0;
        if (progress.consumed === from) break; // an unfinished record: wait for the next piece
      }
    } catch (error) {
      throw rules.inWords(error);
    }
    // After the first piece, room for as many rows again in the rest of the file (and 2% more),
    // rather than columns grown by doubling: half the copying, and no column twice in memory.
    if (!this.reserved && this.expectBytes !== undefined && rules.row >= 64 && progress.consumed > 0) {
      this.reserved = true;
      // (At most MAX_RESERVED_ROWS: an estimate from a first piece of very short rows is not worth a
      // failed allocation; past it, the columns grow as they did.)
      sink.reserve?.(Math.min(Math.ceil(rules.row * (this.expectBytes / progress.consumed) * 1.02) + 64, MAX_RESERVED_ROWS));
    }
    // A copy, so the piece's buffer can be reused by the reader of the file.
    this.pending = Buffer.from(buf.subarray(progress.consumed));
    // After one long record, do not keep its room for the rest of the file.
    if (this.work.length > 8 * PIECE_BYTES && this.pending.length < this.work.length / 4) this.work = Buffer.alloc(0);
    rules.scanned(progress.line, this.pending.length);
  }
}

function recordTooLong(row: number, line: number, file: string): GbvError {
  return new GbvError('CSV_SYNTAX', `row ${row} runs on past ${MAX_RECORD_CHARS / 2 ** 20} Mi characters (or bytes) without ending: a quote is probably never closed`, {
    location: { file, line },
    hint: `look for an opening quote on line ${line} (a quote inside a quoted cell is written "")`,
  });
}

/** Whole CSV text → header and trimmed rows (small files and tests; surveys stream through CsvRecordReader). */
export function parseCsv(text: string, delimiter: string, file: string): SurveyTable {
  let header: string[] = [];
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const raggedRows: { row: number; fields: number }[] = [];
  const reader = new CsvRecordReader(delimiter, file, {
    setHeader: (cells) => {
      header = trimAll(cells);
    },
    addRow: (cells, row) => {
      if (cells.length !== header.length) raggedRows.push({ row, fields: cells.length });
      rows.push(trimAll(cells));
      rowNumbers.push(row);
    },
  });
  reader.finish(text);
  return { header, rows, rowNumbers, blankLinesSkipped: reader.blankLinesSkipped, raggedRows };
}

function trimAll(fields: string[]): string[] {
  for (let k = 0; k < fields.length; k++) fields[k] = fields[k]!.trim();
  return fields;
}

function tooManyFields(what: 'header' | 'row', row: number, fields: number, file: string): GbvError {
  const count = fields.toLocaleString('en-US');
  const limit = MAX_FIELDS_PER_ROW.toLocaleString('en-US');
  return new GbvError('TOO_MANY_FIELDS', `${what === 'header' ? 'the header' : `row ${row}`} has ${count} fields, more than the limit of ${limit} fields per row`, {
    location: { file, row },
    hint: 'a survey has far fewer columns: check --delimiter, and that the file is the survey export',
  });
}

/** The NUL at text[at], on the line counted from `firstLine` (the line text starts on; line ends \n). */
function nulError(text: string, at: number, firstLine: number, file: string): GbvError {
  let line = firstLine;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return new GbvError('NUL_CHARACTER', 'the file contains a NUL character, which a text export never has: it looks like a binary file, or UTF-16 text without a byte order mark', {
    location: { file, line },
    hint: 'give a CSV or .xlsx survey export; if it is UTF-16 text, try --encoding utf-16le',
  });
}

function scanErrorToGbv(error: CsvScanError, file: string): GbvError {
  const location = { file, line: error.line };
  if (error.kind === 'unclosed-quote') {
    return new GbvError('CSV_SYNTAX', 'a quoted field is never closed: the file ends inside quotes', {
      location,
      hint: `the quote opens on line ${error.line}; close it with " (a quote inside a quoted cell is written "")`,
    });
  }
  if (error.kind === 'text-after-closing-quote') {
    return new GbvError('CSV_SYNTAX', 'a quote closes a field but more text follows before the delimiter', {
      location,
      hint: 'inside a quoted field, write a quote as "" (two quotes); check --delimiter too',
    });
  }
  return quoteInsideCellError(error.field!.index, error.field!.before, location);
}

/** A quote in the middle of an unquoted cell, in words: which field of the row (from 1), and what comes before it. */
export function quoteInsideCellError(index: number, before: string, location: { file: string; line?: number }): GbvError {
  const what = before === '\uFEFF' ? 'a byte order mark (BOM)' : JSON.stringify(before);
  return new GbvError('CSV_SYNTAX', `the file is not valid CSV: a quote in the middle of field ${index + 1} of the row, after ${what}`, {
    location,
    hint: 'a cell with a quote in it must be quoted whole, with its quotes doubled ("=HYPERLINK(""http://…"")"); check --delimiter too',
  });
}
