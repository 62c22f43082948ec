import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseDelimiterOption } from '../../src/io/detect-delimiter.js';
import { tableRows } from '../../src/core/table/table.js';
import { readSurvey } from '../../src/io/read-survey.js';

describe('detectDelimiter', () => {
  it('finds a comma, a semicolon and a tab', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n').delimiter).toBe(',');
    expect(detectDelimiter('a;b;c\n1;2;3\n').delimiter).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n').delimiter).toBe('\t');
  });

  it('prefers the semicolon of Spanish Excel over the decimal commas between them', () => {
    expect(detectDelimiter('id;peso;p1\n1;1,25;3\n2;0,8;4,5\n').delimiter).toBe(';');
  });

  it('ignores delimiters inside quotes, including quoted line breaks', () => {
    expect(detectDelimiter('"a;x";"b,y,z"\n"1,2,3";"4\n5,6"\n').delimiter).toBe(';');
    expect(detectDelimiter('id,"fecha"\n1,"Mar 3; 2024"\n').delimiter).toBe(',');
  });

  it('falls back to a comma for a one-column file', () => {
    expect(detectDelimiter('folio\n1\n2\n')).toEqual({ delimiter: ',', found: false });
  });
});

describe('parseDelimiterOption', () => {
  it('accepts auto, names and single characters, and refuses the rest', () => {
    expect(parseDelimiterOption('auto')).toBe('auto');
    expect(parseDelimiterOption('tab')).toBe('\t');
    expect(parseDelimiterOption('semicolon')).toBe(';');
    expect(parseDelimiterOption('|')).toBe('|');
    expect(() => parseDelimiterOption(';;')).toThrow(/not a single character/);
    expect(() => parseDelimiterOption('"')).toThrow(/not a single character/);
  });
});

// Every edge-case fixture was written for explicit options; auto must find the same ones.
describe('auto detection on every fixture of test/fixtures', () => {
  const fixtures = readdirSync('test/fixtures', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join('test/fixtures', entry.name, 'survey.csv')))
    .map((entry) => entry.name);

  it.each(fixtures)('%s', (name) => {
    const dir = join('test/fixtures', name);
    const optionsFile = join(dir, 'options.json');
    const given = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as { encoding?: string; delimiter?: string }) : {};
    const auto = readSurvey(join(dir, 'survey.csv'));
    const explicit = readSurvey(join(dir, 'survey.csv'), { encoding: given.encoding ?? 'utf-8', delimiter: given.delimiter ?? ',' });
    expect(auto.delimiter).toBe(explicit.delimiter);
    expect(auto.encoding).toBe(explicit.encoding);
    expect(auto.header).toEqual(explicit.header);
    expect(tableRows(auto)).toEqual(tableRows(explicit));
  });
});
