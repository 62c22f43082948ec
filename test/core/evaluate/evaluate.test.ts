// The findings a reviewer would raise, on fixtures built to provoke them.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTable } from '../../../src/core/analyze-table.js';
import { correlatesNegatively, evaluate, type Evaluation } from '../../../src/core/evaluate/evaluate.js';
import { loadCodebook } from '../../../src/io/load-codebook.js';
import { readSurvey } from '../../../src/io/read-survey.js';

function evaluateFixtureParts(name: string, by: string[] = []) {
  const dir = join('test/fixtures', name);
  const options = existsSync(join(dir, 'options.json')) ? (JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) as { by?: string }) : {};
  const { codebook } = loadCodebook(join(dir, 'codebook.yaml'), 'flag');
  const survey = readSurvey(join(dir, 'survey.csv'), { encoding: 'utf-8', delimiter: ',' });
  const analysis = analyzeTable(codebook, survey, 'survey.csv', 'codebook.yaml');
  const evaluation = evaluate(codebook, analysis, { cluster: codebook.cluster, by: [...by, ...(options.by ? [options.by] : []), ...codebook.subgroups], minCell: codebook.minCell }, 'survey.csv');
  return { codebook, analysis, evaluation };
}

function evaluateFixture(name: string, by: string[] = []): Evaluation {
  return evaluateFixtureParts(name, by).evaluation;
}

const codes = (evaluation: Evaluation) => evaluation.diagnostics.map((d) => d.code);

describe('evaluate: findings', () => {
  it('names an item that correlates negatively with its index, and flags the low alpha', () => {
    const evaluation = evaluateFixture('evaluation-no-cluster');
    const suspect = evaluation.diagnostics.find((d) => d.code === 'REVERSE_CODING_SUSPECT');
    expect(suspect?.message).toContain('"p3"');
    expect(suspect?.message).toContain('by mistake');
    expect(codes(evaluation)).toContain('LOW_ALPHA');
    expect(evaluation.cluster).toBeNull();
    expect(evaluation.indices.every((e) => e.headline?.method === 'welch')).toBe(true);
  });

  it('does not take rounding noise around r = 0 for a reverse-coding error', () => {
    const evaluation = evaluateFixture('uncorrelated-item');
    const r = evaluation.indices[0]!.itemRestCorrelations?.com_2;
    expect(Math.abs(r ?? NaN)).toBeLessThan(1e-12);
    expect(codes(evaluation)).not.toContain('REVERSE_CODING_SUSPECT');
  });

  it('takes an item-rest correlation for negative only when it shows as negative at two decimals', () => {
    // The fixture above exercises whichever sign its rounding noise has; these are both signs.
    for (const r of [-1.97e-17, 1.97e-17, 0, -0, -0.0049, 0.3]) expect(correlatesNegatively(r), String(r)).toBe(false);
    for (const r of [-0.006, -0.01, -0.2, -1]) expect(correlatesNegatively(r), String(r)).toBe(true);
  });

  it('warns that fewer than 20 clusters make cluster-robust inference fragile, and leads with CR2', () => {
    const evaluation = evaluateFixture('evaluation-few-clusters');
    expect(codes(evaluation)).toContain('FEW_CLUSTERS');
    expect(evaluation.cluster?.clusters).toBe(6);
    expect(evaluation.indices.every((e) => e.headline?.method === 'cr2')).toBe(true);
    const cluster = evaluation.indices[0]!.cluster!;
    expect(evaluation.indices[0]!.headline!.p).toBe(cluster.cr2!.p);
  });

  it('declines cluster-robust inference with a single treated cluster, says so, and leads with Welch', () => {
    const evaluation = evaluateFixture('cr2-one-treated-cluster');
    expect(evaluation.indices.every((e) => e.cluster === null)).toBe(true);
    expect(evaluation.indices.every((e) => e.headline === null || e.headline.method === 'welch')).toBe(true);
    expect(codes(evaluation)).toContain('CLUSTER_UNAVAILABLE');
  });

  it('with scored rows lacking a cluster, still leads with CR2, and a warning gives the difference its interval is about', () => {
    const { analysis, evaluation } = evaluateFixtureParts('evaluation-clustered');
    const scored = (id: string) => {
      const result = analysis.indices.find((i) => i.id === id)!;
      return result.treated.n + result.control.n;
    };
    const fewer = evaluation.indices.filter((e) => e.cluster?.cr2 && e.cluster.n < scored(e.id));
    expect(fewer.length).toBeGreaterThan(0);
    for (const e of evaluation.indices) if (e.cluster?.cr2) expect(e.headline?.method).toBe('cr2');
    const missing = evaluation.diagnostics.find((d) => d.code === 'CLUSTER_VALUE_MISSING')!;
    expect(missing.rows).toEqual([397, 398, 399, 400, 401]);
    expect(String(missing.params!.indices).split(',')).toEqual(fewer.map((e) => e.id));
    expect(String(missing.params!.ns).split(',').map(Number)).toEqual(fewer.map((e) => e.cluster!.n));
    // The interval is centred on the estimate the warning gives, not on the difference of every row.
    const estimates = String(missing.params!.estimates).split(',');
    fewer.forEach((e, k) => {
      const [low, high] = e.headline!.ci95;
      expect(estimates[k]).toBe(`${(low + high) / 2 < 0 ? '−' : '+'}${Math.abs((low + high) / 2).toFixed(2)}`);
    });
  });

  it('warns when an index has a difference but no interval: one trained respondent, or scores that do not vary', () => {
    const one = evaluateFixture('one-treated-respondent').diagnostics.filter((d) => d.code === 'NO_INFERENCE');
    expect(one.map((d) => d.params)).toEqual([
      { index: 'knowledge', treated: 1, control: 5 },
      { index: 'practice', treated: 1, control: 5 },
    ]);
    const flat = evaluateFixture('constant-scores').diagnostics.filter((d) => d.code === 'NO_INFERENCE');
    expect(flat.map((d) => d.params?.index)).toEqual(['flat']);
    // And none on ordinary data.
    const noTrained = evaluateFixture('evaluation-clustered').diagnostics.filter((d) => d.code === 'NO_INFERENCE');
    expect(noTrained).toEqual([]);
  });

  it('counts unusable weights, and keeps those rows everywhere but the weighted comparison', () => {
    const evaluation = evaluateFixture('evaluation-clustered');
    const weights = evaluation.diagnostics.find((d) => d.code === 'WEIGHT_UNUSABLE');
    expect(weights?.count).toBeGreaterThan(0);
    expect(evaluation.indices[0]!.weighted!.n).toBeLessThan(evaluation.indices[0]!.adjusted!.n + evaluation.indices[0]!.adjusted!.nDroppedMissingCovariate);
  });

  it('shows counts only for a small subgroup, never its means', () => {
    const evaluation = evaluateFixture('evaluation-clustered');
    const small = evaluation.subgroups[0]!.groups.find((g) => g.smallCell);
    expect(small, 'a small group in the fixture').toBeDefined();
    expect(small!.indices).toEqual([]);
    expect(small!.nTreated).toBeLessThan(10);
  });

  it('adjusts the headline p for the sub-indices only, never the composite', () => {
    const evaluation = evaluateFixture('evaluation-clustered');
    // The fixture's one composite is listed last, after its three sub-indices.
    const composite = evaluation.indices[3]!;
    expect(composite.pHolm).toBeNull();
    const family = evaluation.indices.slice(0, 3);
    for (const e of family) expect(e.pHolm!).toBeGreaterThanOrEqual(e.headline!.p);
  });
});
