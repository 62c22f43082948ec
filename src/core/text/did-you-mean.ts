// Suggest the closest known name for a misspelt one ("did you mean 'items'?"), the way xsv and
// csvkit help a user who typed a column or key wrong.

import { clipText } from './clip-text.js';

/**
 * Edit distance between two strings where inserting, deleting, substituting or swapping two
 * neighbouring characters each cost 1 (optimal string alignment): "itmes" is one edit from
 * "items", as a typist would count it.
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Lower case without separators, so "grp/edad", "grp-edad" and "GRP_edad" look alike. */
function squash(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The candidate closest to `name` (case-insensitive), if it is close enough to be a plausible
 * typo: at most a third of the name's length in edits, and at least one.
 */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  const wanted = squash(name);
  const same = candidates.find((candidate) => squash(candidate) === wanted);
  if (same !== undefined) return same;
  // Export tools prefix a question with its group path (Kobo "grp/q", ODK "grp-q").
  const grouped = candidates.find((candidate) => squash(candidate.split(/[/:.-]/).pop() ?? '') === wanted);
  if (grouped !== undefined) return grouped;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, squash(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** "a, b and 4 more" style list for messages that name the valid choices. */
export function listChoices(choices: readonly string[], max = 12): string {
  const quoted = choices.map((c) => `"${clipText(c)}"`);
  if (quoted.length <= max) return quoted.join(', ');
  return `${quoted.slice(0, max).join(', ')} and ${quoted.length - max} more`;
}
