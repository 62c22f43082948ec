// Item by item: the share of each cohort that agrees with the statement (answer ≥ agree_at)
// or, for a reverse-coded item, the share that rejects it (answer ≤ min + max − agree_at), with
// the difference in proportions, its 95% CI and p. It backs sentences such as "trained
// officers are more likely to reject the statement that women are to blame".

import type { Codebook } from '../codebook/codebook.js';
import type { ItemAnswers } from '../scoring/score-survey.js';
import { propTest } from '../stats/prop-test.js';

export interface ItemRow {
  item: string;
  index: string;
  reverse: boolean;
  /** 'agree' for ordinary items, 'disagree' for reverse-coded ones. */
  counts: 'agree' | 'disagree';
  treated: { n: number; share: number | null };
  control: { n: number; share: number | null };
  diff: number | null;
  ci95: [number, number] | null;
  p: number | null;
}

export function itemTable(codebook: Codebook, answers: Map<string, ItemAnswers>, treated: Uint8Array): ItemRow[] {
  const { min, max } = codebook.scale;
  const disagreeAt = min + max - codebook.agreeAt;
  const rows: ItemRow[] = [];
  for (const index of codebook.indices) {
    for (const item of index.items) {
      const reverse = index.reverse.includes(item);
      const { codes, values } = answers.get(item)!;
      // Per distinct answer: 0 missing, 1 answered, 2 answered and counted.
      const kind = Uint8Array.from(values, (x) => (Number.isNaN(x) ? 0 : (reverse ? x <= disagreeAt : x >= codebook.agreeAt) ? 2 : 1));
      const n = [0, 0];
      const hits = [0, 0];
      for (let i = 0; i < codes.length; i++) {
        const k = kind[codes[i]!]!;
        if (k === 0) continue;
        n[treated[i]!]!++;
        if (k === 2) hits[treated[i]!]!++;
      }
      const test = propTest(hits[1]!, n[1]!, hits[0]!, n[0]!);
      rows.push({
        item,
        index: index.id,
        reverse,
        counts: reverse ? 'disagree' : 'agree',
        treated: { n: n[1]!, share: n[1]! > 0 ? hits[1]! / n[1]! : null },
        control: { n: n[0]!, share: n[0]! > 0 ? hits[0]! / n[0]! : null },
        diff: test?.diff ?? null,
        ci95: test?.ci95 ?? null,
        p: test?.p ?? null,
      });
    }
  }
  return rows;
}
