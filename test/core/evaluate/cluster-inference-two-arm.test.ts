// clusterInference computes CR1, CR2 with its Satterthwaite df, the classical SE and the ICC
// from per-(cluster, arm) sums (cluster-robust.ts, the two-arm forms). These properties hold it
// to the general path it replaced, copied below: fitOls, clusterHc1, clusterCr2 and iccAnova on
// the picked rows, at the §12 tolerances (relative 1e-9; 1e-6 for p and df).
// CLUSTER_TWO_ARM_REPORT=1 prints the largest relative differences seen (for the record).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterInference, clustersAmong, clustersPerArm, MIN_CLUSTERS_PER_ARM, type ClusterInference } from '../../../src/core/evaluate/cluster-inference.js';
import { pick, regressionTest } from '../../../src/core/evaluate/regression-test.js';
import { clusterCr2, clusterCr2TwoArm, clusterHc1, clusterHc1TwoArm } from '../../../src/core/stats/cluster-robust.js';
import { classicalSe } from '../../../src/core/stats/heteroskedasticity-robust.js';
import { iccAnova, iccAnovaFromSums } from '../../../src/core/stats/icc-anova.js';
import { fitOls } from '../../../src/core/stats/ols.js';
import { P_TOLERANCE, VALUE_TOLERANCE } from '../../helpers/tolerance.js';

// ---- the general path, as clusterInference was ------------------------------------------

function clusterInferenceGeneral(column: string, scores: Float64Array, treated: Uint8Array, clusterCodes: Int32Array): ClusterInference | null {
  const all = new Int32Array(scores.length);
  let n = 0;
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i]!) && clusterCodes[i]! >= 0) all[n++] = i;
  const rows = all.subarray(0, n);
  const clusters = clustersAmong(rows, clusterCodes)!;
  const y = pick(scores, rows);
  const x = pick(treated, rows);
  if (clustersPerArm(clusters.codes, x) < MIN_CLUSTERS_PER_ARM) return null;
  const design = [new Float64Array(rows.length).fill(1), x];
  const fit = fitOls(design, y);
  const at = fit.kept.indexOf(1);
  if (at < 0 || fit.perfectFit) return null;
  const estimate = fit.coef[at]!;
  const naive = classicalSe(fit, at);
  const cr1 = clusterHc1(fit, design, clusters, at);
  const cr2 = clusterCr2(fit, design, clusters, at);
  return {
    column,
    n: rows.length,
    clusters: clusters.count,
    icc: iccAnova(y, clusters),
    seNaive: naive.se,
    seRatio: cr1.se / naive.se,
    cr1: regressionTest(estimate, cr1),
    cr2: regressionTest(estimate, cr2),
    cr2GMinus1: regressionTest(estimate, { se: cr2.se, df: clusters.count - 1 }),
  };
}

// ---- comparison -----------------------------------------------------------------------

const worst = { value: 0, p: 0, df: 0 };
const worstByField = new Map<string, number>();

/**
 * Relative difference (absolute below 1e-6, as expectClose), recorded under `kind`, relative to
 * the larger of the value and `scale`. The estimate is a difference of two arm means and is
 * known only to ~ε·|mean| absolute however small it is, so the estimate, its CI bounds and t are
 * held to 1e-9 of the SE (t to 1e-9 absolute), not of themselves. Likewise the
 * ICC: near 0 it is MSB − MSW over about n₀·MSW, and its error ~ ε_rel/n₀ whatever its size, so
 * it is held to 1e-9 absolute.
 */
function close(got: number, want: number, kind: keyof typeof worst, what: string, scale = Math.abs(want)): void {
  scale = Math.max(scale, Math.abs(want));
  if (scale < 1e-6) scale = 1;
  const difference = Object.is(got, want) ? 0 : Math.abs(got - want) / scale;
  worst[kind] = Math.max(worst[kind], difference);
  worstByField.set(what, Math.max(worstByField.get(what) ?? 0, difference));
  const tolerance = kind === 'value' ? VALUE_TOLERANCE : P_TOLERANCE;
  expect(difference, `${what}: fast ${got}, general ${want}`).toBeLessThanOrEqual(tolerance);
}

function expectSame(got: ClusterInference | null, want: ClusterInference | null): void {
  expect(got === null, `null: fast ${got === null}, general ${want === null}`).toBe(want === null);
  if (!got || !want) return;
  expect(got.n).toBe(want.n);
  expect(got.clusters).toBe(want.clusters);
  expect(got.icc === null).toBe(want.icc === null);
  if (want.icc !== null) close(got.icc!, want.icc, 'value', 'icc', 1);
  close(got.seNaive, want.seNaive, 'value', 'seNaive');
  // No ratio when there is no CR1 to speak of (a CR1 SE of exactly 0, which the general path
  // reported as rounding noise).
  if (got.seRatio === null) expect(got.cr1).toBeNull();
  else close(got.seRatio, want.seRatio!, 'value', 'seRatio');
  for (const key of ['cr1', 'cr2', 'cr2GMinus1'] as const) {
    const a = got[key];
    const b = want[key];
    expect(a === null, `${key} null`).toBe(b === null);
    if (!a || !b) continue;
    close(a.estimate, b.estimate, 'value', `${key}.estimate`, b.se);
    close(a.se, b.se, 'value', `${key}.se`);
    close(a.t, b.t, 'value', `${key}.t`, 1);
    close(a.df, b.df, 'df', `${key}.df`);
    close(a.p, b.p, 'p', `${key}.p`);
    close(a.ci95[0], b.ci95[0], 'value', `${key}.ci95[0]`, b.se);
    close(a.ci95[1], b.ci95[1], 'value', `${key}.ci95[1]`, b.se);
  }
}

// ---- the survey -----------------------------------------------------------------------

/**
 * A survey of 2–30 clusters of 1–50 rows. Clusters may hold only trained or only untrained
 * officers; some rows lack a score (NaN) or a cluster (−1); some cluster codes have no scored
 * rows at all; scores may be constant within an arm, or sit far from zero.
 */
const survey = fc
  .record({
    seed: fc.integer(),
    clusters: fc.integer({ min: 2, max: 30 }),
    maxSize: fc.integer({ min: 1, max: 50 }),
    oneArmShare: fc.constantFrom(0, 0.2, 0.5),
    nanShare: fc.constantFrom(0, 0.1, 0.4),
    noClusterShare: fc.constantFrom(0, 0.05),
    constant: fc.constantFrom('none', 'control', 'treated', 'both'),
    offset: fc.constantFrom(0, 3, 1e4),
    clusterEffect: fc.constantFrom(0, 0.5, 20),
    effect: fc.double({ min: -2, max: 2, noNaN: true }),
  })
  .map(({ seed, clusters, maxSize, oneArmShare, nanShare, noClusterShare, constant, offset, clusterEffect, effect }) => {
    let state = seed >>> 0 || 1;
    const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const scores: number[] = [];
    const treated: number[] = [];
    const codes: number[] = [];
    for (let g = 0; g < clusters; g++) {
      const size = 1 + Math.floor(next() * maxSize);
      const mode = next() < oneArmShare ? (next() < 0.5 ? 0 : 1) : -1; // −1: both arms
      const shift = clusterEffect * (next() - 0.5);
      const code = 2 * g + (next() < 0.2 ? 1 : 0); // gaps in the codes
      for (let m = 0; m < size; m++) {
        const t = mode >= 0 ? mode : next() < 0.45 ? 1 : 0;
        const steady = constant === 'both' || (constant === 'control' && t === 0) || (constant === 'treated' && t === 1);
        const y = steady ? offset + 1.3 + t * effect : offset + shift + t * effect + 2 * next();
        scores.push(next() < nanShare ? NaN : y);
        treated.push(t);
        codes.push(next() < noClusterShare ? -1 : code);
      }
    }
    // A code whose only row has no score.
    scores.push(NaN);
    treated.push(0);
    codes.push(2 * clusters + 5);
    return { scores: Float64Array.from(scores), treated: Uint8Array.from(treated), codes: Int32Array.from(codes), offset };
  });

describe('clusterInference from per-(cluster, arm) sums', () => {
  it('gives no CR1/SE ratio when the CR1 SE is exactly 0 (review repro)', () => {
    const got = clusterInference('c', Float64Array.from([100, 100, 100.000001, 100, 100.000002, 100, 100.000001]), Uint8Array.from([0, 1, 0, 1, 0, 1, 0]), Int32Array.from([5, 6, 6, 1, 5, 0, 0]));
    expect(got).not.toBeNull();
    expect(got!.cr1).toBeNull();
    expect(got!.seRatio).toBeNull();
  });

  it('takes scores near 1e6 that vary by 1e-4 for what they are, not for constant scores', () => {
    const next = ((seed) => () => (seed = (seed * 16807) % 2147483647) / 2147483647)(7);
    const treated = Uint8Array.from({ length: 40 }, (_, i) => i % 2);
    const clusters = Int32Array.from({ length: 40 }, (_, i) => Math.floor(i / 7));
    const small = Float64Array.from({ length: 40 }, (_, i) => 1e-4 * (next() + 0.3 * treated[i]!));
    const near = clusterInference('c', small, treated, clusters);
    const far = clusterInference('c', small.map((y) => y + 1e6), treated, clusters);
    expect(near?.cr2).not.toBeNull();
    expect(far?.cr2).not.toBeNull();
    // 1e6 + y keeps ~10 of y's 16 digits: the SEs agree to what is left.
    expect(Math.abs(far!.cr2!.se / near!.cr2!.se - 1)).toBeLessThan(1e-4);
  });

  it('matches fitOls + clusterHc1 + clusterCr2 + iccAnova on the same rows', () => {
    let compared = 0;
    fc.assert(
      fc.property(survey, ({ scores, treated, codes, offset }) => {
        // Scores near 1e4 leave the general path's residuals y − b₀ − b₁ with ~ε·1e4 of rounding,
        // which a small cluster sum of residuals (CR1 over 2 clusters, say) can magnify to ~1e-9
        // (9e-10 off on one such case, where the sums path, summing about the first score, was
        // not). Every statistic here is unchanged by a shift of the scores, and y − 1e4 is exact
        // for these y (Sterbenz), so the general path on the shifted scores is the reference.
        const shifted = offset === 1e4 ? Float64Array.from(scores, (y) => y - offset) : scores;
        const want = clusterInferenceGeneral('state', shifted, treated, codes);
        expectSame(clusterInference('state', scores, treated, codes), want);
        if (shifted !== scores) expectSame(clusterInference('state', shifted, treated, codes), want);
        if (want) compared++;
      }),
      { numRuns: Number(process.env.CLUSTER_TWO_ARM_RUNS ?? 600), seed: Number(process.env.CLUSTER_TWO_ARM_SEED ?? 20261129) },
    );
    expect(compared).toBeGreaterThan(200);
    if (process.env.CLUSTER_TWO_ARM_REPORT) {
      console.log(
        `two-arm vs general: ${compared} surveys compared; worst relative difference: values ${worst.value.toExponential(2)}, p ${worst.p.toExponential(2)}, df ${worst.df.toExponential(2)}`,
      );
      console.log([...worstByField].map(([field, d]) => `${field} ${d.toExponential(1)}`).join(', '));
    }
  });

  it('gives the pseudo-inverse CR2 when one cluster holds a whole arm, as clusterCr2 does', () => {
    // Cluster 0 holds every treated row (1 − b/n1 = 0): the report declines this case, the
    // estimator must still agree with the general one.
    const codes = Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2]);
    const x = Float64Array.from([1, 1, 0, 0, 0, 0, 0, 0]);
    const y = Float64Array.from([4.1, 5.3, 2.2, 3.9, 2.4, 3.1, 2.8, 3.6]);
    const design = [new Float64Array(y.length).fill(1), x];
    const fit = fitOls(design, y);
    const clusters = { codes, count: 3 };
    const means = [0, 1].map((t) => y.reduce((s, v, i) => s + (x[i] === t ? v : 0), 0) / x.filter((v) => v === t).length);
    const counts = new Float64Array(6);
    const residualSums = new Float64Array(6);
    y.forEach((v, i) => {
      const cell = 2 * codes[i]! + x[i]!;
      counts[cell] = counts[cell]! + 1;
      residualSums[cell] = residualSums[cell]! + v - means[x[i]!]!;
    });
    const cells = { clusters: 3, counts, residualSums };
    const general = clusterCr2(fit, design, clusters, 1);
    const fast = clusterCr2TwoArm(cells);
    expect(Math.abs(fast.se - general.se) / general.se).toBeLessThan(1e-9);
    expect(Math.abs(fast.df - general.df) / general.df).toBeLessThan(1e-6);
    expect(Math.abs(clusterHc1TwoArm(cells).se - clusterHc1(fit, design, clusters, 1).se) / fast.se).toBeLessThan(1e-9);
  });

  it('iccAnovaFromSums is iccAnova from counts, sums and the within sum of squares', () => {
    const codes = Int32Array.from([0, 0, 1, 1, 1, 2, 2]);
    const y = Float64Array.from([1, 2, 4, 5, 3, 0.5, 1.5]);
    const counts = Float64Array.from([2, 3, 2]);
    const sums = Float64Array.from([3, 12, 2]);
    const within = 0.5 + 2 + 0.5;
    expect(iccAnovaFromSums(counts, sums, within)).toBeCloseTo(iccAnova(y, { codes, count: 3 })!, 14);
    expect(iccAnovaFromSums(Float64Array.from([1, 1]), Float64Array.from([1, 2]), 0)).toBeNull();
  });
});
