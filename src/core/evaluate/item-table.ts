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
      // Respondents per distinct answer and cohort (one increment per respondent), then per
      // answer: missing, answered, or answered and counted (agrees, or rejects when reversed).
      const perCode = countByCodeAndCohort(codes, treated, values.length);
      const n = [0, 0];
      const hits = [0, 0];
      values.forEach((x, code) => {
        if (Number.isNaN(x)) return;
        const counted = reverse ? x <= disagreeAt : x >= codebook.agreeAt;
        for (const g of [0, 1]) {
          n[g]! += perCode[code * 2 + g]!;
          if (counted) hits[g]! += perCode[code * 2 + g]!;
        }
      });
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

/** Respondents per code and cohort (index 2·code + treated), in a loop V8 optimises as a whole. */
function countByCodeAndCohort(codes: ArrayLike<number>, treated: Uint8Array, distinct: number): Int32Array {
  const perCode = new Int32Array(distinct * 2);
  for (let i = 0; i < codes.length; i++) perCode[codes[i]! * 2 + treated[i]!]!++;
  return perCode;
}
