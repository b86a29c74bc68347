#!/usr/bin/env node
// Benchmarks of @twotower/data, printed as one JSON object. Run after `pnpm build`:
//   node bench/read.js [--rows 2000000]
// Figures: reading ML-100K (when present), streaming a large MovieLens-layout ratings.csv made
// here in a temporary directory, the seed split and one epoch of batches; peers measured in the
// same run on the same file (best of two runs each): a naive Node readline reader and Python's csv module (when python3
// is installed). Never part of `pnpm test`.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const data = require('../dist');

const argv = process.argv.slice(2);
const rowsArg = argv.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(argv[rowsArg + 1]) : 2_000_000;
const ML100K_DIR = process.env.ML100K_DIR ?? path.resolve(__dirname, '../../../../shared/data/ml-100k');

async function time(f) {
  const t = process.hrtime.bigint();
  const r = await f();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, r };
}

async function naiveReadline(file) {
  const users = [];
  const items = [];
  const ratings = [];
  const times = [];
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    if (first) {
      first = false;
      continue;
    }
    const f = line.split(',');
    users.push(f[0]);
    items.push(f[1]);
    ratings.push(Number(f[2]));
    times.push(Number(f[3]));
  }
  return users.length;
}

function pythonCsv(file) {
  const code = [
    'import csv, sys, time',
    't = time.perf_counter()',
    'u, i, r, ts = [], [], [], []',
    'with open(sys.argv[1], newline="") as f:',
    '    rd = csv.reader(f); next(rd)',
    '    for row in rd:',
    '        u.append(row[0]); i.append(row[1]); r.append(float(row[2])); ts.append(int(row[3]))',
    'print((time.perf_counter() - t) * 1000, len(u))',
  ].join('\n');
  try {
    const out = execFileSync('python3', ['-c', code, file], { encoding: 'utf8' }).trim().split(/\s+/);
    return { ms: Number(out[0]), rows: Number(out[1]) };
  } catch {
    return undefined;
  }
}

(async () => {
  const result = { node: process.version, cpus: os.cpus().length };

  if (fs.existsSync(path.join(ML100K_DIR, 'u.data'))) {
    await data.readMovieLens(ML100K_DIR); // warm-up
    const { ms, r } = await time(() => data.readMovieLens(ML100K_DIR));
    const log = r.interactions;
    const split = await time(() => data.randomSplit(log, { seed: 42 }));
    const train = split.r.train;
    const epoch = await time(() => {
      let n = 0;
      for (const b of data.batches(train, { batchSize: 2048, epoch: 1 })) n += b.size;
      return n;
    });
    const fp = await time(() => data.fingerprint(log));
    result.ml100k = {
      readMs: +ms.toFixed(1),
      rows: log.length,
      randomSplitMs: +split.ms.toFixed(2),
      epochOfBatchesMs: +epoch.ms.toFixed(2),
      batchesPerEpoch: data.batchCount(train.length, { batchSize: 2048 }),
      fingerprintMs: +fp.ms.toFixed(2),
    };
  } else {
    result.ml100k = `skipped: no ML-100K at ${ML100K_DIR}`;
  }

  // A MovieLens-CSV-layout ratings file of ROWS rows (synthetic ids, ~ML-25M's id ranges).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twotower-bench-'));
  try {
    const file = path.join(dir, 'ratings.csv');
    const rand = data.mulberry32(1);
    const out = fs.openSync(file, 'w');
    fs.writeSync(out, 'userId,movieId,rating,timestamp\n');
    const chunk = [];
    for (let i = 0; i < ROWS; i++) {
      chunk.push(`${1 + Math.floor(rand() * 160000)},${1 + Math.floor(rand() * 60000)},${(1 + Math.floor(rand() * 10)) / 2},${1e9 + Math.floor(rand() * 5e8)}`);
      if (chunk.length === 100000) {
        fs.writeSync(out, chunk.join('\n') + '\n');
        chunk.length = 0;
      }
    }
    if (chunk.length) fs.writeSync(out, chunk.join('\n') + '\n');
    fs.closeSync(out);
    const bytes = fs.statSync(file).size;
    if (global.gc) global.gc();
    const rss0 = process.memoryUsage().rss;
    const ours = await time(() => data.readMovieLensCsv(dir, { readItems: false }));
    const rss1 = process.memoryUsage().rss;
    // Best of two runs each (the machine is shared and noisy).
    const ours2 = await time(() => data.readMovieLensCsv(dir, { readItems: false }));
    if (ours2.ms < ours.ms) ours.ms = ours2.ms;
    const naive = await time(() => naiveReadline(file));
    const naive2 = await time(() => naiveReadline(file));
    naive.ms = Math.min(naive.ms, naive2.ms);
    const pys = [pythonCsv(file), pythonCsv(file)].filter(Boolean);
    const py = pys.length ? { ms: Math.min(...pys.map((p) => p.ms)) } : undefined;
    result.csv = {
      rows: ROWS,
      megabytes: +(bytes / 1e6).toFixed(1),
      readMovieLensCsv: { ms: Math.round(ours.ms), rowsPerSecond: Math.round(ROWS / (ours.ms / 1000)), rssGrowthMB: Math.round((rss1 - rss0) / 1e6), bad: ours.r.reports.at(-1).bad },
      peerNodeReadlineSplit: { ms: Math.round(naive.ms), rowsPerSecond: Math.round(ROWS / (naive.ms / 1000)), note: 'columns as JS arrays, no id interning, no validation' },
      peerPythonCsv: py ? { ms: Math.round(py.ms), rowsPerSecond: Math.round(ROWS / (py.ms / 1000)), note: 'csv.reader into lists, no interning' } : 'python3 not available',
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
