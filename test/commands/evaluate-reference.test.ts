// The evaluation statistics (STATISTICS.md §7–§11), end to end through the JSON report, against
// the independent R implementation in test/reference/reference-evaluation.R (sandwich,
// clubSandwich, estimatr, psych, p.adjust, prop.test).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/commands/analyze.js';
import { expectClose, P_TOLERANCE, VALUE_TOLERANCE } from '../helpers/tolerance.js';

type Json = Record<string, any>;

const cases = [
  ...readdirSync('test/fixtures', { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join('test/fixtures', e.name, 'expected-evaluation.json')))
    .map((e) => ({ name: e.name, dir: join('test/fixtures', e.name), expected: join('test/fixtures', e.name, 'expected-evaluation.json'), by: undefined as string | undefined })),
  { name: 'mexico-2020 sample', dir: 'samples/mexico-2020', expected: 'test/reference/mexico-2020.expected-evaluation.json', by: 'sexo' },
];

function analyze(dir: string, by: string | undefined): Json {
  const optionsFile = join(dir, 'options.json');
  const extra = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Json) : {};
  let out = '';
  const code = runAnalyze(
    {
      survey: join(dir, 'survey.csv'),
      codebook: join(dir, 'codebook.yaml'),
      format: 'json',
      strict: false,
      encoding: extra.encoding ?? 'utf-8',
      delimiter: extra.delimiter ?? ',',
      by: by ?? extra.by,
      cluster: extra.cluster,
    },
    { stdout: (text) => (out += text), stderr: () => {}, env: {}, stdoutIsTty: false },
  );
  expect(code).toBe(0);
  return JSON.parse(out) as Json;
}

/** Compares a {se, df, p, ci95} block with R's {se, df, p, ci_low, ci_high}. */
function expectInference(ours: Json | null | undefined, theirs: Json | null, what: string, dfTolerance = P_TOLERANCE): void {
  if (theirs === null) {
    expect(ours ?? null, `${what} should be null`).toBeNull();
    return;
  }
  expect(ours, `${what} should exist`).toBeTruthy();
  expectClose(ours!.se, theirs.se, VALUE_TOLERANCE, `${what}.se`);
  expectClose(ours!.df, theirs.df, dfTolerance, `${what}.df`);
  expectClose(ours!.p, theirs.p, P_TOLERANCE, `${what}.p`);
  expectClose(ours!.ci95[0], theirs.ci_low, VALUE_TOLERANCE, `${what}.ci95[0]`);
  expectClose(ours!.ci95[1], theirs.ci_high, VALUE_TOLERANCE, `${what}.ci95[1]`);
}

describe.each(cases)('$name: evaluation statistics match R', ({ dir, expected: file, by }) => {
  const expected = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const report = analyze(dir, by);
  const ours = (id: string) => report.indices.find((i: Json) => i.id === id) as Json;

  it.each((expected.indices as Json[]).map((e) => [e.id as string, e] as const))('index %s', (id, want) => {
    const got = ours(id);
    if (want.alpha === null) expect(got.alpha).toBeNull();
    else {
      expectClose(got.alpha.raw, want.alpha.raw, VALUE_TOLERANCE, `${id}.alpha.raw`);
      expectClose(got.alpha.standardized, want.alpha.standardized, VALUE_TOLERANCE, `${id}.alpha.standardized`);
      expect(got.alpha.nComplete).toBe(want.alpha.n_complete);
    }
    if (want.item_rest_correlations) {
      for (const [item, r] of Object.entries(want.item_rest_correlations as Record<string, number | null>)) {
        expectClose(got.itemRestCorrelations[item], r, VALUE_TOLERANCE, `${id}.itemRest.${item}`);
      }
    }
    if (want.cluster === null) expect(got.cluster ?? null).toBeNull();
    else {
      const c = want.cluster;
      expect(got.cluster.n).toBe(c.n);
      expect(got.cluster.clusters).toBe(c.clusters);
      expectClose(got.cluster.seNaive, c.se_ols_classical, VALUE_TOLERANCE, `${id}.cluster.seNaive`);
      expectClose(got.cluster.icc, c.icc_anova, VALUE_TOLERANCE, `${id}.cluster.icc`);
      expectClose(got.cluster.seRatio, c.se_ratio_hc1_to_classical, VALUE_TOLERANCE, `${id}.cluster.seRatio`);
      expectInference(got.cluster.cr1, c.hc1, `${id}.cluster.cr1`);
      expectInference(got.cluster.cr2, c.cr2, `${id}.cluster.cr2`);
      expectInference(got.cluster.cr2GMinus1, c.cr2_g_minus_1, `${id}.cluster.cr2GMinus1`);
    }
    if (want.adjusted === null) expect(got.adjusted ?? null).toBeNull();
    else {
      const a = want.adjusted;
      expect(got.adjusted.n).toBe(a.n);
      expect(got.adjusted.nDroppedMissingCovariate).toBe(a.n_dropped_missing_covariate);
      expect(got.adjusted.nParams).toBe(a.n_params);
      expectClose(got.adjusted.coef, a.coef, VALUE_TOLERANCE, `${id}.adjusted.coef`);
      expectInference(got.adjusted, a, `${id}.adjusted`);
      expectInference(got.adjusted.clusterCr1, a.cluster_hc1, `${id}.adjusted.clusterCr1`);
    }
    if (want.kind === 'index') {
      expectClose(got.multiplicity.welch.holm, want.p_welch_holm, P_TOLERANCE, `${id}.p_welch_holm`);
      expectClose(got.multiplicity.welch.bh, want.p_welch_bh, P_TOLERANCE, `${id}.p_welch_bh`);
      expectClose(got.multiplicity.cr1?.holm ?? null, want.p_cluster_hc1_holm, P_TOLERANCE, `${id}.p_cluster_hc1_holm`);
      expectClose(got.multiplicity.cr1?.bh ?? null, want.p_cluster_hc1_bh, P_TOLERANCE, `${id}.p_cluster_hc1_bh`);
    }
    if (want.weighted === null) expect(got.weighted ?? null).toBeNull();
    else {
      const w = want.weighted;
      expect(got.weighted.n).toBe(w.n);
      for (const [o, t, name] of [
        [got.weighted.treated.sumW, w.sum_w_treated, 'sum_w_treated'],
        [got.weighted.control.sumW, w.sum_w_control, 'sum_w_control'],
        [got.weighted.treated.mean, w.mean_treated, 'mean_treated'],
        [got.weighted.control.mean, w.mean_control, 'mean_control'],
        [got.weighted.treated.sd, w.sd_treated, 'sd_treated'],
        [got.weighted.control.sd, w.sd_control, 'sd_control'],
        [got.weighted.diff, w.diff, 'diff'],
        [got.weighted.relativePct, w.relative_pct, 'relative_pct'],
        [got.weighted.treated.kishN, w.kish_n_treated, 'kish_n_treated'],
        [got.weighted.control.kishN, w.kish_n_control, 'kish_n_control'],
      ] as const) {
        expectClose(o, t, VALUE_TOLERANCE, `${id}.weighted.${name}`);
      }
      expectInference(got.weighted.wlsHc1, w.wls_hc1, `${id}.weighted.wlsHc1`);
      expectInference(got.weighted.wlsClusterCr1, w.wls_cluster_hc1, `${id}.weighted.wlsClusterCr1`);
    }
  });

  it('balance table', () => {
    expect(report.balance).toHaveLength(expected.balance.length);
    (expected.balance as Json[]).forEach((want, k) => {
      const got = report.balance[k];
      const what = `balance ${want.covariate}${want.level === null ? '' : `=${want.level}`}`;
      expect(got.covariate).toBe(want.covariate);
      expect(got.kind).toBe(want.kind);
      expect(got.level).toBe(want.level);
      expect(got.treated.n).toBe(want.n_treated);
      expect(got.control.n).toBe(want.n_control);
      expectClose(got.treated.mean, want.mean_treated, VALUE_TOLERANCE, `${what} mean_treated`);
      expectClose(got.control.mean, want.mean_control, VALUE_TOLERANCE, `${what} mean_control`);
      expectClose(got.treated.sd, want.sd_treated, VALUE_TOLERANCE, `${what} sd_treated`);
      expectClose(got.control.sd, want.sd_control, VALUE_TOLERANCE, `${what} sd_control`);
      expectClose(got.stdDiff, want.std_diff, VALUE_TOLERANCE, `${what} std_diff`);
    });
  });

  it('item-level table', () => {
    expect(report.items).toHaveLength(expected.items.length);
    (expected.items as Json[]).forEach((want, k) => {
      const got = report.items[k];
      expect(got.item).toBe(want.item);
      expect(got.index).toBe(want.index);
      expect(got.reverse).toBe(want.reverse);
      expect(got.treated.n).toBe(want.n_treated);
      expect(got.control.n).toBe(want.n_control);
      expectClose(got.treated.share, want.share_treated, VALUE_TOLERANCE, `${want.item} share_treated`);
      expectClose(got.control.share, want.share_control, VALUE_TOLERANCE, `${want.item} share_control`);
      expectClose(got.diff, want.diff, VALUE_TOLERANCE, `${want.item} diff`);
      expectClose(got.ci95?.[0] ?? null, want.ci_low, VALUE_TOLERANCE, `${want.item} ci_low`);
      expectClose(got.ci95?.[1] ?? null, want.ci_high, VALUE_TOLERANCE, `${want.item} ci_high`);
      expectClose(got.p, want.p, P_TOLERANCE, `${want.item} p`);
    });
  });

  it('subgroups (small cells suppressed)', () => {
    if (expected.subgroups === null) {
      expect(report.subgroups).toEqual([]);
      return;
    }
    const breakdown = report.subgroups.find((s: Json) => s.column === expected.subgroups.column);
    expect(breakdown, `a breakdown by ${expected.subgroups.column}`).toBeDefined();
    expect(breakdown.minCell).toBe(expected.subgroups.min_cell_n);
    expect(breakdown.groups.map((g: Json) => g.value)).toEqual(expected.subgroups.groups.map((g: Json) => g.value));
    (expected.subgroups.groups as Json[]).forEach((want, k) => {
      const got = breakdown.groups[k];
      expect(got.nControl).toBe(want.n_control);
      expect(got.nTreated).toBe(want.n_treated);
      const small = (want.indices as Json[])[0]?.small_cell ?? (want.n_control < breakdown.minCell || want.n_treated < breakdown.minCell);
      expect(got.smallCell).toBe(small);
      if (got.smallCell) {
        expect(got.indices, 'a small cell shows counts only').toEqual([]);
        return;
      }
      (want.indices as Json[]).forEach((wi) => {
        const gi = got.indices.find((x: Json) => x.id === wi.id);
        const what = `${want.value}/${wi.id}`;
        expect(gi.nTreated).toBe(wi.n_treated);
        expect(gi.nControl).toBe(wi.n_control);
        expectClose(gi.meanTreated, wi.mean_treated, VALUE_TOLERANCE, `${what} mean_treated`);
        expectClose(gi.meanControl, wi.mean_control, VALUE_TOLERANCE, `${what} mean_control`);
        expectClose(gi.diff, wi.diff, VALUE_TOLERANCE, `${what} diff`);
        expectClose(gi.welchP, wi.welch_p, P_TOLERANCE, `${what} welch_p`);
        expectClose(gi.ci95?.[0] ?? null, wi.ci_low, VALUE_TOLERANCE, `${what} ci_low`);
        expectClose(gi.ci95?.[1] ?? null, wi.ci_high, VALUE_TOLERANCE, `${what} ci_high`);
      });
    });
  });

  it('summary indices', () => {
    const want = expected.summary;
    const got = report.summaryIndices;
    if (want === null) {
      expect(got).toBeNull();
      return;
    }
    expect(got.n).toBe(want.n);
    expect(got.nTreated).toBe(want.n_treated);
    want.standardization.control_mean.forEach((m: number, k: number) => expectClose(got.standardization.controlMean[k], m, VALUE_TOLERANCE, `control_mean[${k}]`));
    want.standardization.control_sd.forEach((s: number, k: number) => expectClose(got.standardization.controlSd[k], s, VALUE_TOLERANCE, `control_sd[${k}]`));
    for (const name of ['klk', 'anderson'] as const) {
      expectClose(got[name].effect, want[name].effect, VALUE_TOLERANCE, `${name}.effect`);
      expectClose(got[name].welch.t, want[name].welch.t, VALUE_TOLERANCE, `${name}.welch.t`);
      expectInference(got[name].welch, want[name].welch, `${name}.welch`);
      expectInference(got[name].clusterCr1, want[name].cluster_hc1, `${name}.clusterCr1`);
    }
    expectClose(got.anderson.effectUnstandardized, want.anderson.effect_unstandardized, VALUE_TOLERANCE, 'anderson.effect_unstandardized');
    want.anderson.weights.forEach((w: number, k: number) => expectClose(got.anderson.weights[k], w, VALUE_TOLERANCE, `anderson.weights[${k}]`));
    want.anderson.raw_weights_inverse_cov_rowsums.forEach((w: number, k: number) =>
      expectClose(got.anderson.rawWeightsInverseCovRowsums[k], w, VALUE_TOLERANCE, `anderson.raw_weights[${k}]`),
    );
    expectClose(got.sumSubindexDiffs, want.sum_subindex_diffs, VALUE_TOLERANCE, 'sum_subindex_diffs');
    expectClose(got.meanSubindexDiffs, want.mean_subindex_diffs, VALUE_TOLERANCE, 'mean_subindex_diffs');
    expectClose(got.aggregateDiff, want.aggregate_diff, VALUE_TOLERANCE, 'aggregate_diff');
  });
});
