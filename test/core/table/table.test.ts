// The column-wise table's memory rules (src/core/table/table.ts): room made once from a reader's
// estimate, arrays handed over as views when the room left over is small and copied when it is
// not (fresh memory is slow to touch), and the same cells however the room was made.

import { describe, expect, it } from 'vitest';
import { TableBuilder, tableRows, trimmed } from '../../../src/core/table/table.js';

function build(rows: number, reserve?: number) {
  const builder = new TableBuilder();
  builder.setHeader(['a', 'b']);
  if (reserve !== undefined) builder.reserve(reserve);
  for (let r = 0; r < rows; r++) builder.addRow([String(r % 3), r % 2 === 0 ? 'x' : ''], r + 2);
  return builder.build();
}

describe('TableBuilder room and views', () => {
  it('gives the same table whether room was made for too few, enough or too many rows', () => {
    const plain = build(3000);
    for (const reserve of [10, 3000, 3100, 50_000]) {
      const table = build(3000, reserve);
      expect(tableRows(table)).toEqual(tableRows(plain));
      expect([...table.rowNumbers]).toEqual([...plain.rowNumbers]);
      expect([...table.emptyRow]).toEqual([...plain.emptyRow]);
    }
  });

  it('hands over views of arrays barely longer than the rows, and copies of much longer ones', () => {
    const snug = build(3000, 3100);
    expect(snug.rowNumbers.length).toBe(3000);
    expect(snug.rowNumbers.buffer.byteLength).toBe(3100 * 4);
    expect(snug.columns[0]!.codes.buffer.byteLength).toBe(3100);
    const loose = build(3000, 50_000);
    expect(loose.rowNumbers.buffer.byteLength).toBe(3000 * 4);
    expect(loose.columns[0]!.codes.buffer.byteLength).toBe(3000);
  });

  it('trimmed: a view up to a quarter of room to spare, a copy beyond', () => {
    const array = Int32Array.from({ length: 125 }, (_, i) => i);
    expect(trimmed(array, 100).buffer).toBe(array.buffer);
    expect(trimmed(array, 99).buffer).not.toBe(array.buffer);
    expect([...trimmed(array, 99)]).toEqual([...array.subarray(0, 99)]);
  });
});
