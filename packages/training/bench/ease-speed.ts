/**
 * `pnpm bench:ease` (issue #16): how long EASE takes to fit, float64 JavaScript inverse against
 * the blocked float32 inverse on tfjs's matmul (`EaseOptions.matmul`), and whether the metrics
 * move. One JSON object on stdout, progress on stderr.
 *
 * - ML-100K (1,682 items; seed-42 80/20 split, λ 500): both fits timed, and both protocols' metrics
 *   from `runBaselines` with each, with the largest difference;
 * - synthetic logs of `--items` catalogues (default 5000,10000), power-law item popularity, seeded,
 *   in two shapes: many users (2 × items users, 40 interactions each: the items' side, blocked
 *   float32 on the matmul; float64 JavaScript too up to `--float64-max` items, default 5000 — at
 *   10,000 it takes several minutes) and few users (610 users, 165 interactions each, the shape of
 *   MovieLens' small "latest" set: `solver: 'auto'` takes the users' side; the items' side too for
 *   the difference of the weights).
 *
 * `--shapes` picks the parts to run (default `ml100k,many,few`), e.g. `--shapes many` for the
 * many-users items' side alone. `--phases` adds to each many-users row the float32 fit's seconds
 * per phase (`EaseOptions.phases`): `gram`, `inverse`, `weights`, `other` (the rest of the fit: the
 * CSR of the log), the recursive inverse's `inverse.products` (inside product batches),
 * `inverse.productsMeanwhile`, `inverse.strassenAdditions`, `inverse.leaves`, `inverse.blockCopies`,
 * `inverse.lowerProducts` (the symmetric updates' part of the products), `inverse.nonProduct`
 * (inverse − products) and the products' rates (G multiply-adds/s) `inverse.productGmacsPerSecond`,
 * `inverse.lowerProductGmacsPerSecond`, `inverse.fullProductGmacsPerSecond`.
 *
 *   pnpm bench:ease [--items 5000,10000] [--float64-max 5000] [--shapes ml100k,many,few] [--phases] [--dir ML100K_DIR]
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { randomSplit, readMovieLens100k } from '@twotower/data';
import { EaseBaseline, runBaselines } from '@twotower/eval';
import { backendName, ready } from '@twotower/runtime';
import { mulberry32 } from '@twotower/utils';
import { matMulThreads, parallelMatMulF32 } from '@twotower/training';

const log = (line: string) => process.stderr.write(`[bench:ease] ${line}\n`);
const flag = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** Seconds `fn` takes (wall) and what it returns. */
function timed<T>(fn: () => T): { seconds: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { seconds: round((performance.now() - t) / 1000), value };
}

/** Largest |x − y| over max |y|. */
function relDiff(x: Float32Array, y: Float32Array): number {
  let m = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    m = Math.max(m, Math.abs(x[i]! - y[i]!));
    s = Math.max(s, Math.abs(y[i]!));
  }
  return s === 0 ? 0 : m / s;
}

/** A seeded log: `numItems` items with power-law popularity, `numUsers` users with `perUser` rows each. */
function syntheticLog(numItems: number, numUsers: number, perUser: number, seed: number) {
  const r = mulberry32(seed);
  const user = new Int32Array(numUsers * perUser);
  const item = new Int32Array(numUsers * perUser);
  for (let u = 0, p = 0; u < numUsers; u++) {
    for (let j = 0; j < perUser; j++, p++) {
      user[p] = u;
      item[p] = Math.min(numItems - 1, Math.floor(numItems * r() ** 3));
    }
  }
  return { user, item, numUsers, rows: Int32Array.from({ length: user.length }, (_, i) => i) };
}

async function main(): Promise<void> {
  await ready();
  const block = Number(flag('block') ?? 512);
  const sizes = (flag('items') ?? '5000,10000').split(',').map(Number);
  const float64Max = Number(flag('float64-max') ?? 5000);
  const shapes = new Set((flag('shapes') ?? 'ml100k,many,few').split(','));
  const phases = process.argv.includes('--phases');
  const dir = flag('dir') ?? process.env.ML100K_DIR ?? resolve(__dirname, '../../../../shared/data/ml-100k');
  const out: Record<string, unknown> = {
    benchmark: 'ease-speed',
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavgStart: loadavg().map((x) => round(x, 2)), node: process.version, backend: backendName(), matmulThreads: matMulThreads() },
    blockSize: block,
  };
  if (!shapes.has('ml100k')) {
    out.ml100k = 'skipped (--shapes)';
  } else if (existsSync(join(dir, 'u.data'))) {
    const ds = await readMovieLens100k(dir);
    const l = ds.interactions;
    const split = randomSplit(l, { trainSize: 80_000, seed: 42 });
    const cols = { user: l.users, item: l.items };
    const n = l.itemIds.length;
    const f64 = timed(() => EaseBaseline.fit(cols, split.trainRows, l.userIds.length, n, { lambda: 500 }));
    const f32 = timed(() => EaseBaseline.fit(cols, split.trainRows, l.userIds.length, n, { lambda: 500, matmul: parallelMatMulF32 }));
    log(`ML-100K: float64 ${f64.seconds} s, blocked float32 ${f32.seconds} s`);
    const base = { interactions: cols, train: split.trainRows, test: split.testRows, numUsers: l.userIds.length, numItems: n, baselines: ['ease' as const], lambda: 500, ks: [10, 50, 100] };
    const m64 = (await runBaselines(base)).ease!;
    const m32 = (await runBaselines({ ...base, matmul: parallelMatMulF32 })).ease!;
    const flat = (m: unknown, prefix = ''): Record<string, number> =>
      Object.entries(m as Record<string, unknown>).reduce<Record<string, number>>((acc, [k, v]) => {
        if (typeof v === 'number') acc[prefix + k] = v;
        else if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(acc, flat(v, `${prefix}${k}.`));
        return acc;
      }, {});
    const a = flat(m64);
    const b = flat(m32);
    const metricKeys = Object.keys(a).filter((k) => k in b && !/seconds|Seconds|time/i.test(k));
    const diffs = metricKeys.map((k) => ({ k, d: Math.abs(a[k]! - b[k]!) })).sort((x, y) => y.d - x.d);
    out.ml100k = {
      items: n,
      float64Seconds: f64.seconds,
      blockedFloat32Seconds: f32.seconds,
      weightsRelativeDifference: relDiff(f32.value.weights, f64.value.weights),
      metricsCompared: metricKeys.length,
      largestMetricDifference: diffs[0] ? { metric: diffs[0].k, float64: a[diffs[0].k], float32: b[diffs[0].k], difference: diffs[0].d } : null,
    };
  } else {
    out.ml100k = `skipped: MovieLens 100K not found at ${dir} (pass --dir or set ML100K_DIR)`;
  }
  const manyUsers = [];
  const fewUsers = [];
  for (const n of sizes) {
    if (shapes.has('many')) manyUsers.push(manyUsersRow(n, float64Max, phases));
    if (shapes.has('few')) fewUsers.push(fewUsersRow(n));
  }
  out.synthetic = { manyUsers, fewUsers };
  out.loadavgEnd = loadavg().map((x) => round(x, 2));
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

/** `EaseOptions.phases` of a fit that took `seconds`, rounded, with the derived `other`, `inverse.nonProduct` and `inverse.productGmacsPerSecond`. */
function phaseSummary(p: Record<string, number>, seconds: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(p)) if (!k.endsWith('Macs')) out[k] = round(v);
  out.other = round(seconds - (p.gram ?? 0) - (p.inverse ?? 0) - (p.weights ?? 0));
  if (p['inverse.products'] !== undefined) {
    out['inverse.nonProduct'] = round(p.inverse! - p['inverse.products']);
    out['inverse.productGmacsPerSecond'] = round(p['inverse.productMacs']! / p['inverse.products'] / 1e9, 2);
    const lower = p['inverse.lowerProducts'] ?? 0;
    if (lower > 0) {
      out['inverse.lowerProductGmacsPerSecond'] = round(p['inverse.lowerProductMacs']! / lower / 1e9, 2);
      out['inverse.fullProductGmacsPerSecond'] = round((p['inverse.productMacs']! - p['inverse.lowerProductMacs']!) / (p['inverse.products'] - lower) / 1e9, 2);
    }
  }
  return out;
}

/** The items' side of `n` items and 2n users (40 interactions each), against float64 up to `float64Max` items; with `phases`, the float32 fit's {@link phaseSummary}. */
function manyUsersRow(n: number, float64Max: number, phases: boolean): Record<string, unknown> {
  const s = syntheticLog(n, 2 * n, 40, 7);
  const cols = { user: s.user, item: s.item };
  const times: Record<string, number> | undefined = phases ? {} : undefined;
  const f32 = timed(() => EaseBaseline.fit(cols, s.rows, s.numUsers, n, { lambda: 500, matmul: parallelMatMulF32, solver: 'items', phases: times }));
  log(`${n} items, ${s.numUsers} users: items' side, blocked float32 ${f32.seconds} s`);
  const row: Record<string, unknown> = { items: n, users: s.numUsers, interactions: s.rows.length, blockedFloat32Seconds: f32.seconds };
  if (times) row.phases = phaseSummary(times, f32.seconds);
  if (n <= float64Max) {
    const f64 = timed(() => EaseBaseline.fit(cols, s.rows, s.numUsers, n, { lambda: 500, solver: 'items' }));
    log(`${n} items: float64 ${f64.seconds} s`);
    row.float64Seconds = f64.seconds;
    row.weightsRelativeDifference = relDiff(f32.value.weights, f64.value.weights);
    row.speedup = round(f64.seconds / f32.seconds, 1);
  } else {
    row.float64Seconds = `not run (above --float64-max ${float64Max})`;
  }
  return row;
}

/** 610 users of 165 interactions over `n` items: 'auto' (the users' side) against the items' side. */
function fewUsersRow(n: number): Record<string, unknown> {
  const few = syntheticLog(n, 610, 165, 9);
  const fc = { user: few.user, item: few.item };
  const auto = timed(() => EaseBaseline.fit(fc, few.rows, few.numUsers, n, { lambda: 500, matmul: parallelMatMulF32 }));
  const items = timed(() => EaseBaseline.fit(fc, few.rows, few.numUsers, n, { lambda: 500, matmul: parallelMatMulF32, solver: 'items' }));
  log(`${n} items, 610 users: auto (users' side) ${auto.seconds} s, items' side blocked float32 ${items.seconds} s`);
  return { items: n, users: few.numUsers, interactions: few.rows.length, autoSeconds: auto.seconds, itemsSideBlockedFloat32Seconds: items.seconds, weightsRelativeDifference: relDiff(items.value.weights, auto.value.weights) };
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
