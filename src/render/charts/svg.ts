// The small SVG layer the charts share: escaped text, coordinates with a fixed number of
// decimals (so the same data always gives the same bytes), and the frame every chart uses.
// Chosen over a grammar such as Vega-Lite by measurement: see docs/charts.md.

import { wrapWords } from '../wrap-words.js';

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A coordinate with one decimal: enough for the eye, stable across platforms. */
export function px(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

export interface ChartFrame {
  /** Unique within a page: several charts share one HTML document. */
  id: string;
  width: number;
  height: number;
  /** Accessible name, read by screen readers and shown as a tooltip. */
  title: string;
  description: string;
}

export function svgDocument(frame: ChartFrame, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${frame.id}" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-labelledby="${frame.id}-title ${frame.id}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
    `<title id="${frame.id}-title">${escapeXml(frame.title)}</title>`,
    `<desc id="${frame.id}-desc">${escapeXml(frame.description)}</desc>`,
    // Opaque, so the chart stays legible on a dark page (GitHub's dark mode shows --assets files).
    `<rect width="${frame.width}" height="${frame.height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

export function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${px(x)}" y="${px(y)}"${attributes ? ` ${attributes}` : ''}>${escapeXml(content)}</text>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, attributes: string): string {
  return `<line x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}" ${attributes}/>`;
}

/** Splits a long label into at most `maxLines` lines of `width` characters; an ellipsis ends a cut label. */
export function wrapLabel(label: string, width: number, maxLines = 2): string[] {
  const lines = wrapWords(label, width);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/[ ,;.]*$/, '')}…`;
  return kept;
}

export const COLOURS = {
  improvement: '#0a6b2d',
  decline: '#a4161a',
  unclear: '#555555',
  control: '#8a8a8a',
  treated: '#1f5fa8',
  grid: '#e3e3e3',
  axis: '#333333',
  threshold: '#c98a00',
};
