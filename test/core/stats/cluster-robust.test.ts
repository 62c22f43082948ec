// CR1 and CR2 computed directly, on a case the report declines (one cluster holds every treated
// officer) but the estimator must still get right: the leverage matrix of that cluster has an
// eigenvalue of 1, where CR2 uses the pseudo-inverse square root. Values from R
// (test/fixtures/cr2-one-treated-cluster/expected-cr2.json, clubSandwich and sandwich).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeTable } from '../../../src/core/analyze-table.js';
import { clusterCodes } from '../../../src/core/evaluate/covariates.js';
import { clusterCr2, clusterHc1 } from '../../../src/core/stats/cluster-robust.js';
import { fitOls } from '../../../src/core/stats/ols.js';
import { loadCodebook } from '../../../src/io/load-codebook.js';
import { columnCells, columnOf } from '../../../src/core/table/table.js';
import { readSurvey } from '../../../src/io/read-survey.js';
import { expectClose, P_TOLERANCE, VALUE_TOLERANCE } from '../../helpers/tolerance.js';

const DIR = 'test/fixtures/cr2-one-treated-cluster';

describe('clusterCr2 and clusterHc1', () => {
  it('match R when one cluster holds a whole cohort (pseudo-inverse square root)', () => {
    const want = (JSON.parse(readFileSync(`${DIR}/expected-cr2.json`, 'utf8')) as { cluster: Record<string, { se: number; df: number }> }).cluster;
    const { codebook } = loadCodebook(`${DIR}/codebook.yaml`, 'flag');
    const analysis = analyzeTable(codebook, readSurvey(`${DIR}/survey.csv`, { encoding: 'utf-8', delimiter: ',' }), 's', 'c');
    const scores = analysis.rowsUsed.scores.get('a')!;
    const cells = columnCells(analysis.rowsUsed.column('cl'));
    const rows = [...scores.keys()].filter((i) => !Number.isNaN(scores[i]!) && cells[i] !== '');
    const { codes } = clusterCodes(columnOf(rows.map((i) => cells[i]!)));
    const design = [new Float64Array(rows.length).fill(1), Float64Array.from(rows, (i) => analysis.rowsUsed.treated[i]!)];
    const fit = fitOls(design, Float64Array.from(rows, (i) => scores[i]!));
    const clusters = { codes, count: new Set(codes).size };
    const cr2 = clusterCr2(fit, design, clusters, 1);
    expectClose(cr2.se, want.cr2!.se, VALUE_TOLERANCE, 'cr2.se');
    expectClose(cr2.df, want.cr2!.df, P_TOLERANCE, 'cr2.df');
    const cr1 = clusterHc1(fit, design, clusters, 1);
    expectClose(cr1.se, want.hc1!.se, VALUE_TOLERANCE, 'hc1.se');
    expect(cr1.df).toBe(want.hc1!.df);
  });
});
