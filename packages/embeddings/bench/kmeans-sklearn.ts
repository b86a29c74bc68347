/**
 * k-means beside scikit-learn: 100,000 × 32 float32 rows, k = 50, one k-means++ start per run
 * (scikit-learn's `n_init=1`) for SEEDS seeds, ours and `/usr/bin/python3`'s scikit-learn
 * alternating; then ours once with the default restarts. Prints one JSON object.
 *
 * Data (seeded, mulberry32 seed 2024): a mixture of 50 Gaussian blobs (centres N(0, 1.5²) per
 * column, each blob's own standard deviation uniform in [0.5, 1.5], blob weights uniform in
 * [0.5, 1.5]) for 90% of the rows, and 10% uniform noise over [−6, 6]³². The blobs overlap, so
 * runs from different seeds end in different local minima. Written to a temporary `.npy` file
 * that both sides read.
 *
 * Same start: ours and scikit-learn's Lloyd (float64) from our k-means++ centres of seed 0, to
 * check that the iterations are scikit-learn's (same inertia and iteration count).
 *
 * Run: `pnpm --filter @twotower/embeddings exec tsx bench/kmeans-sklearn.ts`
 * (after `pnpm --filter @twotower/embeddings build`: it runs the built package, whose worker
 * thread is compiled JavaScript).
 * Env: ROWS (100000), DIM (32), K (50), SEEDS (5), PYTHON (/usr/bin/python3),
 * TWOTOWER_THREADS (ours: default min(2, cores); 1 = main thread only).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { boxMuller, deriveSeed, mulberry32 } from '@twotower/utils';
// The built package, so that the worker thread (compiled JavaScript) takes part: pnpm build first.
import { kMeans } from '../dist/index.js';
import { kMeansPlusPlus } from '../dist/clustering/kmeans-plus-plus.js';
import { createPool } from '../dist/clustering/kmeans-pool.js';
import { lloyd } from '../dist/clustering/lloyd.js';

const rows = Number(process.env.ROWS ?? 100_000);
const dim = Number(process.env.DIM ?? 32);
const k = Number(process.env.K ?? 50);
const seeds = Number(process.env.SEEDS ?? 5);
const python = process.env.PYTHON ?? '/usr/bin/python3';

function blobs(): Float32Array {
  const random = mulberry32(2024);
  const normal = boxMuller(random);
  const blobCount = 50;
  const centres = new Float64Array(blobCount * dim);
  for (let i = 0; i < centres.length; i++) centres[i] = 1.5 * normal();
  const spread = Float64Array.from({ length: blobCount }, () => 0.5 + random());
  const weights = Float64Array.from({ length: blobCount }, () => 0.5 + random());
  const cumulative = new Float64Array(blobCount);
  let acc = 0;
  for (let b = 0; b < blobCount; b++) cumulative[b] = acc += weights[b]!;
  const x = new Float32Array(rows * dim);
  for (let i = 0; i < rows; i++) {
    if (random() < 0.1) {
      for (let d = 0; d < dim; d++) x[i * dim + d] = -6 + 12 * random();
      continue;
    }
    const u = random() * acc;
    let b = 0;
    while (b < blobCount - 1 && cumulative[b]! < u) b++;
    for (let d = 0; d < dim; d++) x[i * dim + d] = centres[b * dim + d]! + spread[b]! * normal();
  }
  return x;
}

function writeNpy(path: string, x: Float32Array): void {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${dim}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  writeFileSync(path, Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(x.buffer, x.byteOffset, x.byteLength)]));
}

interface Run {
  seed: number;
  seconds: number;
  /** CPU time of the process (all threads): on a busy machine, closer to the work than wall time. */
  cpuSeconds: number;
  inertia: number;
  iterations: number;
}

/** Our Lloyd and scikit-learn's from the same k-means++ centres (ours, seed 0). */
function sameStartCheck(x: Float32Array, file: string): { ours: { inertia: number; iterations: number }; sklearn: { inertia: number; iterations: number } } {
  const pool = createPool(x, rows, dim, k, false, 1);
  try {
    kMeansPlusPlus(pool, mulberry32(deriveSeed(0, 0)));
    const initFile = join(dir, 'init.f64');
    const init = pool.state.centroids.slice();
    writeFileSync(initFile, Buffer.from(init.buffer));
    const tol = 1e-4 * meanColumnVariance(pool.state.x);
    const run = lloyd(pool, 300, tol, () => {});
    const out = JSON.parse(execFileSync(python, [join(__dirname, 'kmeans_sklearn.py'), file, String(k), '0', initFile], { encoding: 'utf8' })) as Run;
    return { ours: { inertia: run.inertia, iterations: run.iterations }, sklearn: { inertia: out.inertia, iterations: out.iterations } };
  } finally {
    pool.close();
  }
}

function meanColumnVariance(x: Float64Array): number {
  let total = 0;
  for (let d = 0; d < dim; d++) {
    let m = 0;
    for (let i = 0; i < rows; i++) m += x[i * dim + d]!;
    m /= rows;
    let v = 0;
    for (let i = 0; i < rows; i++) v += (x[i * dim + d]! - m) ** 2;
    total += v / rows;
  }
  return total / dim;
}

const dir = mkdtempSync(join(tmpdir(), 'kmeans-bench-'));
try {
  const x = blobs();
  const file = join(dir, 'data.npy');
  writeNpy(file, x);
  const ours: Run[] = [];
  const theirs: Run[] = [];
  let sklearnVersion = '';
  for (let s = 0; s < seeds; s++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = kMeans(x, dim, { k, restarts: 1, seed: s });
    const c = process.cpuUsage(c0);
    ours.push({ seed: s, seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, inertia: r.inertia, iterations: r.iterations });
    const out = JSON.parse(execFileSync(python, [join(__dirname, 'kmeans_sklearn.py'), file, String(k), String(s)], { encoding: 'utf8' })) as Run & { sklearn: string };
    sklearnVersion = out.sklearn;
    theirs.push({ seed: s, seconds: out.seconds, cpuSeconds: out.cpuSeconds, inertia: out.inertia, iterations: out.iterations });
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const def = kMeans(x, dim, { k, seed: 0 });
  const defaultSeconds = (performance.now() - t0) / 1000;
  const dc = process.cpuUsage(c0);
  const sameStart = sameStartCheck(x, file);
  const best = (runs: Run[]) => Math.min(...runs.map((r) => r.inertia));
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const ourBest = best(ours);
  const theirBest = best(theirs);
  console.log(
    JSON.stringify(
      {
        data: { rows, dim, k, kind: 'mixture of 50 Gaussian blobs + 10% uniform noise, float32, seed 2024' },
        node: process.version,
        oursThreads: process.env.TWOTOWER_THREADS ?? `default (min(2, ${availableParallelism()}))`,
        sklearn: sklearnVersion,
        ours: { runs: ours, bestInertia: ourBest, medianSeconds: median(ours.map((r) => r.seconds)), medianCpuSeconds: median(ours.map((r) => r.cpuSeconds)) },
        sklearnRuns: { runs: theirs, bestInertia: theirBest, medianSeconds: median(theirs.map((r) => r.seconds)), medianCpuSeconds: median(theirs.map((r) => r.cpuSeconds)) },
        bestInertiaRatio: ourBest / theirBest,
        sameStart,
        oursDefaultRestarts: { restarts: def.restarts, seconds: defaultSeconds, cpuSeconds: (dc.user + dc.system) / 1e6, inertia: def.inertia },
        loadAverage: loadavg(),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
