// The progress bar: silent wherever nobody watches a terminal, late and throttled where someone
// does, and a line that always fits. The clock is injected, so no test waits or fakes timers.

import { describe, expect, it } from 'vitest';
import {
  PROGRESS_MIN_BYTES,
  createProgress,
  formatProgressLine,
  supportsUnicode,
  type ProgressOptions,
} from '../../src/cli/progress.js';

const MB = 1024 * 1024;
const BIG = 100 * MB;
const UTF8 = { LANG: 'en_US.UTF-8' };

interface Harness {
  writes: string[];
  clock: { ms: number };
  progress: ReturnType<typeof createProgress>;
}

function harness(overrides: Partial<ProgressOptions> = {}, stream: Partial<ProgressOptions['stream']> = {}): Harness {
  const writes: string[] = [];
  const clock = { ms: 0 };
  const progress = createProgress({
    stream: { isTTY: true, columns: 80, write: (text: string) => writes.push(text), ...stream },
    env: UTF8,
    totalBytes: BIG,
    label: 'survey.csv',
    language: 'en',
    now: () => clock.ms,
    ...overrides,
  });
  return { writes, clock, progress };
}

/** Reads the whole file over three seconds, updating every 10 ms, then finishes. */
function readThrough({ writes, clock, progress }: Harness, totalBytes = BIG): string[] {
  for (let ms = 0; ms <= 3000; ms += 10) {
    clock.ms = ms;
    progress.update(Math.round((totalBytes * ms) / 3000));
  }
  progress.finish();
  return writes;
}

/** The visible text of a redraw: no carriage return, no erase sequence. */
const visible = (write: string) => write.replace(/\r/g, '').replace(/\x1b\[\d?K/g, '');

describe('createProgress stays silent', () => {
  const cases: [string, Partial<ProgressOptions>, Partial<ProgressOptions['stream']>][] = [
    ['when stderr is not a terminal', {}, { isTTY: false }],
    ['when the stream does not say it is a terminal', {}, { isTTY: undefined }],
    ['under CI=true', { env: { ...UTF8, CI: 'true' } }, {}],
    ['under CI=1', { env: { ...UTF8, CI: '1' } }, {}],
    ['with TERM=dumb', { env: { ...UTF8, TERM: 'dumb' } }, {}],
    ['with GBV_IMPACT_NO_PROGRESS=1', { env: { ...UTF8, GBV_IMPACT_NO_PROGRESS: '1' } }, {}],
    ['when the size is unknown (standard input)', { totalBytes: undefined }, {}],
    ['for a file just under the threshold', { totalBytes: PROGRESS_MIN_BYTES - 1 }, {}],
    ['for a small file', { totalBytes: 200 * 1024 }, {}],
  ];
  it.each(cases)('%s', (_name, overrides, stream) => {
    expect(readThrough(harness(overrides, stream), overrides.totalBytes ?? BIG)).toEqual([]);
  });

  it('for a quick run that finishes within half a second', () => {
    const h = harness();
    for (let ms = 0; ms < 500; ms += 10) {
      h.clock.ms = ms;
      h.progress.update((BIG * ms) / 500);
    }
    h.progress.finish();
    expect(h.writes).toEqual([]);
  });
});

describe('createProgress draws', () => {
  it('on a terminal, for a large file, with CI unset, CI=false or CI=0', () => {
    for (const env of [UTF8, { ...UTF8, CI: 'false' }, { ...UTF8, CI: '0' }, { ...UTF8, CI: '' }]) {
      expect(readThrough(harness({ env })).length, JSON.stringify(env)).toBeGreaterThan(1);
    }
  });

  it('for a file exactly at the threshold', () => {
    expect(readThrough(harness({ totalBytes: PROGRESS_MIN_BYTES }), PROGRESS_MIN_BYTES).length).toBeGreaterThan(1);
  });

  it('nothing before 0.5 s, then the first line at 0.5 s', () => {
    const { writes, clock, progress } = harness();
    for (const ms of [0, 100, 250, 499]) {
      clock.ms = ms;
      progress.update(ms * 1000);
    }
    expect(writes).toEqual([]);
    clock.ms = 500;
    progress.update(10 * MB);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\rsurvey\.csv {2}█+░+ {2} 10% {3}10\.0 of 100\.0 MB\x1b\[K$/);
  });

  it('at most once every 100 ms', () => {
    const { writes, clock, progress } = harness();
    clock.ms = 500;
    progress.update(10 * MB);
    for (const ms of [510, 550, 599]) {
      clock.ms = ms;
      progress.update(ms * 100_000);
    }
    expect(writes).toHaveLength(1);
    clock.ms = 600;
    progress.update(70 * MB);
    expect(writes).toHaveLength(2);
    expect(visible(writes[1]!)).toContain('70%');
  });

  it('about ten times a second however often it is updated', () => {
    const { writes, clock, progress } = harness();
    for (let ms = 0; ms <= 3000; ms += 1) {
      clock.ms = ms;
      progress.update((BIG * ms) / 3000);
    }
    // From 0.5 s to 3 s at one redraw per 100 ms: 26 at most.
    expect(writes.length).toBeGreaterThanOrEqual(20);
    expect(writes.length).toBeLessThanOrEqual(26);
  });

  it('does not rewrite a line that has not changed', () => {
    const { writes, clock, progress } = harness();
    for (let ms = 500; ms <= 900; ms += 100) {
      clock.ms = ms;
      progress.update(0);
    }
    expect(writes).toHaveLength(1);
  });

  it('on one line, within the terminal width, following a resize', () => {
    const stream = { isTTY: true, columns: 100, write: (text: string) => writes.push(text) };
    const writes: string[] = [];
    const clock = { ms: 0 };
    const progress = createProgress({ stream, env: UTF8, totalBytes: BIG, label: 'survey.csv', language: 'en', now: () => clock.ms });
    for (let ms = 0; ms <= 3000; ms += 10) {
      clock.ms = ms;
      if (ms === 1500) stream.columns = 30;
      progress.update((BIG * ms) / 3000);
    }
    const redraws = writes.map(visible);
    expect(writes.every((write) => write.startsWith('\r') && !write.includes('\n'))).toBe(true);
    expect(redraws.some((line) => line.length > 30)).toBe(true);
    redraws.slice(-5).forEach((line) => expect(line.length).toBeLessThan(30));
  });

  it('with 80 columns when the stream does not know its width', () => {
    const writes = readThrough(harness({ label: 'x'.repeat(200) }, { columns: undefined }));
    writes.slice(0, -1).forEach((write) => expect(Array.from(visible(write)).length).toBeLessThanOrEqual(79));
  });

  it('in ASCII unless the locale is UTF-8, LC_ALL first', () => {
    const bar = (env: NodeJS.ProcessEnv) => readThrough(harness({ env })).slice(0, -1).join('');
    expect(bar({ LANG: 'es_MX.UTF-8' })).toContain('█');
    expect(bar({ LC_ALL: 'C.utf8' })).toContain('█');
    expect(bar({ LANG: 'C' })).toMatch(/#+-+/);
    expect(bar({})).not.toMatch(/[█░]/);
    expect(bar({ LANG: 'en_US.UTF-8', LC_ALL: 'C' })).not.toMatch(/[█░]/);
  });
});

describe('finish', () => {
  it('clears the line once when a bar was drawn, and silences later updates', () => {
    const { writes, clock, progress } = harness();
    clock.ms = 600;
    progress.update(50 * MB);
    progress.finish();
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe('\x1b[2K\r');
    progress.finish();
    clock.ms = 2000;
    progress.update(80 * MB);
    expect(writes).toHaveLength(2);
  });

  it('writes nothing when no bar was drawn', () => {
    const { writes, clock, progress } = harness();
    clock.ms = 300;
    progress.update(50 * MB);
    progress.finish();
    progress.finish();
    expect(writes).toEqual([]);
  });

  it('writes nothing when the bar is off', () => {
    const { writes, progress } = harness({}, { isTTY: false });
    progress.finish();
    expect(writes).toEqual([]);
  });
});

describe('formatProgressLine', () => {
  it('in English: label, bar, percentage, megabytes read of the total, time left', () => {
    expect(formatProgressLine(50 * MB, BIG, 2000, 80, 'en', true, 'a.csv')).toBe(
      `a.csv  ${'█'.repeat(15)}${'░'.repeat(15)}   50%   50.0 of 100.0 MB  2 s left`,
    );
  });

  it('in Spanish', () => {
    expect(formatProgressLine(50 * MB, BIG, 2000, 80, 'es', true, 'a.csv')).toBe(
      // The Spanish estimate is wider, so its bar is one shorter.
      `a.csv  ${'█'.repeat(14)}${'░'.repeat(14)}   50%   50.0 de 100.0 MB  quedan 2 s`,
    );
  });

  it('in ASCII', () => {
    expect(formatProgressLine(25 * MB, BIG, 500, 80, 'en', false, 'a.csv')).toBe(
      `a.csv  ${'#'.repeat(7)}${'-'.repeat(23)}   25%   25.0 of 100.0 MB`,
    );
  });

  it('counts in GB past 1024 MB', () => {
    expect(formatProgressLine(1536 * MB, 3072 * MB, 500, 120, 'en', true)).toContain('1.5 of 3.0 GB');
  });

  it('rounds the percentage down, so 100% means done', () => {
    expect(formatProgressLine(BIG - 1, BIG, 500, 80, 'en', true)).toContain(' 99%');
    expect(formatProgressLine(BIG, BIG, 500, 80, 'en', true)).toContain('100%');
    expect(formatProgressLine(2 * BIG, BIG, 500, 80, 'en', true)).toContain('100%');
  });

  describe('time left', () => {
    const left = (done: number, elapsedMs: number, language: 'en' | 'es') =>
      formatProgressLine(done * MB, BIG, elapsedMs, 200, language, true).replace(/^.* MB {2}/, '');

    it('is not shown before one second, nor when done', () => {
      expect(formatProgressLine(50 * MB, BIG, 999, 200, 'en', true)).not.toMatch(/left/);
      expect(formatProgressLine(50 * MB, BIG, 999, 200, 'es', true)).not.toMatch(/queda/);
      expect(formatProgressLine(BIG, BIG, 5000, 200, 'en', true)).not.toMatch(/left/);
      expect(formatProgressLine(0, BIG, 5000, 200, 'en', true)).not.toMatch(/left/);
    });

    it('extrapolates the rate so far', () => {
      expect(left(25, 10_000, 'en')).toBe('30 s left');
      expect(left(25, 10_000, 'es')).toBe('quedan 30 s');
    });

    it('rounds up and agrees in number', () => {
      expect(left(99, 50_000, 'en')).toBe('1 s left');
      expect(left(99, 50_000, 'es')).toBe('queda 1 s');
      expect(left(50, 60_000, 'es')).toBe('queda 1 min');
    });

    it('in minutes and seconds, then minutes, then hours', () => {
      expect(left(50, 150_000, 'en')).toBe('2 min 30 s left');
      expect(left(50, 150_000, 'es')).toBe('quedan 2 min 30 s');
      expect(left(10, 100_000, 'en')).toBe('15 min left');
      expect(left(1, 39_000, 'en')).toBe('1 h 5 min left');
      expect(left(1, 39_000, 'es')).toBe('quedan 1 h 5 min');
    });
  });

  it('keeps the bar still when the estimate appears', () => {
    const before = formatProgressLine(40 * MB, BIG, 900, 80, 'en', true, 'survey.csv');
    const after = formatProgressLine(40 * MB, BIG, 1000, 80, 'en', true, 'survey.csv');
    expect(after.startsWith(before)).toBe(true);
    expect(after.length).toBeGreaterThan(before.length);
  });

  it('gives up the sizes, then the estimate, then the bar as the terminal narrows', () => {
    const at = (columns: number) => formatProgressLine(40 * MB, BIG, 5000, columns, 'en', true, 'survey.csv');
    expect(at(80)).toMatch(/survey\.csv {2}█+░+ {3}40% {3}40\.0 of 100\.0 MB {2}8 s left/);
    expect(at(50)).toMatch(/^survey\.csv {2}█+░+ {3}40% {2}8 s left$/);
    expect(at(30)).toMatch(/^survey\.csv {2}█+░+ {3}40%$/);
    expect(at(12)).toBe(' 40%');
    expect(at(4)).toBe('');
  });

  it('shortens a long label from the front, keeping the name of the file', () => {
    const line = formatProgressLine(40 * MB, BIG, 5000, 60, 'en', true, '/home/evaluadora/encuestas/2024/policia-municipal-final.csv');
    expect(line).toMatch(/^….*-final\.csv {2}█{4,}/);
    expect(formatProgressLine(40 * MB, BIG, 5000, 60, 'en', false, 'x'.repeat(100))).toMatch(/^\.\.\.x+ {2}#+/);
  });

  it('never takes more than columns − 1 characters', () => {
    const labels = ['', 'a.csv', 'survey.csv', 'encuesta-policía-2024.csv', '😀'.repeat(30), 'x'.repeat(300)];
    for (let columns = 0; columns <= 160; columns += 1) {
      for (const label of labels) {
        for (const done of [0, 1, 0.3, 0.999, 1.2]) {
          for (const language of ['en', 'es'] as const) {
            for (const unicode of [true, false]) {
              const line = formatProgressLine(done * 700 * MB, 700 * MB, 3_700_000, columns, language, unicode, label);
              expect(Array.from(line).length, `${columns} ${label} ${done} ${language}`).toBeLessThanOrEqual(Math.max(0, columns - 1));
            }
          }
        }
      }
    }
  });
});

describe('supportsUnicode', () => {
  it('reads LC_ALL, LC_CTYPE, then LANG', () => {
    expect(supportsUnicode({ LANG: 'es_MX.UTF-8' })).toBe(true);
    expect(supportsUnicode({ LC_CTYPE: 'en_US.utf8' })).toBe(true);
    expect(supportsUnicode({ LC_ALL: 'POSIX', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(supportsUnicode({})).toBe(false);
  });
});
