// A progress bar on stderr while a large survey file is read: one line redrawn in place with
// `\r`, cleared before the report is printed. It exists only for a person watching a terminal,
// so it stays silent everywhere else: when stderr is not a TTY (pipes, files, most CI logs),
// under CI, with TERM=dumb, when GBV_IMPACT_NO_PROGRESS is set, when the size is unknown
// (standard input) or small, and during the first half second, so quick runs never flash a bar.
//
// The line is built by the pure `formatProgressLine`; `createProgress` only decides whether and
// when to draw it, with the clock injected so tests need no timers. The words live here rather
// than in src/render/i18n.ts because they are terminal chrome, never part of a report.

/** Files smaller than this (16 MB) read fast enough that a bar would only flicker. */
export const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;

/** Nothing is drawn before this many milliseconds have passed since `createProgress`. */
export const PROGRESS_DELAY_MS = 500;

/** At most one redraw per this many milliseconds (about ten a second). */
export const PROGRESS_REDRAW_MS = 100;

/** The estimate of the time left appears only once this much time has passed, when it is steadier. */
export const PROGRESS_ETA_AFTER_MS = 1000;

export interface Progress {
  /** Reports how many bytes have been read so far; redraws the line when it is due. */
  update(doneBytes: number): void;
  /** Clears the line if one was drawn; later calls to either method do nothing. */
  finish(): void;
}

export interface ProgressOptions {
  /** Normally `process.stderr`. Its `columns` is read at every redraw, so resizing is followed. */
  stream: { isTTY?: boolean; columns?: number; write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** The file's size; `undefined` when it cannot be known (standard input). */
  totalBytes: number | undefined;
  /** What is being read, usually the file's name. */
  label: string;
  language: 'es' | 'en';
  /** Milliseconds from a monotonic clock; defaults to `performance.now()`. */
  now?: () => number;
}

const SILENT: Progress = { update() {}, finish() {} };

const BAR_MIN = 10;
const BAR_MAX = 30;
const LABEL_MIN = 12;
const GAP = '  ';
const MB = 1024 * 1024;

const WORDS = {
  en: {
    of: 'of',
    left: (time: string, _singular: boolean) => `${time} left`,
    // The longest estimate formatTime gives in its usual range, to reserve its room.
    widest: '9 min 59 s left',
  },
  es: {
    of: 'de',
    left: (time: string, singular: boolean) => `${singular ? 'queda' : 'quedan'} ${time}`,
    widest: 'quedan 9 min 59 s',
  },
} as const;

/**
 * Whether a bar may be shown at all. CI follows the common convention (CI=false or CI=0 means
 * not CI); GBV_IMPACT_NO_PROGRESS follows NO_COLOR's: any non-empty value turns the bar off.
 */
function progressAllowed(options: ProgressOptions): boolean {
  const { stream, env, totalBytes } = options;
  if (stream.isTTY !== true) return false;
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && !['false', '0'].includes(ci.trim().toLowerCase())) return false;
  if (env.TERM === 'dumb') return false;
  if (env.GBV_IMPACT_NO_PROGRESS !== undefined && env.GBV_IMPACT_NO_PROGRESS !== '') return false;
  if (totalBytes === undefined || !Number.isFinite(totalBytes)) return false;
  return totalBytes >= PROGRESS_MIN_BYTES;
}

/**
 * Whether the terminal's character set is UTF-8, judged from the locale variables in their
 * POSIX order of precedence (LC_ALL, then LC_CTYPE, then LANG). Anything else gets ASCII.
 */
export function supportsUnicode(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

/**
 * Shows a progress bar on `stream` while `totalBytes` are read, or does nothing at all when the
 * bar would not help (see the top of this file). Call `update` as bytes arrive, as often as is
 * convenient: redraws are throttled here. Call `finish` before anything else is printed.
 */
export function createProgress(options: ProgressOptions): Progress {
  if (!progressAllowed(options)) return SILENT;
  const { stream, label, language } = options;
  const totalBytes = options.totalBytes as number;
  const unicode = supportsUnicode(options.env);
  const now = options.now ?? (() => performance.now());
  const start = now();
  let lastDraw = -Infinity;
  let lastLine = '';
  let drawn = false;
  let finished = false;

  return {
    update(doneBytes: number): void {
      if (finished) return;
      const time = now();
      const elapsed = time - start;
      if (elapsed < PROGRESS_DELAY_MS || time - lastDraw < PROGRESS_REDRAW_MS) return;
      lastDraw = time;
      const line = formatProgressLine(doneBytes, totalBytes, elapsed, terminalColumns(stream.columns), language, unicode, label);
      if (line === '' || line === lastLine) return;
      // Erase to the end of the line: a shorter line must not leave the old one's tail behind.
      stream.write(`\r${line}\x1b[K`);
      lastLine = line;
      drawn = true;
    },
    finish(): void {
      if (finished) return;
      finished = true;
      if (drawn) stream.write('\x1b[2K\r');
    },
  };
}

function terminalColumns(columns: number | undefined): number {
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? Math.floor(columns) : 80;
}

/**
 * One line of the progress bar, e.g.
 * `survey.csv  ███████████████░░░░░░░░░░░░░░   52%   83.2 of 160.0 MB  12 s left`
 * (`quedan 12 s` and `de` in Spanish; `#` and `-` without Unicode). It never exceeds
 * `columns - 1` characters, since writing the last column makes some terminals wrap: as room
 * runs out, the bar shrinks, then the sizes, the estimate and the bar are dropped in turn and
 * the label is shortened from the front (a file's name ends in what tells it apart). The
 * estimate of time left appears once `elapsedMs` reaches 1 s; its room is kept from the start
 * so the bar does not jump when it appears. Returns '' when not even the percentage fits.
 *
 * @example formatProgressLine(50 * MB, 100 * MB, 2000, 80, 'en', true, 'a.csv')
 * // 'a.csv  ███████████████░░░░░░░░░░░░░░░   50%   50.0 of 100.0 MB  2 s left'
 */
export function formatProgressLine(
  doneBytes: number,
  totalBytes: number,
  elapsedMs: number,
  columns: number,
  language: 'es' | 'en',
  unicode: boolean,
  label = '',
): string {
  const words = WORDS[language];
  const width = Math.floor(columns) - 1;
  const fraction = totalBytes > 0 ? Math.min(1, Math.max(0, doneBytes / totalBytes)) : 0;

  // Fixed widths for every part, so the layout holds still from one redraw to the next.
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const inGigabytes = totalBytes >= 1024 * MB;
  const unit = inGigabytes ? 1024 * MB : MB;
  const totalText = (totalBytes / unit).toFixed(1);
  const doneText = ((fraction * totalBytes) / unit).toFixed(1).padStart(totalText.length);
  const sizes = `${doneText} ${words.of} ${totalText} ${inGigabytes ? 'GB' : 'MB'}`;
  const remainingMs = fraction > 0 && fraction < 1 ? (elapsedMs * (1 - fraction)) / fraction : 0;
  const eta = elapsedMs >= PROGRESS_ETA_AFTER_MS && remainingMs > 0 ? formatLeft(remainingMs, language) : '';
  const etaSlot = eta.padEnd(words.widest.length);

  type Part = 'label' | 'bar' | 'percent' | 'sizes' | 'eta';
  const layouts: Part[][] = [
    ['label', 'bar', 'percent', 'sizes', 'eta'],
    ['label', 'bar', 'percent', 'eta'],
    ['label', 'bar', 'percent'],
    ['label', 'percent', 'eta'],
    ['label', 'percent'],
    ['bar', 'percent'],
    ['percent'],
  ];
  // The label and the bar take whatever room the other parts leave.
  const fixedLength: Record<Part, number> = { label: 0, bar: 0, percent: percent.length, sizes: sizes.length, eta: etaSlot.length };

  for (const layout of layouts) {
    const parts = label === '' ? layout.filter((part) => part !== 'label') : layout;
    const fixed = parts.reduce((sum, part) => sum + fixedLength[part], 0);
    const room = width - fixed - GAP.length * (parts.length - 1);
    const wantsBar = parts.includes('bar');
    let labelText = '';
    if (parts.includes('label')) {
      const labelRoom = room - (wantsBar ? BAR_MIN : 0);
      labelText = fitLabel(label, labelRoom, unicode);
      if (labelText === '') continue;
    }
    const left = room - Array.from(labelText).length;
    const barWidth = Math.min(BAR_MAX, left);
    if (wantsBar ? barWidth < BAR_MIN : left < 0) continue;
    const text: Record<Part, string> = {
      label: labelText,
      bar: wantsBar ? drawBar(fraction, barWidth, unicode) : '',
      percent,
      sizes,
      eta: etaSlot,
    };
    return parts.map((part) => text[part]).join(GAP).trimEnd();
  }
  return '';
}

/** The label whole, or its end behind an ellipsis; '' when fewer than LABEL_MIN characters fit. */
function fitLabel(label: string, room: number, unicode: boolean): string {
  const characters = Array.from(label);
  if (characters.length <= room) return label;
  if (room < LABEL_MIN) return '';
  const ellipsis = unicode ? '…' : '...';
  return ellipsis + characters.slice(characters.length - (room - ellipsis.length)).join('');
}

function drawBar(fraction: number, width: number, unicode: boolean): string {
  const filled = Math.floor(fraction * width);
  return (unicode ? '█' : '#').repeat(filled) + (unicode ? '░' : '-').repeat(width - filled);
}

/**
 * "12 s left" / "quedan 12 s": seconds under a minute, minutes and seconds under ten minutes,
 * then whole minutes, then hours and minutes. Rounded up, so it never claims "0 s" while
 * bytes remain.
 */
function formatLeft(remainingMs: number, language: 'es' | 'en'): string {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  let time: string;
  let singular = false;
  if (seconds < 60) {
    time = `${seconds} s`;
    singular = seconds === 1;
  } else if (seconds < 600) {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    time = rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
    singular = minutes === 1 && rest === 0;
  } else if (seconds < 3600) {
    const minutes = Math.ceil(seconds / 60);
    time = minutes === 60 ? '1 h' : `${minutes} min`;
    singular = minutes === 60;
  } else {
    const minutes = Math.ceil(seconds / 60);
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    time = rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
    singular = hours === 1 && rest === 0;
  }
  return WORDS[language].left(time, singular);
}
