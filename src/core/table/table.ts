// The survey as the analysis holds it: column by column, each column dictionary-encoded (the
// distinct trimmed cells once, and one small integer per row saying which). A Likert column of
// a million answers is then a million bytes and a handful of strings, and every rule that reads a
// cell (a missing code, a value label, a number) runs once per distinct cell, not once per row.
// Columns nobody asked for are not kept at all: a respondent id or a free-text answer is only
// checked for emptiness. Nothing here reads files; readers feed rows to a TableBuilder.

export type Codes = Uint8Array | Uint16Array | Uint32Array;

/** One column: `values[codes[row]]` is the trimmed cell of `row` ('' for a missing field). */
export interface Column {
  readonly codes: Codes;
  readonly values: readonly string[];
}

export interface Table {
  header: string[];
  rowCount: number;
  /** Spreadsheet row number of each row (the header is row 1; blank lines are not rows). */
  rowNumbers: Int32Array;
  /** 1 where every cell of the row, kept or not, is empty. */
  emptyRow: Uint8Array;
  /** Extra header rows dropped (TablePlan.skipRows; fewer only when the file ran out). */
  headerRowsSkipped: number;
  /** Rows whose number of fields differs from the header's: row number and field count. */
  raggedRows: { row: number; fields: number }[];
  /** Per header position: the column, or undefined when it was not kept. */
  columns: (Column | undefined)[];
}

/** What to keep, decided once the header is known. */
export interface TablePlan {
  /** Per header position (the header as written, trimmed): keep the column? */
  keep: (header: readonly string[]) => readonly boolean[];
  /** Rows after the header that are more header (read.header_rows − 1), dropped before counting. */
  skipRows?: number;
}

/**
 * A record whose fields can be read without making a string of each (what a byte-level scanner
 * hands over). Strings are made only for fields that need them.
 */
export interface RawRecord {
  readonly count: number;
  /**
   * A small positive integer that fields with the same content share (0 for an empty field), or
   * −1 when the field must be read as text.
   */
  shortKey(k: number): number;
  /** Field k as text, untrimmed. */
  text(k: number): string;
  /** Field k is empty or whitespace only. */
  isBlank(k: number): boolean;
}

/**
 * Where a byte scanner can write plain rows straight into a filling table, without a RawRecord
 * (io/scan-bytes.ts scanKeyedRows): for each field position the kept column's map from field
 * key (RawRecord.shortKey) to code and its codes, or undefined when the column is not kept. A
 * key not seen yet is learned through `learn`, as addRawRow would learn it.
 */
export interface KeyedTarget {
  /** Fields per row: the header's. */
  width: number;
  /** Per field position: key → code (−1: not seen yet), or undefined when not kept. */
  byKey: (Int32Array | undefined)[];
  codes: (Codes | undefined)[];
  rowNumbers: Int32Array;
  emptyRow: Uint8Array;
  /** The index of the next row, and the first index the columns have no room for. */
  row: number;
  end: number;
  /**
   * A key not seen yet, at field position `position` of row `row`, whose field is `text`
   * (untrimmed): learns it as addRawRow would and returns its code; `byKey` and `codes` are
   * updated in place.
   */
  learn(position: number, row: number, key: number, text: string): number;
}

export const KEEP_ALL: TablePlan = { keep: (header) => header.map(() => true) };

class ColumnBuilder {
  codes: Codes = new Uint8Array(1024);
  readonly values: string[] = [''];
  readonly lookup = new Map<string, number>([['', 0]]);

  add(row: number, cell: string): void {
    let code = this.lookup.get(cell);
    if (code === undefined) {
      code = this.values.length;
      // A long cell sliced out of a piece of text would keep the whole piece alive: keep a copy.
      if (cell.length >= 13) cell = flatCopy(cell);
      this.values.push(cell);
      this.lookup.set(cell, code);
      if (code === 256 && this.codes instanceof Uint8Array) this.codes = Uint16Array.from(this.codes);
      else if (code === 65536 && this.codes instanceof Uint16Array) this.codes = Uint32Array.from(this.codes);
    }
    if (row >= this.codes.length) this.codes = grow(this.codes, row + 1);
    this.codes[row] = code;
  }

  /**
   * The code of each RawRecord.shortKey seen (−1 not yet): most cells never become strings. Key
   * 0 is the empty field, code 0 the empty cell.
   */
  byKey = new Int32Array(256).fill(-1, 1);

  addRaw(row: number, record: RawRecord, k: number): void {
    const key = record.shortKey(k);
    if (key < 0) return this.add(row, record.text(k).trim());
    const code = key < this.byKey.length ? this.byKey[key]! : -1;
    if (code < 0) {
      this.learn(row, key, record.text(k));
      return;
    }
    if (row >= this.codes.length) this.codes = grow(this.codes, row + 1);
    this.codes[row] = code;
  }

  /** The cell of a key not seen yet (its field's text, untrimmed), at `row`: its code from now on. */
  learn(row: number, key: number, text: string): number {
    if (key >= this.byKey.length) {
      const byKey = new Int32Array(Math.max(key + 1, this.byKey.length * 2)).fill(-1);
      byKey.set(this.byKey);
      this.byKey = byKey;
    }
    this.add(row, text.trim());
    const code = this.codes[row]!;
    this.byKey[key] = code;
    return code;
  }

  finish(rowCount: number): Column {
    return { codes: trimmed(this.codes, rowCount), values: this.values };
  }
}

/**
 * The same text in a string of its own rather than a view into a longer one: concatenating
 * makes V8 copy it into a new flat string, of which the slice is at most one character shorter.
 */
function flatCopy(text: string): string {
  return ` ${text}`.slice(1);
}

/**
 * The first `length` entries: a view of the array, unless the room grown for more rows is more
 * than a quarter of it, when it is given back by copying (fresh memory is slow to touch).
 */
export function trimmed<T extends Codes | Int32Array | Uint8Array>(array: T, length: number): T {
  return (array.length > length * 1.25 ? array.slice(0, length) : array.subarray(0, length)) as T;
}

function grow<T extends Codes | Int32Array | Uint8Array>(array: T, atLeast: number): T {
  return resized(array, Math.max(atLeast, array.length * 2));
}

function resized<T extends Codes | Int32Array | Uint8Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array.length <= length ? array : array.subarray(0, length));
  return next;
}

/** Builds a Table from a header and rows of untrimmed cells, in file order. */
export class TableBuilder {
  private header: string[] | undefined;
  private builders: (ColumnBuilder | undefined)[] = [];
  private rowNumbers = new Int32Array(1024);
  private emptyRow = new Uint8Array(1024);
  private readonly raggedRows: { row: number; fields: number }[] = [];
  private rowCount = 0;
  private toSkip = 0;
  private skipped = 0;

  constructor(private readonly plan: TablePlan = KEEP_ALL) {}

  setHeader(cells: readonly string[]): void {
    this.header = cells.map((cell) => cell.trim());
    const keep = this.plan.keep(this.header);
    this.builders = this.header.map((_, i) => (keep[i] ? new ColumnBuilder() : undefined));
    this.toSkip = this.plan.skipRows ?? 0;
  }


  addRow(cells: readonly string[], rowNumber: number): void {
    if (this.toSkip > 0) {
      this.toSkip--;
      this.skipped++;
      return;
    }
    const width = this.header!.length;
    if (cells.length !== width) this.raggedRows.push({ row: rowNumber, fields: cells.length });
    const row = this.startRow(rowNumber);
    let empty = 1;
    for (let k = 0; k < cells.length; k++) {
      const raw = cells[k]!;
      const builder = this.builders[k];
      if (builder === undefined) {
        if (empty === 1 && raw.length > 0 && raw.trim() !== '') empty = 0;
        continue;
      }
      const cell = raw.length === 0 ? raw : raw.trim();
      if (cell.length > 0) empty = 0;
      builder.add(row, cell);
    }
    // Kept columns the row is too short for hold '' (code 0), which a fresh array already says.
    for (let k = cells.length; k < width; k++) this.builders[k]?.add(row, '');
    this.emptyRow[row] = empty;
  }

  /** The same as addRow, for a record read straight from bytes. */
  addRawRow(record: RawRecord, rowNumber: number): void {
    if (this.toSkip > 0) {
      this.toSkip--;
      this.skipped++;
      return;
    }
    const width = this.header!.length;
    const count = record.count;
    if (count !== width) this.raggedRows.push({ row: rowNumber, fields: count });
    const row = this.startRow(rowNumber);
    let empty = 1;
    for (let k = 0; k < count; k++) {
      const builder = this.builders[k];
      if (builder === undefined) {
        if (empty === 1 && !record.isBlank(k)) empty = 0;
        continue;
      }
      builder.addRaw(row, record, k);
      if (empty === 1 && builder.codes[row] !== 0) empty = 0;
    }
    for (let k = count; k < width; k++) this.builders[k]?.add(row, '');
    this.emptyRow[row] = empty;
  }

  private startRow(rowNumber: number): number {
    const row = this.rowCount++;
    if (row >= this.rowNumbers.length) {
      this.rowNumbers = grow(this.rowNumbers, row + 1);
      this.emptyRow = grow(this.emptyRow, row + 1);
    }
    this.rowNumbers[row] = rowNumber;
    return row;
  }

  /** Room to write plain rows straight into (KeyedTarget), once the header is in and no header rows are left to skip. */
  keyedTarget(): KeyedTarget | undefined {
    if (this.header === undefined || this.toSkip > 0) return undefined;
    let end = this.rowNumbers.length;
    for (const builder of this.builders) if (builder !== undefined) end = Math.min(end, builder.codes.length);
    const builders = this.builders;
    const byKey = builders.map((builder) => builder?.byKey);
    const codes = builders.map((builder) => builder?.codes);
    const learn = (position: number, row: number, key: number, text: string) => {
      const builder = builders[position]!;
      const code = builder.learn(row, key, text);
      // Learning may have made either array anew (more keys; a 257th value needs wider codes).
      byKey[position] = builder.byKey;
      codes[position] = builder.codes;
      return code;
    };
    return { width: this.header.length, byKey, codes, rowNumbers: this.rowNumbers, emptyRow: this.emptyRow, row: this.rowCount, end, learn };
  }

  /** Room for about `rows` rows in all (a reader's estimate from the file's size), made once. */
  reserve(rows: number): void {
    if (rows <= this.rowNumbers.length) return;
    this.rowNumbers = resized(this.rowNumbers, rows);
    this.emptyRow = resized(this.emptyRow, rows);
    for (const builder of this.builders) if (builder !== undefined && builder.codes.length < rows) builder.codes = resized(builder.codes, rows);
  }

  /** `count` rows were written through keyedTarget(). */
  keyedRowsAdded(count: number): void {
    this.rowCount += count;
  }

  build(): Table {
    const n = this.rowCount;
    return {
      header: this.header ?? [],
      rowCount: n,
      rowNumbers: trimmed(this.rowNumbers, n),
      emptyRow: trimmed(this.emptyRow, n),
      headerRowsSkipped: this.skipped,
      raggedRows: this.raggedRows,
      columns: this.builders.map((builder) => builder?.finish(n)),
    };
  }
}

/** A table from a header and rows already split (a workbook's sheet, a test). */
export function tableFromRows(header: readonly string[], rows: readonly (readonly string[])[], rowNumbers?: readonly number[], plan?: TablePlan): Table {
  const builder = new TableBuilder(plan);
  builder.setHeader(header);
  rows.forEach((row, i) => builder.addRow(row, rowNumbers?.[i] ?? i + 2));
  return builder.build();
}

/** The trimmed cell at a row and header position ('' when the column was not kept). */
export function cellAt(table: Table, row: number, position: number): string {
  const column = table.columns[position];
  return column === undefined ? '' : column.values[column.codes[row]!]!;
}

/**
 * Some rows of a table, in increasing order: row r of the selection is table row `positions[r]`,
 * or row r itself when `positions` is null (the table's first `count` rows: what is left when no
 * row is dropped, or only rows at the end, which then costs no array).
 */
export interface RowSelection {
  count: number;
  positions: Int32Array | null;
}

/** The table row of row r of a selection. */
export function tableRow(rows: RowSelection, r: number): number {
  return rows.positions === null ? r : rows.positions[r]!;
}

/** A column's cells for the selected rows, still dictionary-coded; all '' when not kept. */
export function columnForRows(table: Table, position: number, rows: RowSelection): Column {
  const column = table.columns[position];
  if (column === undefined) return { codes: new Uint8Array(rows.count), values: [''] };
  // The first rows, in order: the column as it is (a view when rows at the end are left out), no copy.
  if (rows.positions === null) return rows.count === table.rowCount ? column : { codes: column.codes.subarray(0, rows.count) as Codes, values: column.values };
  const codes = new (column.codes.constructor as new (n: number) => Codes)(rows.count);
  for (let r = 0; r < rows.count; r++) codes[r] = column.codes[rows.positions[r]!]!;
  return { codes, values: column.values };
}

/** A column from its cells, one per row (small data: tests, a sheet). */
export function columnOf(cells: readonly string[]): Column {
  const values: string[] = [''];
  const lookup = new Map<string, number>([['', 0]]);
  const codes = new Uint32Array(cells.length);
  cells.forEach((cell, r) => {
    let code = lookup.get(cell);
    if (code === undefined) {
      code = values.length;
      values.push(cell);
      lookup.set(cell, code);
    }
    codes[r] = code;
  });
  return { codes, values };
}

/** `out[r] = byCode[codes[r]]` for every row: a per-distinct-cell result spread over the rows. */
export function spreadCodes<T extends Float64Array | Int32Array>(codes: ArrayLike<number>, byCode: ArrayLike<number>, out: T): T {
  for (let r = 0; r < codes.length; r++) out[r] = byCode[codes[r]!]!;
  return out;
}

/** The cells of a column as strings, one per row. */
export function columnCells(column: Column): string[] {
  return Array.from(column.codes, (code) => column.values[code]!);
}

/** Every row as an array of cells (for small tables only: init's drafting, tests). */
export function tableRows(table: Table): string[][] {
  return Array.from({ length: table.rowCount }, (_, row) => table.header.map((_, position) => cellAt(table, row, position)));
}

/**
 * A column with `rename` applied to each distinct value; values that become equal are merged,
 * so equal cells always share a code.
 */
export function mapColumnValues(column: Column, rename: (value: string) => string): Column {
  const values: string[] = [];
  const lookup = new Map<string, number>();
  const remap = column.values.map((value) => {
    const renamed = rename(value);
    let code = lookup.get(renamed);
    if (code === undefined) {
      code = values.length;
      values.push(renamed);
      lookup.set(renamed, code);
    }
    return code;
  });
  // No merge: codes were handed out in the order of the old values, so they are unchanged.
  if (values.length === column.values.length) return { codes: column.codes, values };
  const codes = column.codes.slice() as Codes;
  for (let i = 0; i < codes.length; i++) codes[i] = remap[codes[i]!]!;
  return { codes, values };
}
