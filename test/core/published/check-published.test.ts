import { describe, expect, it } from 'vitest';
import type { TableAnalysis } from '../../../src/core/analyze-table.js';
import type { Codebook } from '../../../src/core/codebook/codebook.js';
import { checkPublished } from '../../../src/core/published/check-published.js';
import type { PublishedFigure, PublishedFigures } from '../../../src/core/published/published.js';

const codebook = {
  composites: [{ kind: 'composite', id: 'total', label: { en: 'T', es: 'T' }, of: ['a', 'b', 'c'], method: 'sum' }],
} as unknown as Codebook;

function analysisWith(diffs: Record<string, number>, counts = { treated: 1100, control: 716 }): TableAnalysis {
  return {
    cohorts: { treated: { value: 't', n: counts.treated }, control: { value: 'c', n: counts.control } },
    indices: Object.entries(diffs).map(([id, diff]) => ({
      id,
      diff,
      relativePct: null,
      treated: { n: 10, mean: 50 + diff, sd: 1 },
      control: { n: 10, mean: 50, sd: 1 },
      cohenD: null,
      hedgesG: null,
    })),
  } as unknown as TableAnalysis;
}

const figure = (index: string | undefined, metric: PublishedFigure['metric'], value: number, tolerance: number): PublishedFigure => ({
  label: undefined,
  index,
  metric,
  value,
  tolerance,
});

function published(figures: PublishedFigure[]): PublishedFigures {
  return { source: { title: 'test' }, figures };
}

describe('checkPublished', () => {
  const components = [figure('a', 'diff', 4, 0.005), figure('b', 'diff', 16.54, 0.005), figure('c', 'diff', 8.6, 0.005)];

  it('passes figures within tolerance and fails one outside it', () => {
    const result = checkPublished(published([...components]), analysisWith({ a: 4.004, b: 16.56, c: 8.6, total: 29.2 }), codebook);
    expect(result.figures.map((f) => f.status)).toEqual(['ok', 'miss', 'ok']);
    expect(result.figures[1]!.deviation).toBeCloseTo(0.02, 12);
    expect(result.passed).toBe(false);
  });

  it('detects a composite that is not the sum of its published components, as in the 2020 release', () => {
    const result = checkPublished(
      published([...components, figure('total', 'diff', 28.14, 0.1)]),
      analysisWith({ a: 4.0008, b: 16.541, c: 8.5996, total: 29.185 }),
      codebook,
    );
    expect(result.inconsistencies).toHaveLength(1);
    expect(result.inconsistencies[0]).toMatchObject({ subject: 'total', published: 28.14, method: 'sum' });
    expect(result.inconsistencies[0]!.implied).toBeCloseTo(29.14, 12);
    expect(result.inconsistencies[0]!.message).toContain('4 + 16.54 + 8.6 = 29.14');
    expect(result.inconsistencies[0]!.message).toContain('off by 1.00');
    // The reproduction agrees with what the components imply, so the miss is the source's.
    expect(result.figures[3]!.status).toBe('source_inconsistent');
    expect(result.passed).toBe(true);
  });

  it('still fails a composite that drifted away from its components too', () => {
    const result = checkPublished(
      published([...components, figure('total', 'diff', 28.14, 0.1)]),
      analysisWith({ a: 4.0008, b: 16.541, c: 8.5996, total: 31 }),
      codebook,
    );
    expect(result.figures[3]!.status).toBe('miss');
    expect(result.passed).toBe(false);
  });

  /** The data's composite on complete cases, `gap` from its components' own sum. */
  const withCompleteCaseGap = (total: number, gap: number) => {
    const analysis = analysisWith({ a: 4.0008, b: 16.541, c: 8.5996, total });
    const composite = analysis.indices.find((i) => i.id === 'total')! as unknown as Record<string, unknown>;
    composite.kind = 'composite';
    composite.componentDiffs = { sum: total - gap, mean: (total - gap) / 3 };
    return analysis;
  };

  it('takes a composite that differs from its components as much as the data\'s own does for consistent', () => {
    // Respondents lacking a component move the composite (scored on complete cases) 0.6 from the sum.
    const result = checkPublished(published([...components, figure('total', 'diff', 29.74, 0.1)]), withCompleteCaseGap(29.74, 0.6), codebook);
    expect(result.inconsistencies).toEqual([]);
    expect(result.figures.map((f) => f.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('fails a composite the data do not reproduce, though the data\'s own gap differs from the source\'s', () => {
    // The source's composite is exactly its components' sum; the data's is 5.2 below it.
    const result = checkPublished(published([...components, figure('total', 'diff', 29.14, 0.1)]), withCompleteCaseGap(23.94, -5.2), codebook);
    expect(result.inconsistencies).toEqual([]);
    expect(result.figures[3]!.status).toBe('miss');
    expect(result.passed).toBe(false);
  });

  it('still names the source\'s contradiction beyond the data\'s own gap, and says how large that gap is', () => {
    const result = checkPublished(published([...components, figure('total', 'diff', 28.14, 0.1)]), withCompleteCaseGap(29.74, 0.6), codebook);
    expect(result.inconsistencies).toHaveLength(1);
    expect(result.inconsistencies[0]!.message).toContain('off by 1.00');
    expect(result.inconsistencies[0]!.message).toContain('+0.60 from its components\' sum, which does not explain it');
    expect(result.figures[3]!.status).toBe('source_inconsistent');
  });

  it('finds no inconsistency when the published composite is the sum within rounding', () => {
    const result = checkPublished(
      published([...components, figure('total', 'diff', 29.14, 0.1)]),
      analysisWith({ a: 4, b: 16.54, c: 8.6, total: 29.15 }),
      codebook,
    );
    expect(result.inconsistencies).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('checks counts exactly and flags a total that is not the sum of the cohorts', () => {
    const result = checkPublished(
      published([figure(undefined, 'n_total', 1817, 0), figure(undefined, 'n_treated', 1100, 0), figure(undefined, 'n_control', 716, 0)]),
      analysisWith({}),
      codebook,
    );
    expect(result.figures.map((f) => f.status)).toEqual(['source_inconsistent', 'ok', 'ok']);
    expect(result.inconsistencies[0]!.message).toContain('1100 + 716 = 1816');
  });

  it('marks a figure it cannot compute, and fails on it', () => {
    const result = checkPublished(published([figure('a', 'relative_pct', 6.5, 0.05)]), analysisWith({ a: 4 }), codebook);
    expect(result.figures[0]!.status).toBe('not_computable');
    expect(result.passed).toBe(false);
  });
});
