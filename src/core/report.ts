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
    encoding: string;
    delimiter: string;
    hadBom: boolean;
    blankLinesSkipped: number;
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
