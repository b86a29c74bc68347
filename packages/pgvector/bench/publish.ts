/**
 * Times publishing into PostgreSQL + pgvector (prints JSON):
 * - the ML-100K model: `twotower-train publish --model DIR --database URL --json` end to end (model
 *   read and users embedded by the trainer, then `publishModel`), `--runs` times on a fresh schema;
 * - a synthetic 1,000,000 × 32 item set with 1,000 users, through `publishModel` directly: the
 *   clustered vectors of bench/bench-pgvector.ts (1,000 Gaussian clusters, spread 0.5, seed 1;
 *   users from the same mixture, seed 2), 20 seen items per user.
 * Each step's seconds come from `onProgress` (COPY per table, index build per table).
 *
 *   pnpm --filter @twotower/pgvector exec tsx bench/publish.ts [--model DIR] [--database URL] [--runs 3] [--items 1000000] [--indexes default,hnsw,ivfflat] [--skip-model] [--skip-synthetic]
 *
 * Without --database a throw-away cluster is started (`@twotower/pg-test`). Without --model,
 * `models/ml-100k` (what `npm run demo` writes) is used; train one with
 * `pnpm train --data ../shared/data/ml-100k --out models/ml-100k` when it is absent.
 * Targets (issue #15): ML-100K under 10 s, 1M items under 2 minutes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isSkip, startTestCluster, type TestCluster } from '@twotower/pg-test';
import { clusteredVectors } from '@twotower/index';
import { mulberry32 } from '@twotower/utils';
import { createPool, publishModel, type PgIndexSpec, type PublishInput, type PublishProgressEvent, type PublishReport } from '../src';

const ROOT = resolve(__dirname, '../../..');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const has = (name: string) => process.argv.includes(`--${name}`);

/** Seconds per `phase table` from the progress events of one publish. */
function stepTimer(): { onProgress: (e: PublishProgressEvent) => void; steps: Record<string, number> } {
  const started = new Map<string, number>();
  const steps: Record<string, number> = {};
  return {
    steps,
    onProgress(e) {
      const key = `${e.phase} ${e.table}`;
      if (!started.has(key)) started.set(key, performance.now());
      if (e.done === e.total) steps[key] = Math.round(performance.now() - started.get(key)!) / 1000;
    },
  };
}

/** Removes a published version without the registry's checks (a benchmark's fresh start). */
async function forget(url: string, name: string): Promise<void> {
  const db = createPool(url, { max: 1, statementTimeoutMillis: 0 });
  try {
    const { rows } = await db.query<{ schema: string }>('SELECT schema FROM twotower.models WHERE name = $1', [name]).catch(() => ({ rows: [] as { schema: string }[] }));
    await db.query('DELETE FROM twotower.current WHERE name = $1', [name]).catch(() => {});
    await db.query('DELETE FROM twotower.models WHERE name = $1', [name]).catch(() => {});
    for (const r of rows) await db.query(`DROP SCHEMA IF EXISTS ${r.schema} CASCADE`);
  } finally {
    await db.end();
  }
}

async function benchModel(url: string, dir: string, runs: number): Promise<unknown> {
  const cli = join(ROOT, 'apps/trainer/bin/twotower-train.js');
  const out: Array<{ wallSeconds: number; publishSeconds: number; rows: Record<string, number> }> = [];
  for (let r = 0; r < runs; r++) {
    await forget(url, 'bench-ml100k');
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [cli, 'publish', '--model', dir, '--database', url, '--name', 'bench-ml100k', '--json', '--quiet'], { encoding: 'utf8' });
    const wallSeconds = (performance.now() - t0) / 1000;
    if (run.status !== 0) throw new Error(`twotower-train publish failed (${run.status}): ${run.stderr}`);
    const { report } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { report: PublishReport };
    out.push({ wallSeconds: Math.round(wallSeconds * 1000) / 1000, publishSeconds: Math.round(report.seconds * 1000) / 1000, rows: report.rows });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    model: dir,
    runs: out,
    medianWallSeconds: median(out.map((r) => r.wallSeconds)),
    medianPublishSeconds: median(out.map((r) => r.publishSeconds)),
    targetSeconds: 10,
  };
}

/** `items` × `dim` clustered vectors (bench-pgvector's set) and `users` from the same mixture, 20 seen items each. */
function syntheticInput(items: number, users: number, dim: number): PublishInput {
  const rand = mulberry32(15);
  const vec = (n: number, seed: number) => clusteredVectors({ n, dim, clusters: 1000, spread: 0.5, seed });
  const ids = Array.from({ length: items }, (_, i) => `item-${i}`);
  const perUser = 20;
  const seenItems = Int32Array.from({ length: users * perUser }, () => Math.floor(rand() * items));
  return {
    version: `bench${items}x${dim}`,
    dim,
    manifest: { synthetic: true, items, users, dim },
    items: { ids, titles: ids.map((id) => `Title of ${id}`), vectors: vec(items, 1) },
    users: {
      ids: Array.from({ length: users }, (_, u) => `user-${u}`),
      vectors: vec(users, 2),
      lastTimestamp: Float64Array.from({ length: users }, (_, u) => 1_700_000_000 + u),
      seen: { offsets: Int32Array.from({ length: users + 1 }, (_, u) => u * perUser), items: seenItems },
    },
  };
}

const INDEXES: Record<string, PgIndexSpec | undefined> = { default: undefined, hnsw: { kind: 'hnsw', m: 16, efConstruction: 64 }, ivfflat: { kind: 'ivfflat' }, exact: { kind: 'exact' } };

/** One publish of the synthetic set per index kind (`--indexes default,hnsw,ivfflat`; default: `defaultPublishIndex` by rows), each into a fresh schema. */
async function benchSynthetic(url: string, items: number, kinds: string[]): Promise<unknown[]> {
  const dim = 32;
  const input = syntheticInput(items, 1000, dim);
  const out: unknown[] = [];
  for (const kind of kinds) {
    if (!(kind in INDEXES)) throw new Error(`--indexes: unknown kind ${kind} (default, hnsw, ivfflat, exact)`);
    const spec = INDEXES[kind];
    const name = `bench-synthetic-${kind}`;
    await forget(url, name);
    const db = createPool(url, { max: 2, statementTimeoutMillis: 0 });
    const notices: string[] = [];
    // pgvector's notices ("hnsw graph no longer fits into maintenance_work_mem"), not the registry's "already exists, skipping"
    db.on('connect', (client) => client.on('notice', (n) => !/already exists/.test(n.message ?? '') && notices.push(n.message ?? '')));
    try {
      const timer = stepTimer();
      const report = await publishModel(db, { ...input, version: `bench${items}x${dim}${kind}` }, { name, ...(spec ? { index: spec } : {}), onProgress: timer.onProgress });
      const settings = (await db.query<{ name: string; setting: string; unit: string | null }>("SELECT name, setting, unit FROM pg_settings WHERE name IN ('max_parallel_maintenance_workers', 'shared_buffers')")).rows;
      const built = (await db.query<{ d: string }>(`SELECT indexdef AS d FROM pg_indexes WHERE schemaname = $1 AND tablename = 'items' AND indexdef ~ 'USING (hnsw|ivfflat)'`, [report.schema])).rows[0]?.d;
      out.push({
        items,
        users: 1000,
        dim,
        data: 'clustered: 1,000 clusters, spread 0.5, seed 1',
        index: built ?? 'none (exact)',
        maintenanceWorkMem: '1GB',
        seconds: Math.round(report.seconds * 1000) / 1000,
        steps: timer.steps,
        rows: report.rows,
        notices,
        loadAverageAfter: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100),
        server: Object.fromEntries(settings.map((s) => [s.name, `${s.setting}${s.unit ?? ''}`])),
        targetSeconds: 120,
      });
      await forget(url, name);
    } finally {
      await db.end();
    }
  }
  return out;
}

async function main(): Promise<void> {
  let cluster: TestCluster | undefined;
  let url = flag('database');
  if (!url) {
    const started = await startTestCluster();
    if (isSkip(started)) {
      console.log(JSON.stringify({ skipped: started.skip }));
      return;
    }
    cluster = started;
    url = started.primary;
  }
  try {
    const os = await import('node:os');
    const result: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version, loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100) } };
    if (!has('skip-model')) {
      const dir = resolve(flag('model') ?? join(ROOT, 'models/ml-100k'));
      result.ml100k = existsSync(join(dir, 'manifest.json'))
        ? await benchModel(url, dir, Number(flag('runs') ?? 3))
        : { skipped: `no model at ${dir}: train one with "pnpm train --data ../shared/data/ml-100k --out models/ml-100k" or pass --model DIR` };
    }
    if (!has('skip-synthetic')) result.synthetic = await benchSynthetic(url, Number(flag('items') ?? 1_000_000), (flag('indexes') ?? 'default,hnsw,ivfflat').split(','));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await cluster?.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
