// Item and index scoring of STATISTICS.md §3: items rescaled to 0–100 (reverse-coded ones
// flipped), a sub-index is the mean of the answered items when enough were answered, a
// composite is the mean or sum of its components when every component is present.

import type { CompositeMethod } from '../codebook/codebook.js';

/** r = (x − min)/(max − min)·100, or 100 − r for a reverse-coded item. */
export function rescaleItem(value: number, min: number, max: number, reverse: boolean): number {
  const r = ((value - min) / (max - min)) * 100;
  return reverse ? 100 - r : r;
}

/**
 * Mean of the answered (non-NaN) rescaled items when at least one is answered and
 * answered/k ≥ minAnsweredShare − 1e-9 (inclusive: 2 of 4 meets 0.5, 3 of 5 meets 0.6);
 * NaN otherwise.
 */
export function scoreIndex(items: ArrayLike<number>, minAnsweredShare: number): number {
  let sum = 0;
  let answered = 0;
  for (let j = 0; j < items.length; j++) {
    const r = items[j]!;
    if (!Number.isNaN(r)) {
      sum += r;
      answered++;
    }
  }
  if (answered === 0 || answered / items.length < minAnsweredShare - 1e-9) return NaN;
  return sum / answered;
}

/**
 * Each row's composite: the mean or sum of its component scores (parts[j][r]), NaN when any
 * component is NaN. Summed part by part into `out` (0 + first + second + …, in the order given),
 * each a loop of its own over the rows, which V8 optimises as a whole.
 */
export function scoreComposites(parts: readonly Float64Array[], method: CompositeMethod, out: Float64Array): Float64Array {
  out.fill(0);
  for (const part of parts) addScores(part, out);
  if (method === 'mean') divideScores(out, parts.length);
  return out;
}

function addScores(part: Float64Array, out: Float64Array): void {
  for (let r = 0; r < out.length; r++) out[r] = out[r]! + part[r]!;
}

function divideScores(out: Float64Array, by: number): void {
  for (let r = 0; r < out.length; r++) out[r] = out[r]! / by;
}
