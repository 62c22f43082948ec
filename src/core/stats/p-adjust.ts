// Multiple-comparison adjustments across a family of p-values (STATISTICS.md §9), matching R's
// p.adjust. Holm: adj₍ᵢ₎ = max_{j≤i} min(1, (m−j+1)·p₍ⱼ₎). Benjamini–Hochberg:
// adj₍ᵢ₎ = min_{j≥i} min(1, m/j·p₍ⱼ₎). Nulls are left out of the family and stay null.

function adjust(pValues: readonly (number | null)[], method: 'holm' | 'bh'): (number | null)[] {
  const present = pValues.map((p, i) => ({ p, i })).filter((e): e is { p: number; i: number } => e.p !== null);
  const m = present.length;
  const sorted = [...present].sort((a, b) => a.p - b.p || a.i - b.i);
  const out: (number | null)[] = pValues.map(() => null);
  if (method === 'holm') {
    let running = 0;
    sorted.forEach(({ p, i }, rank) => {
      running = Math.max(running, Math.min(1, (m - rank) * p));
      out[i] = running;
    });
  } else {
    let running = 1;
    for (let rank = m - 1; rank >= 0; rank--) {
      const { p, i } = sorted[rank]!;
      running = Math.min(running, Math.min(1, (m / (rank + 1)) * p));
      out[i] = running;
    }
  }
  return out;
}

export function pAdjustHolm(pValues: readonly (number | null)[]): (number | null)[] {
  return adjust(pValues, 'holm');
}

export function pAdjustBH(pValues: readonly (number | null)[]): (number | null)[] {
  return adjust(pValues, 'bh');
}
