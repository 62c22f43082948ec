// One error family for everything a user can get wrong. Each error carries a stable code, the
// exit code the CLI maps it to, where it happened (file, row, column as a spreadsheet shows
// them) and a hint saying how to fix it. The CLI prints `location: message` and the hint, never
// a stack trace.

export const EXIT_OK = 0;
/** The run finished but a check failed: a figure missed `--expect`, or `--strict` found warnings. */
export const EXIT_CHECK_FAILED = 1;
/** The input or the command line is wrong; nothing was analysed and nothing was written. */
export const EXIT_BAD_INPUT = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_CHECK_FAILED | typeof EXIT_BAD_INPUT;

export interface Location {
  file?: string;
  /** 1-based row as a spreadsheet shows it (the header is row 1). */
  row?: number;
  /** Column name as it appears in the header. */
  column?: string;
  /** Path inside a YAML document, e.g. `indices[2].items[4]`. */
  path?: string;
  /** 1-based line and column inside a text file (YAML documents). */
  line?: number;
  col?: number;
}

export class GbvError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly location: Location | undefined;
  readonly hint: string | undefined;
  /** Further problems of the same kind, one line each, shown under the message. */
  readonly details: readonly string[];

  constructor(
    code: string,
    message: string,
    options: { location?: Location; hint?: string; exitCode?: ExitCode; details?: readonly string[] } = {},
  ) {
    super(message);
    this.name = 'GbvError';
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT_BAD_INPUT;
    this.location = options.location;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

/** `survey.csv:14:awa_3` or `codebook.yaml:12:5: indices[2].items[4]`: the prefix of a message. */
export function formatLocation(location: Location | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(location.file);
  if (location.row !== undefined) parts.push(String(location.row));
  if (location.line !== undefined) parts.push(String(location.line));
  if (location.col !== undefined) parts.push(String(location.col));
  if (location.column !== undefined) parts.push(location.column);
  let text = parts.join(':');
  if (location.path !== undefined) text = text ? `${text}: ${location.path}` : location.path;
  return text;
}

export function formatError(error: GbvError): string {
  const where = formatLocation(error.location);
  const lines = [`${where ? `${where}: ` : ''}${error.message}`];
  for (const detail of error.details) lines.push(`  ${detail}`);
  if (error.hint) lines.push(`hint: ${error.hint}`);
  return lines.join('\n');
}
