// Everything a renderer needs about one run of `analyze`, as plain unrounded data. The command
// assembles it; terminal, Markdown, HTML and JSON renderers only read it.

import type { TableAnalysis } from './analyze-table.js';
import type { Codebook } from './codebook/codebook.js';
import type { Diagnostic } from './diagnostics.js';
import type { Evaluation } from './evaluate/evaluate.js';
import type { Reproduction } from './published/check-published.js';
import type { PublishedFigures } from './published/published.js';

export interface AnalysisReport {
  tool: { name: string; version: string };
  /** ISO date the user asked to print (--date or SOURCE_DATE_EPOCH); none by default. */
  date: string | undefined;
  input: {
    file: string;
    sha256: string;
    format: 'csv' | 'xlsx';
    /** null for a workbook, which carries its own encoding. */
    encoding: string | null;
    /** given (--encoding), bom, valid-utf-8 or fallback (not UTF-8, so Windows-1252); null for a workbook. */
    encodingSource: string | null;
    /** null for a workbook. */
    delimiter: string | null;
    delimiterSource: 'given' | 'detected' | null;
    lineEnding: string | null;
    sheet: string | null;
    hadBom: boolean;
    blankLinesSkipped: number;
    /** Extra header rows skipped (read.header_rows − 1). */
    headerRowsSkipped: number;
  };
  codebook: {
    source: string;
    sha256: string;
    discovery: 'flag' | 'beside-survey' | 'built-in';
    definition: Codebook;
  };
  analysis: TableAnalysis;
  evaluation: Evaluation;
  expect: { file: string; published: PublishedFigures; reproduction: Reproduction } | undefined;
  diagnostics: Diagnostic[];
}
