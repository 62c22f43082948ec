#!/usr/bin/env node
// `npm run bench`: whole-process timings of `gbv-impact analyze --format json` on seeded
// surveys in the sample's format (1,816, 100,000 and 1,000,000 rows), each beside the same
// run's floor: reading the file's bytes in Node in 1 MiB chunks. Prints wall time, rows/s,
// MB/s, peak RSS and the ratio to the floor, plus start-up against `node -e 0`.
// Options: --sizes 1816,100000 (default all three), --runs N (default 3, best kept),
// --timeout SECONDS per run (default 600), --huge-gb G (default 2; 0 skips): a G GiB survey made
// on the fly from copies of the 1,000,000-row one, analysed once, to show that a file of
// gigabytes streams to a result without being held in memory (issue 7). Surveys are cached in
// $TMPDIR/gbv-impact-bench/, except the huge one, which is deleted after its run.
// Timings are never asserted in tests; absolute times on shared machines are noisy, ratios
// measured in the same run less so.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const sizes = option('--sizes', '1816,100000,1000000').split(',').map(Number);
const runs = Number(option('--runs', '3'));
const timeout = Number(option('--timeout', '600')) * 1000;
const hugeGb = Number(option('--huge-gb', '2'));
const cache = join(tmpdir(), 'gbv-impact-bench');
mkdirSync(cache, { recursive: true });

// Peak RSS of a child Node process: a preload that reports resourceUsage() at exit on fd 3.
const probe = join(cache, 'max-rss.mjs');
writeFileSync(probe, "import { writeSync } from 'node:fs';\nprocess.on('exit', () => { try { writeSync(3, String(process.resourceUsage().maxRSS)); } catch {} });\n");
const floorScript = join(cache, 'read-floor.mjs');
writeFileSync(
  floorScript,
  "import { openSync, readSync, closeSync } from 'node:fs';\nconst fd = openSync(process.argv[2], 'r'); const buffer = Buffer.allocUnsafe(1 << 20); let total = 0, n;\nwhile ((n = readSync(fd, buffer, 0, buffer.length, null)) > 0) total += n;\ncloseSync(fd); console.log(total);\n",
);

function measure(command, times = runs) {
  let best;
  for (let r = 0; r < times; r++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['--import', probe, ...command], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      timeout,
      maxBuffer: 1 << 26,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.status !== 0) {
      const why = child.error?.code === 'ETIMEDOUT' ? `timed out after ${timeout / 1000} s` : child.signal ? `killed (${child.signal})` : `exit ${child.status}: ${String(child.stderr).split('\n')[0]}`;
      return { failed: why, seconds };
    }
    const rss = Number(String(child.output[3] ?? '0')) * 1024;
    if (!best || seconds < best.seconds) best = { seconds, rss };
  }
  return best;
}

function survey(rows) {
  const file = join(cache, `survey-${rows}.csv`);
  if (!existsSync(file)) {
    const made = spawnSync(process.execPath, ['samples/mexico-2020/generate.mjs', file, '--rows', String(rows)], { cwd: root, stdio: ['ignore', 'ignore', 'ignore'] });
    if (made.status !== 0) throw new Error(`could not generate ${rows} rows`);
  }
  return file;
}

const fmt = (x, digits = 2) => (x === undefined ? '—' : x.toFixed(digits));
const mb = (bytes) => bytes / 1e6;
console.log(`gbv-impact bench · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · best of ${runs}`);
console.log('');
console.log('| rows | file MB | floor s | analyze s | ratio | rows/s | MB/s | peak RSS MB | floor RSS MB |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const rows of sizes) {
  const file = survey(rows);
  const bytes = statSync(file).size;
  const floor = measure([floorScript, file]);
  const analyze = measure(['bin/gbv-impact.js', 'analyze', file, '--codebook', 'samples/mexico-2020/codebook.yaml', '--format', 'json']);
  if (analyze.failed) {
    console.log(`| ${rows} | ${fmt(mb(bytes), 1)} | ${fmt(floor.seconds, 3)} | ${analyze.failed} | | | | | ${fmt(mb(floor.rss ?? 0), 0)} |`);
    continue;
  }
  console.log(
    `| ${rows} | ${fmt(mb(bytes), 1)} | ${fmt(floor.seconds, 3)} | ${fmt(analyze.seconds, 3)} | ${fmt(analyze.seconds / floor.seconds, 1)}× | ${fmt(rows / analyze.seconds, 0)} | ${fmt(mb(bytes) / analyze.seconds, 1)} | ${fmt(mb(analyze.rss), 0)} | ${fmt(mb(floor.rss), 0)} |`,
  );
}
console.log('');
// Start-up times are a few tenths of a second, where one slow run on a shared machine moves a
// ratio by a whole unit: the three commands take turns (each round in a different order), at
// least 10 times each; the ratio is of the best times, as in the table above, and the median
// (the middle run, or the one after it) shows the spread. A command that fails is said so, not timed.
const startRuns = Math.max(runs, 10);
const startCommands = [
  ['node -e 0', ['-e', '0']],
  ['gbv-impact --version', ['bin/gbv-impact.js', '--version']],
  ['analyze the 1,816-row sample', ['bin/gbv-impact.js', 'analyze', 'samples/mexico-2020/survey.csv', '--format', 'json']],
];
const startTimes = startCommands.map(() => []);
const startFailed = startCommands.map(() => undefined);
for (let r = 0; r < startRuns; r++) {
  for (let turn = 0; turn < startCommands.length; turn++) {
    const c = (turn + r) % startCommands.length;
    const run = measure(startCommands[c][1], 1);
    if (run.failed) startFailed[c] ??= run.failed;
    else startTimes[c].push(run.seconds);
  }
}
const best = (c) => Math.min(...startTimes[c]);
const median = (c) => [...startTimes[c]].sort((a, b) => a - b)[Math.floor(startTimes[c].length / 2)];
console.log(`| start-up (${startRuns} runs each, taking turns) | best s | median s | ratio to \`node -e 0\` |`);
console.log('|---|---:|---:|---:|');
startCommands.forEach(([label], c) => {
  if (startFailed[c] !== undefined) console.log(`| ${label} | ${startFailed[c]} | | |`);
  else console.log(`| ${label} | ${fmt(best(c), 3)} | ${fmt(median(c), 3)} | ${startFailed[0] === undefined ? `${fmt(best(c) / best(0), 1)}×` : ''} |`);
});

if (hugeGb > 0) {
  // The 1,000,000-row survey's rows, again and again, under one header, until the file holds G GiB.
  const source = readFileSync(survey(1000000));
  const newline = source.indexOf(10);
  const body = source.subarray(newline + 1);
  const file = join(cache, `survey-${hugeGb}gib.csv`);
  const target = hugeGb * 2 ** 30;
  const fd = openSync(file, 'w');
  let written = writeSync(fd, source.subarray(0, newline + 1));
  let copies = 0;
  while (written < target) {
    written += writeSync(fd, body);
    copies++;
  }
  closeSync(fd);
  let perCopy = 0;
  for (let at = body.indexOf(10); at >= 0; at = body.indexOf(10, at + 1)) perCopy++;
  const rows = copies * perCopy;
  try {
    const floor = measure([floorScript, file], 1);
    const analyze = measure(['bin/gbv-impact.js', 'analyze', file, '--codebook', 'samples/mexico-2020/codebook.yaml', '--format', 'json'], 1);
    console.log('');
    console.log('| huge survey | rows | file GB | floor s | analyze s | ratio | peak RSS MB |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    const result = analyze.failed ? `${analyze.failed} | | ` : `${fmt(analyze.seconds, 1)} | ${fmt(analyze.seconds / floor.seconds, 1)}× | ${fmt(mb(analyze.rss), 0)}`;
    console.log(`| ${copies} copies of the 1,000,000 rows | ${rows} | ${fmt(written / 1e9, 2)} | ${fmt(floor.seconds, 1)} | ${result} |`);
  } finally {
    rmSync(file, { force: true });
  }
}
