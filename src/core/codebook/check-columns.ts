// Matches the codebook's column names against a survey's header (exactly, after trimming, as
// STATISTICS.md §1.5 says) and explains every miss at once, listing the columns that do exist.
// `findColumnProblems` returns the misses (validate lists them with the rest of its findings);
// `checkColumns` stops the run on them (analyze cannot score without its columns).

import { GbvError } from '../../errors.js';
import { didYouMean, listChoices } from '../text/did-you-mean.js';
import { parseYamlPath, type LocateYamlPath } from '../yaml-schema/check-schema.js';
import { referencedColumns, type Codebook } from './codebook.js';

/** Column name → 0-based position in the header. */
export type ColumnIndex = Map<string, number>;

export interface ColumnProblem {
  column: string;
  /** Where the codebook names it: `indices[0].items[2]`, `cohort.column`... */
  path: string;
  kind: 'missing' | 'twice';
  message: string;
}

export function findColumnProblems(codebook: Codebook, header: readonly string[], surveyFile: string): { positions: ColumnIndex; problems: ColumnProblem[] } {
  const positions: ColumnIndex = new Map();
  const duplicated = new Set<string>();
  header.forEach((name, i) => {
    if (positions.has(name)) duplicated.add(name);
    else positions.set(name, i);
  });

  const problems: ColumnProblem[] = [];
  for (const { column, path } of referencedColumns(codebook)) {
    if (!positions.has(column)) {
      const guess = didYouMean(column, header);
      problems.push({ column, path, kind: 'missing', message: `${path}: "${column}" is not a column of ${surveyFile}${guess ? ` (did you mean "${guess}"?)` : ''}` });
    } else if (duplicated.has(column) && !problems.some((p) => p.kind === 'twice' && p.column === column)) {
      problems.push({ column, path, kind: 'twice', message: `${path}: the header of ${surveyFile} has "${column}" more than once, so it is unclear which to use` });
    }
  }
  return { positions, problems: [...problems.filter((p) => p.kind === 'missing'), ...problems.filter((p) => p.kind === 'twice')] };
}

/** A hint for missing columns: the header may hold them behind a group path. */
export function missingColumnHint(codebook: Codebook, problems: readonly ColumnProblem[], header: readonly string[]): string {
  const behindPrefix = problems.some((p) => p.kind === 'missing' && header.some((h) => /[/\-.:]/.test(h) && h.endsWith(p.column) && h.length > p.column.length));
  if (behindPrefix && !codebook.read.stripGroupPrefix) {
    return 'the header has these names behind a group path ("grp/name"): set read.strip_group_prefix: true in the codebook, or map them in read.columns';
  }
  return 'column names must match the header exactly (after trimming spaces); fix the codebook, map them in read.columns, or fix the header';
}

/** Stops the run on columns the survey lacks, each named with its line in the codebook when `locate` can find it. */
export function checkColumns(codebook: Codebook, header: readonly string[], surveyFile: string, codebookFile: string, locate?: LocateYamlPath): ColumnIndex {
  const { positions, problems } = findColumnProblems(codebook, header, surveyFile);
  if (problems.length > 0) {
    const [first, ...rest] = problems;
    const at = (problem: ColumnProblem) => locate?.(parseYamlPath(problem.path));
    throw new GbvError('COLUMN_MISSING', first!.message, {
      location: { file: codebookFile, ...(at(first!) ?? {}) },
      details: [...rest.map((p) => `${at(p) ? `line ${at(p)!.line}: ` : ''}${p.message}`), `the columns of ${surveyFile} are: ${listChoices(header, 60)}`],
      hint: problems.some((p) => p.kind === 'missing') ? missingColumnHint(codebook, problems, header) : 'rename the repeated header so each column has one name',
    });
  }
  return positions;
}
