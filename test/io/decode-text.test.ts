// STATISTICS.md §1.1–§1.3 as the reader applies them: byte order marks, --encoding auto, the
// Windows-1252 table, line ends, and the errors. Every case is read in pieces of 2 bytes and
// whole, through both scanners, and must come out the same (the streaming reader's cases).

import { describe, expect, it } from 'vitest';
import { tableRows } from '../../src/core/table/table.js';
import { decodeWindows1252, parseEncoding, parseEncodingOption } from '../../src/io/decode-text.js';
import { GbvError, formatError } from '../../src/errors.js';
import { memorySource } from '../../src/io/byte-source.js';
import { readSurveyText } from '../../src/io/read-survey.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

/** What a one-column file reads as: its cells (header first), and the facts about the reading. */
function read(input: Uint8Array, encoding = 'auto', file = 'f') {
  const outcomes = [2, 1 << 20].flatMap((piece) =>
    (['bytes', 'text'] as const).map((scanner) => {
      try {
        const survey = readSurveyText(memorySource(input, piece), file, { encoding, delimiter: ',', scanner });
        return {
          cells: [survey.header, ...tableRows(survey)].flat(),
          hadBom: survey.hadBom,
          encoding: survey.encoding,
          source: survey.encodingSource,
          lineEnding: survey.lineEnding,
          guessedAt: survey.diagnostics.find((d) => d.code === 'ENCODING_GUESSED')?.location?.line,
        };
      } catch (error) {
        if (!(error instanceof GbvError)) throw error;
        return { error: formatError(error) };
      }
    }),
  );
  for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
  return outcomes[0]!;
}

describe('reading text', () => {
  it('drops a UTF-8 BOM whatever encoding is declared', () => {
    expect(read(bytes(0xef, 0xbb, 0xbf, 0x61, 0x0a, 0x62), 'utf-8')).toMatchObject({ cells: ['a', 'b'], hadBom: true });
    expect(read(bytes(0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xe9), 'windows-1252')).toMatchObject({ cells: ['a', 'é'], hadBom: true });
  });

  it('decodes Windows-1252, including the characters Latin-1 lacks', () => {
    expect(read(bytes(0x61, 0x0a, 0x80, 0x93, 0x94, 0xf1), 'windows-1252').cells).toEqual(['a', '€“”ñ']);
    expect(decodeWindows1252(bytes(0x80, 0x93, 0x94, 0xf1))).toBe('€“”ñ');
  });

  it('reads CRLF and lone CR as line ends, and says which the file used', () => {
    expect(read(new TextEncoder().encode('a\r\nb\rc\n'))).toMatchObject({ cells: ['a', 'b', 'c'], lineEnding: 'mixed' });
    expect(read(new TextEncoder().encode('a\nb\n')).lineEnding).toBe('lf');
    expect(read(new TextEncoder().encode('a\r\nb\r\n')).lineEnding).toBe('crlf');
    expect(read(new TextEncoder().encode('a\rb\r')).lineEnding).toBe('cr');
    expect(read(new TextEncoder().encode('a')).lineEnding).toBe('none');
  });

  it('rejects invalid UTF-8 with the line and a hint about windows-1252', () => {
    const { error } = read(bytes(0x61, 0x0a, 0x62, 0x0a, 0xe9, 0x0a), 'utf-8', 'survey.csv');
    expect(error).toContain('survey.csv:3: the file is not valid UTF-8');
    expect(error).toContain('--encoding windows-1252');
  });
});

describe('--encoding auto', () => {
  it('takes a UTF-8 BOM for UTF-8 and a UTF-16LE BOM for UTF-16LE', () => {
    expect(read(bytes(0xef, 0xbb, 0xbf, 0x61))).toMatchObject({ encoding: 'utf-8', source: 'bom', cells: ['a'] });
    expect(read(bytes(0xff, 0xfe, 0x61, 0x00))).toMatchObject({ encoding: 'utf-16le', source: 'bom', cells: ['a'] });
  });

  it('takes valid UTF-8 (and plain ASCII) for UTF-8', () => {
    expect(read(new TextEncoder().encode('a,b\ncapacitación,1\n'))).toMatchObject({ encoding: 'utf-8', source: 'valid-utf-8' });
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8, naming the first line that is not', () => {
    expect(read(bytes(0x61, 0x0a, 0x62, 0x0a, 0xe9, 0x0a))).toMatchObject({ encoding: 'windows-1252', source: 'fallback', guessedAt: 3, cells: ['a', 'b', 'é'] });
  });

  it('lets the bytes decide behind a UTF-8 BOM: Windows-1252', () => {
    expect(read(bytes(0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xe9))).toMatchObject({ encoding: 'windows-1252', source: 'fallback', guessedAt: 2, hadBom: true, cells: ['a', 'é'] });
  });

  it('refuses UTF-16 big-endian with a hint to save as UTF-8', () => {
    expect(read(bytes(0xfe, 0xff, 0x00, 0x61)).error).toMatch(/big-endian/);
  });
});

describe('UTF-16LE', () => {
  it('drops the BOM and reads CRLF', () => {
    const text = 'a\r\nñ€\r\n';
    const encoded = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(read(encoded, 'utf-16le')).toMatchObject({ cells: ['a', 'ñ€'], hadBom: true, lineEnding: 'crlf' });
  });

  it('explains a UTF-16LE file declared as UTF-8', () => {
    expect(read(bytes(0xff, 0xfe, 0x61, 0x00), 'utf-8').error).toMatch(/UTF-16LE/);
  });
});

describe('parseEncoding', () => {
  it('accepts the aliases STATISTICS.md lists and refuses others', () => {
    for (const name of ['cp1252', 'latin1', 'ISO-8859-1', 'windows-1252']) expect(parseEncoding(name)).toBe('windows-1252');
    expect(parseEncoding('UTF8')).toBe('utf-8');
    expect(() => parseEncoding('ebcdic')).toThrow(/unknown encoding "ebcdic"/);
  });

  it('accepts auto and utf-16le as options', () => {
    expect(parseEncodingOption('AUTO')).toBe('auto');
    expect(parseEncodingOption('utf16le')).toBe('utf-16le');
  });
});
