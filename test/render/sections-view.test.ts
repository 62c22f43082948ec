// The notes above the adjusted and weighted tables say which kind of interval each row shows.

import { describe, expect, it } from 'vitest';
import { runAnalyze, type AnalyzeOptions } from '../../src/commands/analyze.js';

async function markdown(options: Partial<AnalyzeOptions> & { survey: string }): Promise<string> {
  let out = '';
  await runAnalyze(
    { format: 'md', encoding: 'utf-8', delimiter: ',', strict: false, lang: 'en', date: '2026-01-31', ...options },
    { stdout: (text) => (out += text), stderr: () => {}, env: {}, stdoutIsTty: false },
  );
  return out;
}

describe('interval notes of the adjusted and weighted tables', () => {
  it('name the indices whose rows are not cluster-robust when the others are', async () => {
    const dir = 'test/fixtures/evaluation-clustered';
    const text = await markdown({ survey: `${dir}/survey.csv`, codebook: `${dir}/codebook.yaml` });
    const except = 'For “Victim response”, “Awareness” cluster-robust values could not be computed (a row without a cluster, or too few clusters)';
    expect(text).toContain(`${except}, and theirs use HC2.`);
    expect(text).toContain(`${except}, and theirs use HC1.`);
  });

  it('say nothing of exceptions when every row is cluster-robust', async () => {
    const text = await markdown({ survey: 'samples/mexico-2020/survey.csv' });
    expect(text).toContain('cluster-robust by “estado” (CR1, df = G − 1)');
    expect(text).not.toContain('could not be computed (a row without a cluster');
  });
});

describe('wording that agrees with its numbers', () => {
  it('with one sub-index tested, p Holm is p; with none, no Holm note; without a sum composite, no sums of indices', async () => {
    const one = await markdown({ survey: 'test/fixtures/constant-scores/survey.csv', codebook: 'test/fixtures/constant-scores/codebook.yaml' });
    expect(one).toContain('With one sub-index tested there is nothing to correct for: p Holm is p.');
    expect(one).not.toContain('sums of indices from 0 to');
    const none = await markdown({ survey: 'test/fixtures/uncorrelated-item/survey.csv', codebook: 'test/fixtures/uncorrelated-item/codebook.yaml' });
    expect(none).not.toMatch(/testing \d+ sub-indices|With one sub-index/);
  });
});

describe('sections with nothing to show', () => {
  it('leave out the clustered-uncertainty table when no index has clustered inference, and print minus signs in warnings', async () => {
    const dir = 'test/fixtures/cr2-one-treated-cluster';
    const text = await markdown({ survey: `${dir}/survey.csv`, codebook: `${dir}/codebook.yaml` });
    expect(text).not.toContain('Conventional and clustered uncertainty');
    const noCluster = await markdown({ survey: 'test/fixtures/evaluation-no-cluster/survey.csv', codebook: 'test/fixtures/evaluation-no-cluster/codebook.yaml' });
    expect(noCluster).toMatch(/correlates negatively \(r = −0\.\d\d\)/);
  });
});

describe('the summary', () => {
  it('still gives each difference when there is no interval, and says why not', async () => {
    const dir = 'test/fixtures/one-treated-respondent';
    const text = await markdown({ survey: `${dir}/survey.csv`, codebook: `${dir}/codebook.yaml` });
    const summary = text.slice(text.indexOf('## Summary'), text.indexOf('## Results by index'));
    expect(summary).toMatch(/- .+: the difference is \+\d+\.\d\d points, with no interval or test \(see the data-quality notes\)\./);
    expect(text).toContain('no interval or p for “');
  });
});
