// What reading a survey gives, as one comparable value, for the reader's property tests: the
// table (cells, each column's values in the order met and its codes, row numbers, empty and
// ragged rows, blank lines), how the file was read, and the error in the tool's words when there
// is one.

import { tableRows } from '../../src/core/table/table.js';
import { formatError, GbvError } from '../../src/errors.js';
import { memorySource } from '../../src/io/byte-source.js';
import { readSurveyText, type SurveyReadOptions } from '../../src/io/read-survey.js';

/** readSurveyText of `bytes` handed over in pieces of `pieceBytes`. */
export function readOutcome(bytes: Uint8Array, pieceBytes: number, options: SurveyReadOptions): unknown {
  try {
    const survey = readSurveyText(memorySource(bytes, pieceBytes), 'f.csv', options);
    return {
      header: survey.header,
      rows: tableRows(survey),
      // The order of a column's values is its codes' meaning (and alpha's level order).
      columns: survey.columns.map((column) => column && { values: column.values, codes: column.codes.constructor.name, coded: [...column.codes] }),
      rowNumbers: [...survey.rowNumbers],
      emptyRow: [...survey.emptyRow],
      ragged: survey.raggedRows,
      blank: survey.blankLinesSkipped,
      delimiter: survey.delimiter,
      encoding: [survey.encoding, survey.encodingSource],
      lineEnding: survey.lineEnding,
      hadBom: survey.hadBom,
      sha256: survey.sha256,
      notes: survey.diagnostics.map((d) => `${d.code} ${d.location?.line}`),
    };
  } catch (error) {
    if (error instanceof GbvError) return { error: formatError(error) };
    throw error;
  }
}
