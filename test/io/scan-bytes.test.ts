// The byte scanner's own machinery: interning short byte strings, and a column with more
// distinct short cells than the interner holds (a column of ids), which must still read right.

import { describe, expect, it } from 'vitest';
import { cellAt } from '../../src/core/table/table.js';
import { memorySource } from '../../src/io/byte-source.js';
import { readSurveyText } from '../../src/io/read-survey.js';
import { ByteInterner, fieldKey } from '../../src/io/scan-bytes.js';

describe('ByteInterner', () => {
  it('gives equal bytes one number and different bytes different numbers', () => {
    const interner = new ByteInterner();
    const bytes = Buffer.from('abc,abd,abc,ab,ñ,ñ');
    const ids = [[0, 3], [4, 7], [8, 11], [12, 14], [15, 17], [18, 20]].map(([s, e]) => interner.id(bytes, s!, e!));
    expect(ids[0]).toBe(ids[2]);
    expect(ids[4]).toBe(ids[5]);
    expect(new Set([ids[0], ids[1], ids[3], ids[4]]).size).toBe(4);
    expect(ids.every((id) => id > 0)).toBe(true);
  });

  it('declines fields longer than its limit, and every new field once full', () => {
    const interner = new ByteInterner();
    const long = Buffer.alloc(ByteInterner.MAX_LENGTH + 1, 120);
    expect(interner.id(long, 0, long.length)).toBe(-1);
    const cell = Buffer.alloc(4);
    let last = 0;
    for (let i = 0; i < ByteInterner.MAX_ENTRIES; i++) {
      cell.writeUInt32BE(i);
      last = interner.id(cell, 0, 4);
    }
    expect(last).toBe(-1);
    cell.writeUInt32BE(7);
    expect(interner.id(cell, 0, 4)).toBeGreaterThan(0); // still known
  });
});

describe('fieldKey', () => {
  it('gives every field of up to two bytes its own key, and equal fields equal keys', () => {
    const interner = new ByteInterner();
    const contentOf = new Map<number, string>();
    const buf = Buffer.alloc(4);
    const keyOf = (bytes: number[]) => {
      buf.set(bytes, 1);
      const key = fieldKey(interner, buf, 1, 1 + bytes.length);
      const content = Buffer.from(bytes).toString('hex');
      expect(contentOf.get(key) ?? content).toBe(content);
      contentOf.set(key, content);
      return key;
    };
    expect(keyOf([])).toBe(0);
    for (let a = 0; a < 256; a++) expect(keyOf([a])).toBe(1 + a);
    for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) expect(keyOf([a, b])).toBeGreaterThan(256);
    expect(contentOf.size).toBe(1 + 256 + 65_536);
    // Two digits are their own key, next to the one-byte ones; the rest are interned after them.
    expect(keyOf([...Buffer.from('98')])).toBe(257 + 98);
    expect(keyOf([...Buffer.from('00')])).toBe(257);
    expect(keyOf([...Buffer.from('no')])).toBeGreaterThan(357);
    expect(keyOf([...Buffer.from('98')])).toBe(257 + 98);
  });
});

describe('a column with more distinct short cells than the interner holds', () => {
  it('reads every cell as written (70,000 distinct ids, in pieces of 4 KiB)', () => {
    const n = 70_000;
    const id = (i: number) => i.toString(36);
    const text = `id,x\n${Array.from({ length: n }, (_, i) => `${id(i)},${i % 5}`).join('\n')}\n`;
    const survey = readSurveyText(memorySource(Buffer.from(text), 4096), 'ids.csv', { delimiter: ',', encoding: 'utf-8' });
    expect(survey.rowCount).toBe(n);
    for (let i = 0; i < n; i++) {
      if (cellAt(survey, i, 0) !== id(i) || cellAt(survey, i, 1) !== String(i % 5)) throw new Error(`row ${i + 2} misread`);
    }
    expect(survey.columns[0]!.values).toHaveLength(n + 1);
  });
});
