import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding, detectLineEnding, parseEncoding, parseEncodingOption } from '../../src/io/decode-text.js';
import { GbvError, formatError } from '../../src/errors.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('decodeText', () => {
  it('drops a UTF-8 BOM whatever encoding is declared', () => {
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, 0x61), 'utf-8', 'f')).toMatchObject({ text: 'a', hadBom: true });
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, 0xe9), 'windows-1252', 'f')).toMatchObject({ text: 'é', hadBom: true });
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

describe('detectEncoding (--encoding auto)', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('takes a UTF-8 BOM for UTF-8 and a UTF-16LE BOM for UTF-16LE', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61), 'f')).toEqual({ encoding: 'utf-8', source: 'bom' });
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0x00), 'f')).toEqual({ encoding: 'utf-16le', source: 'bom' });
  });

  it('takes valid UTF-8 (and plain ASCII) for UTF-8', () => {
    expect(detectEncoding(utf8('a,b\ncapacitación,1\n'), 'f')).toEqual({ encoding: 'utf-8', source: 'valid-utf-8' });
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8, naming the first line that is not', () => {
    expect(detectEncoding(bytes(0x61, 0x0a, 0x62, 0x0a, 0xe9, 0x0a), 'f')).toEqual({ encoding: 'windows-1252', source: 'fallback', firstInvalidLine: 3 });
  });

  it('refuses UTF-16 big-endian with a hint to save as UTF-8', () => {
    expect(() => detectEncoding(bytes(0xfe, 0xff, 0x00, 0x61), 'f')).toThrow(/big-endian/);
  });
});

describe('decodeText as UTF-16LE', () => {
  it('drops the BOM and normalises CRLF', () => {
    const text = 'a\tb\r\nñ\t€\r\n';
    const encoded = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeText(encoded, 'utf-16le', 'f')).toEqual({ text: 'a\tb\nñ\t€\n', hadBom: true, lineEnding: 'crlf' });
  });

  it('explains a UTF-16LE file declared as UTF-8', () => {
    expect(() => decodeText(bytes(0xff, 0xfe, 0x61, 0x00), 'utf-8', 'f')).toThrow(/UTF-16LE/);
  });
});

describe('detectLineEnding', () => {
  it('names LF, CRLF, CR, a mix, or none', () => {
    expect(detectLineEnding('a\nb\n')).toBe('lf');
    expect(detectLineEnding('a\r\nb\r\n')).toBe('crlf');
    expect(detectLineEnding('a\rb\r')).toBe('cr');
    expect(detectLineEnding('a\r\nb\n')).toBe('mixed');
    expect(detectLineEnding('a')).toBe('none');
  });
});

describe('parseEncodingOption', () => {
  it('accepts auto and utf-16le', () => {
    expect(parseEncodingOption('AUTO')).toBe('auto');
    expect(parseEncodingOption('utf16le')).toBe('utf-16le');
  });
});

describe('detectEncoding with a UTF-8 BOM in front of Windows-1252 bytes', () => {
  it('lets the bytes decide: Windows-1252', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xe9), 'f')).toEqual({ encoding: 'windows-1252', source: 'fallback', firstInvalidLine: 2 });
  });
});
