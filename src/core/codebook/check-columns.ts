// Matches the codebook's column names against a survey's header (exactly, after trimming, as
// STATISTICS.md §1.5 says) and explains every miss at once, listing the columns that do exist.

import { GbvError } from '../../errors.js';
import { didYouMean, listChoices } from '../text/did-you-mean.js';
import { referencedColumns, type Codebook } from './codebook.js';

/** Column name → 0-based position in the header. */
export type ColumnIndex = Map<string, number>;

export function checkColumns(codebook: Codebook, header: readonly string[], surveyFile: string, codebookFile: string): ColumnIndex {
  const positions: ColumnIndex = new Map();
  const duplicated = new Set<string>();
  header.forEach((name, i) => {
    if (positions.has(name)) duplicated.add(name);
    else positions.set(name, i);
  });

  const missing: string[] = [];
  const twice: string[] = [];
  for (const { column, path } of referencedColumns(codebook)) {
    if (!positions.has(column)) {
      const guess = didYouMean(column, header);
      missing.push(`${path}: "${column}" is not a column of ${surveyFile}${guess ? ` (did you mean "${guess}"?)` : ''}`);
    } else if (duplicated.has(column) && !twice.some((line) => line.includes(`"${column}"`))) {
      twice.push(`${path}: the header of ${surveyFile} has "${column}" more than once, so it is unclear which to use`);
    }
  }
  const problems = [...missing, ...twice];
  if (problems.length > 0) {
    const [first, ...rest] = problems;
    throw new GbvError('COLUMN_MISSING', first!, {
      location: { file: codebookFile },
      details: [...rest, `the columns of ${surveyFile} are: ${listChoices(header, 60)}`],
      hint: missing.length > 0
        ? 'column names must match the header exactly (after trimming spaces); fix the codebook or the header'
        : 'rename the repeated header so each column has one name',
    });
  }
  return positions;
}
