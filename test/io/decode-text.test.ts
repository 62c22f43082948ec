import { describe, expect, it } from 'vitest';
import { decodeText, parseEncoding } from '../../src/io/decode-text.js';
import { GbvError, formatError } from '../../src/errors.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('decodeText', () => {
  it('drops a UTF-8 BOM whatever encoding is declared', () => {
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, 0x61), 'utf-8', 'f')).toEqual({ text: 'a', hadBom: true });
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, 0xe9), 'windows-1252', 'f')).toEqual({ text: 'é', hadBom: true });
  });

  it('decodes Windows-1252, including the characters Latin-1 lacks', () => {
    expect(decodeText(bytes(0x80, 0x93, 0x94, 0xf1), 'windows-1252', 'f').text).toBe('€“”ñ');
  });

  it('normalises CRLF and lone CR to LF', () => {
    expect(decodeText(new TextEncoder().encode('a\r\nb\rc\n'), 'utf-8', 'f').text).toBe('a\nb\nc\n');
  });

  it('rejects invalid UTF-8 with the line and a hint about windows-1252', () => {
    try {
      decodeText(bytes(0x61, 0x0a, 0x62, 0x0a, 0xe9, 0x0a), 'utf-8', 'survey.csv');
      throw new Error('expected an encoding error');
    } catch (error) {
      expect(error).toBeInstanceOf(GbvError);
      expect(formatError(error as GbvError)).toContain('survey.csv:3: the file is not valid UTF-8');
      expect(formatError(error as GbvError)).toContain('--encoding windows-1252');
    }
  });
});

describe('parseEncoding', () => {
  it('accepts the aliases STATISTICS.md lists and refuses others', () => {
    for (const name of ['cp1252', 'latin1', 'ISO-8859-1', 'windows-1252']) expect(parseEncoding(name)).toBe('windows-1252');
    expect(parseEncoding('UTF8')).toBe('utf-8');
    expect(() => parseEncoding('ebcdic')).toThrow(/unknown encoding "ebcdic"/);
  });
});
