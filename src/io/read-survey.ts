// A survey export → a parsed table plus what a report must say about the input (sha256, format,
// encoding, delimiter, line ends, and whether each was detected or given). The only place
// survey bytes are read: a CSV (or tab- or semicolon-separated text) file, an .xlsx workbook, or
// standard input (`-`), in any of those forms.

import type { AnalysisReport } from '../core/report.js';
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../core/diagnostics.js';
import { KEEP_ALL, TableBuilder, tableFromRows, type Table, type TablePlan } from '../core/table/table.js';
import { GbvError } from '../errors.js';
import { fileSource, memorySource, type ByteSource } from './byte-source.js';
import { parseEncodingOption, type Encoding, type EncodingSource, type LineEnding } from './decode-text.js';
import { describeDelimiter, parseDelimiterOption } from './detect-delimiter.js';
import { readDelimited } from './read-delimited.js';
import { readUserFile } from './read-file.js';
import { displayName, readInputBytes, STDIN_PATH } from './read-input-bytes.js';
import { chooseSheet, looksLikeXls, looksLikeXlsx, readXlsxSheets, sheetToTable } from './read-xlsx.js';

export interface SurveyFile extends Table {
  /** The name used in messages and reports: the path, or <stdin>. */
  file: string;
  sha256: string;
  format: 'csv' | 'xlsx';
  /** The text encoding (null for a workbook, which carries its own). */
  encoding: Encoding | null;
  encodingSource: EncodingSource | null;
  /** The field delimiter (null for a workbook). */
  delimiter: string | null;
  delimiterSource: 'given' | 'detected' | null;
  lineEnding: LineEnding | null;
  /** The sheet read, for a workbook. */
  sheet: string | null;
  hadBom: boolean;
  blankLinesSkipped: number;
  /** What reading found worth saying (an encoding that was guessed). */
  diagnostics: Diagnostic[];
}

export interface SurveyReadOptions {
  /** `auto` (default), or an encoding name (utf-8, windows-1252, cp1252, latin1, utf-16le). */
  encoding?: string;
  /** `auto` (default), or one character (`tab`, `comma` and `semicolon` are accepted too). */
  delimiter?: string;
  /** For a workbook: the sheet to read (default the first). */
  sheet?: string;
  /** Which columns to keep and how many extra header rows to drop (default: keep all). */
  plan?: TablePlan;
  /** `text` reads with the string scanner even where the byte scanner applies (tests compare the two). */
  scanner?: 'bytes' | 'text';
  /** Called as a text file is read, with the bytes read so far and the total when known. */
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Delimited text, streamed from `source` → the table, detecting encoding and delimiter unless given. */
export function readSurveyText(source: ByteSource, file: string, options: SurveyReadOptions = {}): SurveyFile {
  const encodingOption = parseEncodingOption(options.encoding ?? 'auto');
  const delimiterOption = parseDelimiterOption(options.delimiter ?? 'auto');
  let builder: TableBuilder | undefined;
  const read = readDelimited(
    source,
    file,
    { encoding: encodingOption, delimiter: delimiterOption, scanner: options.scanner, onProgress: options.onProgress && ((bytes) => options.onProgress!(bytes, source.size)) },
    () => (builder = new TableBuilder(options.plan ?? KEEP_ALL)),
  );
  const diagnostics: Diagnostic[] = [];
  if (read.encodingSource === 'fallback') {
    diagnostics.push({
      severity: 'info',
      code: 'ENCODING_GUESSED',
      message: 'the file is not valid UTF-8, so it was read as Windows-1252, the encoding Excel uses for "CSV" in Spanish',
      location: { file, line: read.firstInvalidLine },
      count: 1,
      params: { line: read.firstInvalidLine ?? 1 },
      hint: 'if accented letters look wrong, give the encoding with --encoding (utf-8, windows-1252, utf-16le)',
    });
  }
  return {
    ...builder!.build(),
    file,
    sha256: read.sha256,
    format: 'csv',
    encoding: read.encoding,
    encodingSource: read.encodingSource,
    delimiter: read.delimiter,
    delimiterSource: read.delimiterSource,
    lineEnding: read.lineEnding,
    sheet: null,
    hadBom: read.hadBom,
    blankLinesSkipped: read.blankLinesSkipped,
    diagnostics,
  };
}

function rejectXls(bytes: Uint8Array, file: string): void {
  if (looksLikeXls(bytes)) {
    throw new GbvError('XLS_NOT_SUPPORTED', 'this is an old-style Excel .xls workbook, which gbv-impact does not read', {
      location: { file },
      hint: 'save it again as .xlsx ("Excel Workbook") or as CSV UTF-8',
    });
  }
}

/** An .xlsx workbook (already read) → the table of one sheet. */
export async function parseSurveyWorkbook(bytes: Uint8Array, file: string, sheetName: string | undefined, plan?: TablePlan): Promise<SurveyFile> {
  const sheets = await readXlsxSheets(bytes, file);
  const sheet = chooseSheet(sheets, sheetName, file);
  const { header, rows, rowNumbers, blankLinesSkipped } = sheetToTable(sheet, file);
  return {
    ...tableFromRows(header, rows, rowNumbers, plan),
    file,
    sha256: sha256Of(bytes),
    format: 'xlsx',
    encoding: null,
    encodingSource: null,
    delimiter: null,
    delimiterSource: null,
    lineEnding: null,
    sheet: sheet.name,
    hadBom: false,
    blankLinesSkipped,
    diagnostics: [],
  };
}

/**
 * Reads a survey from a path or `-`. Text is streamed from disk (standard input is read whole
 * first); a workbook is read asynchronously (its reader is loaded on demand), so the result is
 * a promise exactly when the input is .xlsx.
 */
export function readSurveyInput(path: string, options: SurveyReadOptions = {}): SurveyFile | Promise<SurveyFile> {
  const file = displayName(path);
  let source: ByteSource;
  let bytes: Uint8Array | undefined;
  if (path === STDIN_PATH) {
    bytes = readInputBytes(path, 'survey');
    source = memorySource(bytes);
  } else {
    source = fileSource(path, 'survey');
  }
  try {
    const first = source.next() ?? new Uint8Array(0);
    source.rewind();
    if (looksLikeXlsx(first)) {
      if (options.encoding !== undefined && options.encoding !== 'auto') {
        throw new GbvError('USAGE', '--encoding applies to text files, and this survey is an .xlsx workbook', { location: { file } });
      }
      return parseSurveyWorkbook(bytes ?? readUserFile(path, 'survey'), file, options.sheet, options.plan);
    }
    if (options.sheet !== undefined) {
      throw new GbvError('USAGE', `--sheet "${options.sheet}" applies to .xlsx workbooks, and this survey is a text (CSV) file`, { location: { file } });
    }
    rejectXls(first, file);
    return readSurveyText(source, file, options);
  } finally {
    source.close();
  }
}

/** Reads a survey that must be delimited text (tests and callers that cannot wait). */
export function readSurvey(path: string, options: SurveyReadOptions = {}): SurveyFile {
  const survey = readSurveyInput(path, options);
  if (survey instanceof Promise) {
    throw new GbvError('USAGE', `${displayName(path)} is an .xlsx workbook; read it with readSurveyInput`);
  }
  return survey;
}

/** One line for --verbose: what was read and how it was decided. */
export function describeInput(survey: SurveyFile): string {
  if (survey.format === 'xlsx') return `${survey.file}: .xlsx workbook, sheet "${survey.sheet}"`;
  const how = (source: string | null) => (source === 'given' ? 'given' : 'detected');
  const encodingWhy: Record<EncodingSource, string> = {
    given: 'given',
    bom: 'detected: byte order mark',
    'valid-utf-8': 'detected: valid UTF-8',
    fallback: 'detected: not valid UTF-8, so assumed',
  };
  const lineEnds: Record<LineEnding, string> = { lf: 'LF', crlf: 'CRLF', cr: 'CR', mixed: 'mixed', none: 'no' };
  return (
    `${survey.file}: encoding ${survey.encoding} (${encodingWhy[survey.encodingSource!]}${survey.hadBom ? ', BOM dropped' : ''}), ` +
    `delimiter ${describeDelimiter(survey.delimiter!)} (${how(survey.delimiterSource)}), ${lineEnds[survey.lineEnding!]} line ends`
  );
}

/** What a report says about how the survey was read (the `input` of every JSON report). */
export function surveyInputFacts(survey: SurveyFile, headerRowsSkipped: number = survey.headerRowsSkipped): AnalysisReport['input'] {
  return {
    file: survey.file,
    sha256: survey.sha256,
    format: survey.format,
    encoding: survey.encoding,
    encodingSource: survey.encodingSource,
    delimiter: survey.delimiter,
    delimiterSource: survey.delimiterSource,
    lineEnding: survey.lineEnding,
    sheet: survey.sheet,
    hadBom: survey.hadBom,
    blankLinesSkipped: survey.blankLinesSkipped,
    headerRowsSkipped,
  };
}
