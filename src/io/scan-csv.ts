// RFC 4180 text → records, for decoded text whose line ends are already \n (the reader
// normalises them). It replaces csv-parse on the survey-reading path and must behave exactly as
// csv-parse did as parse-csv.ts configured it (quote and escape `"`, record delimiter `\n`,
// relax_column_count, skip_empty_lines false); test/io/scan-csv.property.test.ts checks that
// on random documents, well-formed and not. What that configuration means:
//
// - a quote opens a quoted field only as the field's first character; anywhere else in an
//   unquoted field it is an error ("Invalid Opening Quote", csv-parse's own words);
// - inside quotes, `""` is one quote, and delimiters and newlines are text;
// - a closing quote must be followed by the delimiter, a newline or the end of the text;
// - an empty line is a record of one empty field; a newline at the very end of the text ends
//   the last record and starts none; an empty text has no records;
// - the end of the text inside quotes is an error, located at the line where the quote opened.
//
// Speed: the text is scanned with indexOf and charCodeAt, and fields are slices of it; the
// only concatenation is per `""` inside a quoted field. Lines are counted only where a record
// or a quoted field crosses them, never per character.

const QUOTE = 34; // "
const NEWLINE = 10; // \n

export type CsvScanErrorKind = 'unclosed-quote' | 'text-after-closing-quote' | 'quote-inside-field';

/** A syntax error, with the line it is about (counted from 1). */
export class CsvScanError extends Error {
  constructor(
    readonly kind: CsvScanErrorKind,
    /** unclosed-quote: where the quote opens; otherwise where the offending quote is. */
    readonly line: number,
    message: string,
    /** quote-inside-field: the field (from 0) and its text before the quote. */
    readonly field?: { index: number; before: string },
  ) {
    super(message);
    this.name = 'CsvScanError';
  }
}

/**
 * Called once per record: its fields (untrimmed), where it starts and ends in `text` (`end`
 * excludes the newline that ends it) and the line it starts on.
 */
export type CsvRecordHandler = (fields: string[], start: number, end: number, line: number) => void;

/** Where a scan of part of a document stopped: the first character and line not yet handed over. */
export interface ScanProgress {
  consumed: number;
  line: number;
}

/**
 * Scans `text` (line ends `\n`) as RFC 4180 CSV with the given one-character delimiter, calling
 * `onRecord` for every record in order. Throws a CsvScanError at the first syntax error, after
 * the records before it have been handed over.
 *
 * For a document read in pieces, `final: false` says more text may follow: a record is then
 * handed over only once the newline that ends it has been seen, and the scan stops at the start
 * of the first record it cannot finish, returning where that is (the caller prepends that rest
 * to the next piece). `line` is the line `text` starts on.
 */
export function scanCsv(text: string, delimiter: string, onRecord: CsvRecordHandler, options: { final?: boolean; line?: number } = {}): ScanProgress {
  const final = options.final ?? true;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n') {
    throw new Error(`scanCsv requires a one-character delimiter other than a quote or a newline, got ${JSON.stringify(delimiter)}`);
  }
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  // The next delimiter, newline and quote at or after `pos`; n when there is none. Each is
  // searched again only once `pos` has passed it.
  let nextDelim = -1;
  let nextNewline = -1;
  let nextQuote = -1;
  let pos = 0;
  let line = options.line ?? 1;
  while (pos < n) {
    const start = pos;
    const startLine = line;
    const fields: string[] = [];
    let end = -1;
    while (end < 0) {
      if (text.charCodeAt(pos) === QUOTE) {
        const openLine = line;
        let value = '';
        let from = pos + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            if (!final) return { consumed: start, line: startLine };
            throw new CsvScanError('unclosed-quote', openLine, 'a quoted field is never closed: the file ends inside quotes');
          }
          if (nextNewline < from) nextNewline = indexOrEnd(text, '\n', from, n);
          while (nextNewline < q) {
            line++;
            nextNewline = indexOrEnd(text, '\n', nextNewline + 1, n);
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value = value === '' ? text.slice(from, q) : value + text.slice(from, q);
          pos = q + 1;
          break;
        }
        if (pos >= n && !final) return { consumed: start, line: startLine };
        fields.push(value);
        if (pos >= n) end = n;
        else {
          const c = text.charCodeAt(pos);
          if (c === delim) pos++;
          else if (c === NEWLINE) {
            end = pos;
            pos++;
          } else {
            throw new CsvScanError('text-after-closing-quote', line, 'a quote closes a field but more text follows before the delimiter');
          }
        }
        continue;
      }
      if (nextDelim < pos) nextDelim = indexOrEnd(text, delimiter, pos, n);
      if (nextNewline < pos) nextNewline = indexOrEnd(text, '\n', pos, n);
      if (nextQuote < pos) nextQuote = indexOrEnd(text, '"', pos, n);
      const stop = nextDelim < nextNewline ? nextDelim : nextNewline;
      if (nextQuote < stop) {
        throw quoteInsideField(fields.length, line, text.slice(pos, nextQuote));
      }
      if (stop === n && !final) return { consumed: start, line: startLine };
      fields.push(text.slice(pos, stop));
      if (stop !== n && stop === nextDelim) pos = stop + 1;
      else {
        end = stop;
        pos = stop + 1;
      }
    }
    onRecord(fields, start, end, startLine);
    line++;
  }
  return { consumed: n, line };
}

/** A quote inside an unquoted field, in csv-parse's words: field index (from 0), line, the text before it. */
export function quoteInsideField(field: number, line: number, value: string): CsvScanError {
  const bom = value === '\uFEFF' ? ' (utf8 bom)' : '';
  return new CsvScanError('quote-inside-field', line, `Invalid Opening Quote: a quote is found on field ${field} at line ${line}, value is ${JSON.stringify(value)}${bom}`, { index: field, before: value });
}

function indexOrEnd(text: string, search: string, from: number, n: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? n : at;
}

/**
 * Whether text[start, end) is empty or only whitespace (what String.prototype.trim removes):
 * a blank line. Returns at the first other character, which for a data row is the first.
 */
export function isBlankRange(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128 || !WHITESPACE.test(text[i]!)) return false;
  }
  return true;
}

// \s is the set trim() removes: WhiteSpace and LineTerminator in the ECMAScript grammar.
const WHITESPACE = /^\s$/;
