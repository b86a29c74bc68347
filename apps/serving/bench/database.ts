/**
 * Serving from PostgreSQL + pgvector (`pnpm bench:serving-db`, issue #15), the same run measuring
 * every side, real `twotower-serve` processes on loopback:
 * - publishing the model (`twotower-train publish`, timed) into a throw-away primary + hot standby
 *   (`@twotower/pg-test`), or into `--database URL [--read-database URL]`;
 * - user-items (and item-items) latency at a steady `--rate` (bench/paced.ts, open loop) for one
 *   in-memory replica, two replicas on the primary and two replicas reading the hot standby; two
 *   replicas get two paced runs of `rate / 2` in parallel, one per replica (so the combined p99 is
 *   reported as the larger of the two replicas' p99s: an upper bound of the merged one); CPU of the
 *   servers, the load generator and PostgreSQL over each run (all on the same machine);
 * - where the time goes: transactions per request (`pg_stat_database`); each request's statements
 *   run one request at a time from here with PostgreSQL CPU per request and their plans (`EXPLAIN
 *   ANALYZE`): as sent, with `enable_seqscan = off`, with a hashable exclusion filter, and
 *   user-items as one statement (also prepared), with the HNSW index's recall@10 against the exact
 *   scan; two replicas on the primary again with `enable_seqscan = off` for the role (the HNSW
 *   index used) at each pool size of `--forced-pools`; user-items at lower rates (`--sweep`) as
 *   sent and forced, to find what this machine sustains. Each setup warms up at the full rate; a run's backlog (an overloaded run)
 *   drains before the next begins;
 * - an outage: the primary stopped at `--outage-stop` s and started again at `--outage-start` s under
 *   `--outage-rate` req/s on two replicas (on the primary, then reading the standby): per-second
 *   answers, the slowest answer while it was down, the seconds to all-200 after it returned, /readyz.
 * Progress on stderr; one JSON object on stdout.
 *
 *   pnpm bench:serving-db [--model DIR] [--database URL [--read-database URL]] [--rate 1000]
 *     [--seconds 30] [--warmup 10] [--outage-rate 200] [--outage-seconds 30] [--outage-stop 10]
 *     [--outage-start 15] [--database-pool N] [--skip-item-items] [--forced-pools 10,4]
 *     [--sweep 250,500,750] [--sweep-seconds 15] [--out FILE]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { isSkip, startTestCluster, type TestCluster } from '@twotower/pg-test';
import { createPool } from '@twotower/pgvector';
import { loadServingModel } from '@twotower/server';
import { cpuMeter } from './database-cpu';
import { outage } from './database-outage';
import { profileStatements } from './database-profile';
import { runPaced, type PacedResult } from './paced';
import { bodyOf, pathOf, queryMix, round, type QueryMix } from './queries';
import { BIN, startServer, stopServer, type Server } from './server-process';
import { readFlags } from './flag-reader';

const REPO = resolve(__dirname, '../../..');
const TRAIN = join(REPO, 'apps/trainer/bin/twotower-train.js');
const log = (line: string) => process.stderr.write(`[bench:serving-db] ${line}\n`);

export interface Flags {
  model: string;
  database?: string;
  readDatabase?: string;
  rate: number;
  seconds: number;
  warmup: number;
  outageRate: number;
  outageSeconds: number;
  outageStop: number;
  outageStart: number;
  pool?: number;
  itemItems: boolean;
  /** Pool sizes (`--database-pool`) of two replicas on the primary with `enable_seqscan = off` set for the role (a throw-away cluster only); empty: none. */
  forcedPools: number[];
  /** user-items rates also run on two replicas on the primary (as the server is, and with the index forced), `sweepSeconds` each. */
  sweep: number[];
  sweepSeconds: number;
  out?: string;
}

function parseFlags(argv: string[]): Flags {
  const f: Flags = { model: join(REPO, 'models/ml-100k'), rate: 1000, seconds: 30, warmup: 10, outageRate: 200, outageSeconds: 30, outageStop: 10, outageStart: 15, itemItems: true, forcedPools: [10, 4], sweep: [250, 500, 750], sweepSeconds: 15 };
  readFlags(argv, (a, v) => {
    switch (a) {
      case '--model': f.model = resolve(v.string()); break;
      case '--database': f.database = v.string(); break;
      case '--read-database': f.readDatabase = v.string(); break;
      case '--rate': f.rate = v.number(); break;
      case '--seconds': f.seconds = v.number(); break;
      case '--warmup': f.warmup = v.number(); break;
      case '--outage-rate': f.outageRate = v.number(); break;
      case '--outage-seconds': f.outageSeconds = v.number(); break;
      case '--outage-stop': f.outageStop = v.number(); break;
      case '--outage-start': f.outageStart = v.number(); break;
      case '--database-pool': f.pool = v.number(); break;
      case '--skip-item-items': f.itemItems = false; break;
      case '--forced-pools': f.forcedPools = v.numbers(); break;
      case '--sweep': f.sweep = v.numbers(); break;
      case '--sweep-seconds': f.sweepSeconds = v.number(); break;
      case '--out': f.out = resolve(v.string()); break;
      default: return false;
    }
    return true;
  });
  if (f.readDatabase !== undefined && f.database === undefined) throw new Error('--read-database needs --database');
  if (!(f.outageStop < f.outageStart && f.outageStart < f.outageSeconds)) throw new Error('need --outage-stop < --outage-start < --outage-seconds');
  return f;
}

// ---------- the database: a throw-away cluster, or the one given; publishing ----------

interface Db {
  primary: string;
  read: string;
  cluster?: TestCluster;
}

async function openDatabase(f: Flags): Promise<Db> {
  if (f.database !== undefined) return { primary: f.database, read: f.readDatabase ?? f.database };
  const started = await startTestCluster();
  if (isSkip(started)) throw new Error(`no PostgreSQL here: ${started.skip} (or give --database URL)`);
  return { primary: started.primary, read: started.replica, cluster: started };
}

function publish(model: string, url: string): { seconds: number; result: Record<string, unknown> } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [TRAIN, 'publish', '--model', model, '--database', url, '--json', '--quiet'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`twotower-train publish exited with ${r.status}`);
  return { seconds: round((performance.now() - t0) / 1000), result: JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown> };
}

/**
 * Runs `fn` with `enable_seqscan = off` for the connecting role (new sessions of the servers it
 * starts take it; the standby gets it by replication), then resets it: what the server's searches
 * cost when the planner takes the HNSW index on a table small enough for it to prefer a scan.
 */
async function withSeqscanOff<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const pool = createPool(url, { max: 1 });
  try {
    await pool.query('ALTER ROLE CURRENT_USER SET enable_seqscan = off');
    return await fn();
  } finally {
    await pool.query('ALTER ROLE CURRENT_USER RESET enable_seqscan');
    await pool.end();
  }
}

/**
 * Transactions committed so far in the database `url` (one per autocommit statement), read after
 * 11 s without load: a busy backend flushes its counters at most once a second, an idle one after 10 s.
 */
async function commits(url: string): Promise<number> {
  const pool = createPool(url, { max: 1 });
  try {
    await new Promise((r) => setTimeout(r, 11_000));
    return Number((await pool.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0]!.n);
  } finally {
    await pool.end();
  }
}

// ---------- latency at a steady rate ----------

interface Run {
  /** One paced run per replica, at `rate / replicas` each. */
  perReplica: PacedResult[];
  requests: number;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  /** The largest of the replicas' p99 (their merged p99 is at most this). */
  p99Ms: number;
  maxMs: number;
  cpu: Record<string, number>;
  /** Transactions the read database committed per request over the run (statements per request, readiness probes aside). */
  readTransactionsPerRequest?: number;
  /** Seconds the database stayed busy after the run (the servers' backlog of an overloaded run). */
  backlogDrainSeconds?: number;
}

async function paced(servers: Server[], endpoint: 'user-items' | 'item-items', mix: QueryMix, rate: number, seconds: number, clusterDir: string | undefined): Promise<Run> {
  const body = bodyOf(endpoint, mix);
  const n = servers.length;
  const cpu = cpuMeter(servers, clusterDir);
  const perReplica = await Promise.all(servers.map((s, r) => runPaced({ url: s.url, path: pathOf(endpoint), body: (i) => body(i * n + r), rate: rate / n, seconds })));
  const used = cpu();
  const requests = perReplica.reduce((a, x) => a + x.requests, 0);
  const worst = (k: 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs') => Math.max(...perReplica.map((x) => x[k]));
  return {
    perReplica,
    requests,
    errors: perReplica.reduce((a, x) => a + x.errors, 0),
    p50Ms: worst('p50Ms'),
    p90Ms: worst('p90Ms'),
    p99Ms: worst('p99Ms'),
    maxMs: worst('maxMs'),
    cpu: used,
  };
}

/**
 * Waits until no client backend is active in the databases `urls` for two polls in a row (500 ms
 * apart), up to `maxSeconds`: the backlog of an overloaded run drains before the next run begins.
 * @returns the seconds it waited
 */
async function waitIdle(urls: string[], maxSeconds = 180): Promise<number> {
  const t0 = performance.now();
  const pools = [...new Set(urls)].map((u) => createPool(u, { max: 1 }));
  try {
    for (let quiet = 0; quiet < 2 && performance.now() - t0 < maxSeconds * 1000; ) {
      let active = 0;
      for (const p of pools) active += Number((await p.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE state <> 'idle' AND backend_type = 'client backend' AND pid <> pg_backend_pid()")).rows[0]!.n);
      quiet = active === 0 ? quiet + 1 : 0;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
  return round((performance.now() - t0) / 1000, 1);
}

/** Where a setup's servers read from (unset: in memory): `urls` are drained between runs, `readUrl` counted. */
interface SetupDb {
  urls: string[];
  readUrl: string;
  /** Also run user-items at each of `f.sweep`'s rates. */
  sweep?: boolean;
}

async function latencySetup(name: string, f: Flags, mix: QueryMix, args: string[], replicas: number, clusterDir: string | undefined, db?: SetupDb): Promise<Record<string, unknown>> {
  const servers: Server[] = [];
  for (let r = 0; r < replicas; r++) servers.push(await startServer(f.model, args));
  log(`${name}: ${replicas} replica(s) ready in ${servers.map((s) => s.startSeconds).join(', ')} s`);
  // at the full rate: every pool connection opened and every backend's caches warm before measuring
  // (a pool growing from a few connections under 1,000 req/s queued for seconds in a trial)
  const warmup = f.warmup > 0 ? await paced(servers, 'user-items', mix, f.rate, f.warmup, clusterDir) : null;
  const out: Record<string, unknown> = { replicas, args: args.map((a) => a.replace(/\/\/[^@]*@/, '//')), startSeconds: servers.map((s) => s.startSeconds), warmup: { rate: f.rate, seconds: f.warmup, errors: warmup?.errors ?? null } };
  const drain = async () => (db ? waitIdle(db.urls) : 0);
  await drain();
  let committed = db ? await commits(db.readUrl) : 0;
  const runs: Array<{ e: 'user-items' | 'item-items'; rate: number; seconds: number; sweep?: true }> = [{ e: 'user-items', rate: f.rate, seconds: f.seconds }];
  if (f.itemItems) runs.push({ e: 'item-items', rate: f.rate, seconds: f.seconds });
  if (db?.sweep) for (const rate of f.sweep) runs.push({ e: 'user-items', rate, seconds: f.sweepSeconds, sweep: true });
  const sweep: Array<Record<string, unknown>> = [];
  for (const { e, rate, seconds, sweep: swept } of runs) {
    const run = await paced(servers, e, mix, rate, seconds, clusterDir);
    run.backlogDrainSeconds = await drain();
    if (db) {
      const now = await commits(db.readUrl);
      run.readTransactionsPerRequest = round((now - committed) / run.requests, 2);
      committed = now;
    }
    log(`${name} ${e} at ${rate} req/s: p50 ${run.p50Ms} p90 ${run.p90Ms} p99 ${run.p99Ms} max ${run.maxMs} ms, errors ${run.errors}, cpu ${JSON.stringify(run.cpu)}${db ? `, ${run.readTransactionsPerRequest} read transactions/request, backlog drained in ${run.backlogDrainSeconds} s` : ''}`);
    if (swept) sweep.push({ rate, seconds, p50Ms: run.p50Ms, p90Ms: run.p90Ms, p99Ms: run.p99Ms, maxMs: run.maxMs, errors: run.errors, cpu: run.cpu, backlogDrainSeconds: run.backlogDrainSeconds });
    else out[e] = run;
  }
  if (sweep.length > 0) out['userItemsSweep'] = sweep;
  for (const s of servers) await stopServer(s);
  return out;
}

// ---------- main ----------

async function main(): Promise<void> {
  const f = parseFlags(process.argv.slice(2));
  if (!existsSync(BIN.replace('bin/twotower-serve.js', 'dist/main.js'))) throw new Error('apps/serving is not built: run pnpm --filter @twotower/serving... build');
  if (!existsSync(join(f.model, 'manifest.json'))) throw new Error(`no model at ${f.model}: train one (twotower-train --data DIR --out ${f.model}) or give --model DIR`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavgStart: loadavg().map((x) => round(x, 2)), node: process.version };
  const db = await openDatabase(f);
  const dir = db.cluster?.dir;
  try {
    log(`publishing ${f.model} into ${db.primary}`);
    const published = publish(f.model, db.primary);
    log(`published in ${published.seconds} s (wall, the whole command)`);
    if (db.cluster) await db.cluster.waitForReplica();
    const model = await loadServingModel(f.model);
    const mix = queryMix(model);
    const summary = model.summary;
    model.dispose();
    const dbArgs = [...(f.pool !== undefined ? ['--database-pool', String(f.pool)] : [])];
    const memory = await latencySetup('in-memory x1', f, mix, [], 1, dir);
    const urls = [db.primary, db.read];
    const onPrimary = await latencySetup('database x2 (primary)', f, mix, ['--database', db.primary, ...dbArgs], 2, dir, { urls, readUrl: db.primary, sweep: true });
    const onStandby = db.read !== db.primary ? await latencySetup('database x2 (reads on the standby)', f, mix, ['--database', db.primary, '--read-database', db.read, ...dbArgs], 2, dir, { urls, readUrl: db.read }) : null;
    const forced: Record<string, Record<string, unknown>> = {};
    for (const [i, pool] of (db.cluster ? f.forcedPools : []).entries()) {
      forced[`pool${pool}`] = await withSeqscanOff(db.primary, () => latencySetup(`database x2 (primary), enable_seqscan = off for the role, --database-pool ${pool}`, f, mix, ['--database', db.primary, '--database-pool', String(pool)], 2, dir, { urls, readUrl: db.primary, sweep: i === 0 }));
    }
    const indexForced = Object.values(forced)[0] ?? null;
    log('timing the statements one by one');
    const profile = await profileStatements(db.read, mix);
    for (const e of ['userItems', 'itemItems'] as const) {
      for (const [k, v] of Object.entries(profile[e] as Record<string, { requestMs: unknown; postgresCpuMsPerRequest: number; scans: string[] }>)) if (typeof v === 'object') log(`${e} ${k}: ${JSON.stringify(v.requestMs)} ms, PostgreSQL CPU ${v.postgresCpuMsPerRequest} ms/request, ${v.scans.join(', ')}`);
    }
    log(`recall@10 of the index scan against the sequential scan: ${JSON.stringify(profile['indexRecallAt10'])}`);
    const timeoutMs = 5000;
    const warm = (servers: Server[]) => paced(servers, 'user-items', mix, f.outageRate, 2, dir);
    const outages = db.cluster
      ? {
          onPrimary: await outage('outage, two replicas on the primary', f, mix, db.cluster, ['--database', db.primary, ...dbArgs], timeoutMs, warm),
          readingStandby: db.read !== db.primary ? await outage('outage, two replicas reading the standby', f, mix, db.cluster, ['--database', db.primary, '--read-database', db.read, ...dbArgs], timeoutMs, warm) : null,
        }
      : { skipped: 'the database was given (--database): the benchmark only stops a cluster it started itself' };
    const ui = (x: Record<string, unknown> | null) => (x ? (x['user-items'] as Run) : null);
    const ii = (x: Record<string, unknown> | null) => (x ? ((x['item-items'] as Run | undefined) ?? null) : null);
    const row = (r: Run | null) => (r ? { p50Ms: r.p50Ms, p90Ms: r.p90Ms, p99Ms: r.p99Ms, maxMs: r.maxMs, errors: r.errors, cpu: r.cpu } : null);
    const outageOnPrimary = (outages as { onPrimary?: Record<string, unknown> }).onPrimary;
    const result = {
      benchmark: 'serving-db',
      machine: { ...machine, loadavgEnd: loadavg().map((x) => round(x, 2)), note: `${machine.cpus} cores shared by PostgreSQL (primary + standby), the twotower-serve processes and this load generator` },
      settings: { model: f.model, rate: f.rate, seconds: f.seconds, warmup: f.warmup, outageRate: f.outageRate, outageSeconds: f.outageSeconds, outageStop: f.outageStop, outageStart: f.outageStart, databasePool: f.pool ?? 10, generator: 'open loop (bench/paced.ts); two replicas: two paced runs of rate/2 in parallel, one per replica; p50/p90/p99/max of two replicas = the larger of the two (an upper bound of the merged figure)' },
      database: { primary: db.primary.replace(/\/\/[^@]*@/, '//'), read: db.read.replace(/\/\/[^@]*@/, '//'), throwAway: db.cluster !== undefined },
      model: { items: summary.items, users: summary.users, dim: summary.dim },
      publish: published,
      latency: { inMemory: memory, databasePrimary: onPrimary, databaseStandby: onStandby, databasePrimaryIndexForced: forced },
      profile,
      outage: outages,
      targets: { userItemsP99MsTwoReplicas: '<= 20 at 1,000 req/s', outage: 'every request fails fast with 503 (none past the statement timeout), all 200 again within 5 s of the primary returning, no restart', publishSeconds: '< 10' },
      summary: {
        publishSeconds: published.seconds,
        userItems: { inMemory: row(ui(memory)), databasePrimary: row(ui(onPrimary)), databaseStandby: row(ui(onStandby)), ...Object.fromEntries(Object.entries(forced).map(([k, v]) => [`databasePrimaryIndexForced_${k}`, row(ui(v))])) },
        itemItems: { inMemory: row(ii(memory)), databasePrimary: row(ii(onPrimary)), databaseStandby: row(ii(onStandby)), ...Object.fromEntries(Object.entries(forced).map(([k, v]) => [`databasePrimaryIndexForced_${k}`, row(ii(v))])) },
        readTransactionsPerUserItems: ui(onPrimary)?.readTransactionsPerRequest ?? null,
        userItemsSweepPrimary: onPrimary['userItemsSweep'] ?? null,
        userItemsSweepPrimaryIndexForced: indexForced?.['userItemsSweep'] ?? null,
        indexRecallAt10: profile['indexRecallAt10'],
        outage: outageOnPrimary
          ? {
              slowestWhileDownMs: (outageOnPrimary['whileDown'] as { slowestMs: number }).slowestMs,
              answersWhileDown: (outageOnPrimary['whileDown'] as { answers: unknown }).answers,
              firstFailureAfterStopSeconds: outageOnPrimary['firstFailureAfterStopSeconds'],
              lastFailureAfterStartReturnedSeconds: outageOnPrimary['lastFailureAfterStartReturnedSeconds'],
              recoverySeconds: outageOnPrimary['recoverySeconds'],
              readyz503WhileDown: outageOnPrimary['readyz503WhileDown'],
              readyzSecondsAfterStartReturned: outageOnPrimary['readyzSecondsAfterStartReturned'],
            }
          : null,
      },
    };
    const json = JSON.stringify(result, null, 2);
    if (f.out) writeFileSync(f.out, json + '\n');
    process.stdout.write(json + '\n');
  } finally {
    await db.cluster?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`[bench:serving-db] failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
