#!/usr/bin/env node
// Micro-benchmark of parsing alone: one decoded survey text (default the bench's 100,000-row
// survey in $TMPDIR/gbv-impact-bench, made by `npm run bench -- --sizes 100000`) parsed by
// csv-parse as parse-csv.ts configured it before the scanner, by scanCsv (src/io/scan-csv.ts)
// alone and keeping its records, and by parseCsv (scanner + trimming, blank lines, row
// numbers), and from bytes to the column-wise table by readSurveyText with each scanner. Best of --runs (default 5), after one warm-up each; then again with every field
// of the same text quoted (the quoted path of the scanner). The TypeScript sources are bundled
// on the fly with esbuild.
// Usage: node bin/bench-parse.mjs [file.csv] [--runs N]

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { parse } from 'csv-parse/sync';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const file = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--runs') ?? join(tmpdir(), 'gbv-impact-bench', 'survey-100000.csv');

const out = mkdtempSync(join(tmpdir(), 'gbv-bench-parse-'));
try {
  await build({
    entryPoints: {
      'scan-csv': join(root, 'src/io/scan-csv.ts'),
      'parse-csv': join(root, 'src/io/parse-csv.ts'),
      'read-survey': join(root, 'src/io/read-survey.ts'),
      'byte-source': join(root, 'src/io/byte-source.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outdir: out,
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });
  const { scanCsv } = await import(pathToFileURL(join(out, 'scan-csv.mjs')).href);
  const { parseCsv } = await import(pathToFileURL(join(out, 'parse-csv.mjs')).href);
  const { readSurveyText } = await import(pathToFileURL(join(out, 'read-survey.mjs')).href);
  const { memorySource } = await import(pathToFileURL(join(out, 'byte-source.mjs')).href);
  const bytes = readFileSync(file);
  const plain = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes).replace(/\r\n?/g, '\n');
  // Every field quoted, as some exports write them (valid only when the text has no quotes).
  const quoted = plain.includes('"')
    ? undefined
    : plain
        .split('\n')
        .map((line) => (line === '' ? line : `"${line.split(',').join('","')}"`))
        .join('\n');
  console.log(`${file}: ${(bytes.length / 1e6).toFixed(1)} MB, node ${process.version}, best of ${runs} after a warm-up`);
  for (const [label, text] of [['as written', plain], ['every field quoted', quoted]]) {
    if (text === undefined) continue;
    const contenders = {
      'csv-parse (raw: true, as configured before)': () =>
        parse(text, { delimiter: ',', quote: '"', escape: '"', record_delimiter: '\n', relax_column_count: true, skip_empty_lines: false, raw: true }).length,
      scanCsv: () => {
        let records = 0;
        scanCsv(text, ',', () => records++);
        return records;
      },
      'scanCsv, keeping every record': () => {
        const records = [];
        scanCsv(text, ',', (fields) => records.push(fields));
        return records.length;
      },
      'parseCsv (scanner + trim, blank lines, row numbers)': () => parseCsv(text, ',', file).rows.length + 1,
      // From the bytes to the column-wise table analyze reads (every column kept, as validate keeps
      // more than analyze does): decoding, line ends, records, trimming and dictionary coding.
      'readSurveyText, text scanner → table': () => readSurveyText(memorySource(Buffer.from(text)), file, { delimiter: ',', encoding: 'utf-8', scanner: 'text' }).rowCount + 1,
      'readSurveyText, byte scanner → table': () => readSurveyText(memorySource(Buffer.from(text)), file, { delimiter: ',', encoding: 'utf-8' }).rowCount + 1,
    };
    // Same records from both, or the timings compare different work.
    const expected = parse(text, { delimiter: ',', quote: '"', escape: '"', record_delimiter: '\n', relax_column_count: true }).flat();
    const got = [];
    scanCsv(text, ',', (fields) => got.push(...fields));
    if (got.length !== expected.length || got.some((field, i) => field !== expected[i])) throw new Error(`scanCsv and csv-parse disagree on the text ${label}`);
    console.log(`\n${label} (${(text.length / 1e6).toFixed(1)} M characters; same records from both)\n`);
    console.log('| parser | records | best s | M chars/s |');
    console.log('|---|---:|---:|---:|');
    for (const [name, run] of Object.entries(contenders)) {
      run();
      let best = Infinity;
      let records = 0;
      for (let r = 0; r < runs; r++) {
        const t0 = process.hrtime.bigint();
        records = run();
        best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
      }
      console.log(`| ${name} | ${records.toLocaleString('en-US')} | ${best.toFixed(3)} | ${(text.length / 1e6 / best).toFixed(1)} |`);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
