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
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { isSkip, startTestCluster, type TestCluster } from '@twotower/pg-test';
import { createPool, PgVectorIndex } from '@twotower/pgvector';
import { loadServingModel } from '@twotower/server';
import { runPaced, type PacedResult } from './paced';
import { bodyOf, pathOf, queryMix, round, type QueryMix } from './queries';
import { BIN, startServer, stopServer, type Server } from './server-process';

const REPO = resolve(__dirname, '../../..');
const TRAIN = join(REPO, 'apps/trainer/bin/twotower-train.js');
const log = (line: string) => process.stderr.write(`[bench:serving-db] ${line}\n`);

interface Flags {
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
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    const num = () => {
      const x = Number(v());
      if (!Number.isFinite(x) || x < 0) throw new Error(`${a} needs a number >= 0`);
      return x;
    };
    switch (a) {
      case '--model': f.model = resolve(v()); break;
      case '--database': f.database = v(); break;
      case '--read-database': f.readDatabase = v(); break;
      case '--rate': f.rate = num(); break;
      case '--seconds': f.seconds = num(); break;
      case '--warmup': f.warmup = num(); break;
      case '--outage-rate': f.outageRate = num(); break;
      case '--outage-seconds': f.outageSeconds = num(); break;
      case '--outage-stop': f.outageStop = num(); break;
      case '--outage-start': f.outageStart = num(); break;
      case '--database-pool': f.pool = num(); break;
      case '--skip-item-items': f.itemItems = false; break;
      case '--forced-pools': f.forcedPools = v().split(',').filter((x) => x !== '').map(Number); break;
      case '--sweep': f.sweep = v().split(',').filter((x) => x !== '').map(Number); break;
      case '--sweep-seconds': f.sweepSeconds = num(); break;
      case '--out': f.out = resolve(v()); break;
      default: throw new Error(`unknown argument ${a}`);
    }
  }
  if (f.readDatabase !== undefined && f.database === undefined) throw new Error('--read-database needs --database');
  if (!(f.outageStop < f.outageStart && f.outageStart < f.outageSeconds)) throw new Error('need --outage-stop < --outage-start < --outage-seconds');
  return f;
}

// ---------- CPU over a run: the machine, the servers, this process (the load generator), PostgreSQL ----------

const TICK = 100; // USER_HZ of /proc
function procTicks(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch {
    return 0;
  }
}
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - (f[4] ?? 0), total };
}
/** Processes of the cluster in `dir` (its postmasters and their children), or every `postgres` process when not ours. */
function postgresPids(dir: string | undefined): number[] {
  const all = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number);
  const stat = (pid: number) => {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return { comm: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')), ppid: Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]) };
    } catch {
      return undefined;
    }
  };
  if (dir === undefined) return all.filter((p) => stat(p)?.comm === 'postgres');
  const masters = new Set<number>();
  for (const side of ['primary', 'replica']) {
    const file = join(dir, side, 'postmaster.pid');
    if (existsSync(file)) masters.add(Number(readFileSync(file, 'utf8').split('\n')[0]));
  }
  return all.filter((p) => masters.has(p) || masters.has(stat(p)?.ppid ?? -1));
}
/** CPU use over a run, in cores (the machine has `cpus().length`; everything below shares them). */
function cpuMeter(servers: Server[], clusterDir: string | undefined): () => Record<string, number> {
  const t0 = performance.now();
  const m0 = machineTicks();
  const self0 = process.cpuUsage();
  const srv0 = servers.map((s) => procTicks(s.child.pid!));
  const pg0 = new Map(postgresPids(clusterDir).map((p) => [p, procTicks(p)]));
  return () => {
    const secs = (performance.now() - t0) / 1000;
    const m1 = machineTicks();
    const self = process.cpuUsage(self0);
    const servers1 = servers.reduce((a, s, i) => a + procTicks(s.child.pid!) - srv0[i]!, 0) / TICK;
    let pg = 0;
    for (const p of postgresPids(clusterDir)) pg += procTicks(p) - (pg0.get(p) ?? 0);
    const generator = (self.user + self.system) / 1e6;
    const machine = ((m1.busy - m0.busy) / (m1.total - m0.total)) * cpus().length;
    return { machineBusyCores: round(machine, 2), serversCores: round(servers1 / secs, 2), postgresCores: round(pg / TICK / secs, 2), generatorCores: round(generator / secs, 2), otherCores: round(machine - (servers1 + pg / TICK + generator) / secs, 2) };
  };
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

// ---------- where the time of a database-served request goes ----------

function stats(t: number[]): { p50: number; p99: number; mean: number } {
  const s = Float64Array.from(t).sort();
  return { p50: round(s[Math.floor(s.length * 0.5)]!), p99: round(s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!), mean: round(t.reduce((a, b) => a + b, 0) / t.length) };
}

/** A statement as node-postgres takes it (`name`: a prepared statement, parsed and planned once per connection). */
interface Statement {
  text: string;
  values: unknown[];
  name?: string;
}
type QueryFn = (q: string | Statement, values?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

/**
 * The statements of each request, run one request at a time on one connection (client-side round
 * trips on loopback), in a session that first runs `session`: time per request, PostgreSQL CPU
 * per request (the backend's utime + stime), and the scans of their plans (`EXPLAIN ANALYZE` of the first 20).
 */
async function timeRequests(query: QueryFn, requests: Statement[][], session: string | undefined, what: string): Promise<Record<string, unknown>> {
  if (session) await query(session);
  try {
    const pid = Number((await query('SELECT pg_backend_pid() AS p')).rows[0]!['p']);
    const ticks0 = procTicks(pid);
    const t: number[] = [];
    for (const statements of requests) {
      const t0 = performance.now();
      for (const st of statements) await query(st);
      t.push(performance.now() - t0);
    }
    const cpuMs = ((procTicks(pid) - ticks0) * (1000 / TICK)) / requests.length;
    const exec: number[] = [];
    const scans = new Set<string>();
    for (const statements of requests.slice(0, 20)) {
      let ms = 0;
      for (const st of statements) {
        const plan = (await query(`EXPLAIN (ANALYZE, FORMAT JSON) ${st.text}`, st.values)).rows[0]!['QUERY PLAN'] as Array<{ Plan: unknown; 'Execution Time': number; 'Planning Time': number }>;
        ms += plan[0]!['Execution Time'] + plan[0]!['Planning Time'];
        for (const m of JSON.stringify(plan[0]!.Plan).matchAll(/"Node Type":"((?:Seq|Index|Index Only) Scan)","[^}]*?"Relation Name":"(\w+)"/g)) scans.add(`${m[1]} on ${m[2]}`);
      }
      exec.push(ms);
    }
    return { what, statementsPerRequest: requests[0]!.length, requestMs: stats(t), postgresCpuMsPerRequest: round(cpuMs, 3), planAndExecuteMs: stats(exec), scans: [...scans] };
  } finally {
    if (session) await query('RESET ALL');
  }
}

/** The exclusion filter of `PgVectorIndex.search`'s single-query statement (packages/pgvector/src/search-sql.ts), and the same filter in a form PostgreSQL can hash. */
const EXCLUSION_AS_SENT = 't.id <> ALL (CASE WHEN t.num THEN $4::text[] ELSE $3::text[] END)';
const EXCLUSION_HASHABLE = '(t.num OR t.id <> ALL ($3::text[])) AND (NOT t.num OR t.id <> ALL ($4::text[]))';

/**
 * Where the database time of user-items and item-items goes, and what would cut it: each
 * request's statements run one request at a time from here on one connection to the read
 * database — as the server sends them (the user state: a copy of `DatabaseStore.userStates`'
 * statement; the search: captured from `PgVectorIndex.search`, the server's own code path), then
 * with `enable_seqscan = off` (the planner takes the HNSW index instead of scanning the small
 * table), with the search's exclusion filter in a hashable form (still a sequential scan, exact),
 * then user-items as one statement (user state and search together), also prepared.
 */
async function profileStatements(url: string, mix: QueryMix, n = 500): Promise<Record<string, unknown>> {
  const pool = createPool(url, { max: 1 });
  try {
    const schema = (await pool.query<{ schema: string }>("SELECT schema FROM twotower.current WHERE name = 'default'")).rows[0]!.schema;
    const userSql = `SELECT s.id, s.last_ts, s.seen, u.embedding::real[] AS v FROM ${schema}.user_state s JOIN ${schema}.users u ON u.id = s.id AND NOT u.num WHERE s.id = ANY($1::text[])`;
    // one statement for a known user's default user-items (string ids, as published): the shape the server sends since
    // DatabaseStore.searchForUsers (which also joins request exclusions and keeps a user with no hit)
    const oneSql =
      `SELECT s.last_ts, s.seen, u.embedding::real[] AS v, r.id, r.d FROM ${schema}.user_state s JOIN ${schema}.users u ON u.id = s.id AND NOT u.num ` +
      `CROSS JOIN LATERAL (SELECT t.id, t.embedding <#> u.embedding AS d FROM ${schema}.items t WHERE t.num OR t.id <> ALL (s.seen) ORDER BY t.embedding <#> u.embedding LIMIT $2) r WHERE s.id = $1`;
    const items = await PgVectorIndex.open(pool, `${schema}.items`);
    const query = pool.query.bind(pool) as unknown as QueryFn;
    let captured: Statement[] = [];
    (pool as unknown as { query: QueryFn }).query = (q, values) => (typeof q === 'string' && captured.push({ text: q, values: values ?? [] }), query(q, values));
    const asSent: Statement[][] = [];
    const one: Statement[][] = [];
    const onePrepared: Statement[][] = [];
    const itemItems: Statement[][] = [];
    const seen: number[] = [];
    for (let i = 0; i < n; i++) {
      const user = mix.users[(i * 7919) % mix.users.length]!;
      const state: Statement = { text: userSql, values: [[user]] };
      const row = (await query(state)).rows[0] as { v: number[]; seen: string[] };
      seen.push(row.seen.length);
      captured = [];
      await items.search(Float32Array.from(row.v), 10, { exclude: [row.seen] });
      asSent.push([state, ...captured]);
      one.push([{ text: oneSql, values: [user, 10] }]);
      onePrepared.push([{ name: 'bench_user_items', text: oneSql, values: [user, 10] }]);
      const item = mix.items[(i * 104729) % mix.items.length]!;
      const [vector] = await items.vectors([item]);
      captured = [];
      await items.search(vector!, 10, { exclude: [[item]] });
      itemItems.push(captured);
    }
    const off = 'SET enable_seqscan = off';
    // the exclusion filter with each array a parameter of its own: PostgreSQL 15 hashes `<> ALL (constant array)`,
    // not an array chosen per row by CASE, so the sequential scan stops comparing every row with every seen id
    const hashable = (st: Statement): Statement => ({ ...st, text: st.text.replace(EXCLUSION_AS_SENT, EXCLUSION_HASHABLE) });
    const rewritten = asSent.every((r) => hashable(r[r.length - 1]!).text !== r[r.length - 1]!.text);
    /** Share of the exact top 10 (the sequential scan sorts every row) the HNSW index scan finds, over the `n` searches. */
    const indexRecall = async (requests: Statement[][]) => {
      const ids = async (st: Statement) => new Set((await query(st)).rows.map((r) => String(r['id'])));
      const exact = [];
      for (const r of requests) exact.push(await ids(r[r.length - 1]!));
      await query(off);
      let found = 0;
      let total = 0;
      for (let i = 0; i < requests.length; i++) {
        const got = await ids(requests[i]![requests[i]!.length - 1]!);
        for (const id of exact[i]!) found += got.has(id) ? 1 : 0;
        total += exact[i]!.size;
      }
      await query('RESET ALL');
      return round(found / total, 4);
    };
    return {
      readDatabase: url.replace(/\/\/[^@]*@/, '//'),
      schema,
      requests: n,
      seenItemsPerUser: stats(seen),
      userItems: {
        asSent: await timeRequests(query, asSent, undefined, 'the user state, then PgVectorIndex.search with the seen items excluded (what the server sent for every user-items query before DatabaseStore.searchForUsers; still its path for explicit timestamps and histories)'),
        indexForced: await timeRequests(query, asSent, off, 'the same with enable_seqscan = off in the session'),
        hashableExclusions: rewritten
          ? await timeRequests(query, asSent.map((r) => [...r.slice(0, -1), hashable(r[r.length - 1]!)]), undefined, `as sent, the search's filter written ${EXCLUSION_HASHABLE} (sequential scan, exact answers)`)
          : `not measured: the search statement no longer holds ${EXCLUSION_AS_SENT}`,
        oneStatement: await timeRequests(query, one, off, 'user state and search in one statement (the shape of DatabaseStore.searchForUsers, which the server prepares), enable_seqscan = off'),
        oneStatementPrepared: await timeRequests(query, onePrepared, off, 'the same as a named prepared statement (parsed and planned once per connection)'),
      },
      itemItems: {
        asSent: await timeRequests(query, itemItems, undefined, 'PgVectorIndex.search of the item vector, the item excluded (what the server sends)'),
        indexForced: await timeRequests(query, itemItems, off, 'the same with enable_seqscan = off in the session'),
      },
      /** recall@10 of the HNSW index scan (ef_search 100) against the exact answers of the sequential scan, same statements. */
      indexRecallAt10: { userItems: await indexRecall(asSent), itemItems: await indexRecall(itemItems) },
    };
  } finally {
    await pool.end();
  }
}

// ---------- an outage: the primary stopped and started again under load ----------

/** One answer: when it was sent (ms from the start), how long it took, its status (0 = connection error, -1 = no answer in time). */
interface Answer {
  sentMs: number;
  ms: number;
  status: number;
}

/** Open-loop load at `rate` req/s, round-robin over `urls`, keeping every answer (bench/paced.ts keeps only percentiles). */
function recordedLoad(urls: string[], path: string, body: (i: number) => unknown, rate: number, seconds: number, onSecond: (s: number) => void): Promise<Answer[]> {
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: 64 }));
  const total = Math.round(rate * seconds);
  const answers: Answer[] = [];
  const start = performance.now();
  let sent = 0;
  let lastSecond = 0;
  return new Promise((done) => {
    const settle = (a: Answer) => {
      answers.push(a);
      if (answers.length === total) {
        clearInterval(ticker);
        agents.forEach((x) => x.destroy());
        done(answers.sort((x, y) => x.sentMs - y.sentMs));
      }
    };
    const send = (i: number) => {
      const payload = JSON.stringify(body(i));
      const t0 = performance.now();
      let settled = false;
      const end = (status: number) => {
        if (settled) return;
        settled = true;
        settle({ sentMs: t0 - start, ms: performance.now() - t0, status });
      };
      const req = request(new URL(path, urls[i % urls.length]), { method: 'POST', agent: agents[i % urls.length], timeout: 10_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
        res.resume();
        res.on('end', () => end(res.statusCode ?? 0));
      });
      req.on('timeout', () => (end(-1), req.destroy()));
      req.on('error', () => end(0));
      req.end(payload);
    };
    const ticker = setInterval(() => {
      const now = performance.now();
      while (sent < total && start + (sent / rate) * 1000 <= now) send(sent++);
      while (lastSecond < Math.floor((now - start) / 1000) && lastSecond < seconds) onSecond(++lastSecond);
    }, 1);
  });
}

async function readyz(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 0;
  }
}

const kindOf = (status: number) => (status === 200 ? 'ok200' : status === 503 ? 's503' : status === 504 ? 's504' : status === 0 ? 'connectionError' : status === -1 ? 'noAnswer10s' : 'other');

async function outage(name: string, f: Flags, mix: QueryMix, cluster: TestCluster, args: string[], timeoutMs: number): Promise<Record<string, unknown>> {
  const servers = [await startServer(f.model, args), await startServer(f.model, args)];
  const body = bodyOf('user-items', mix);
  await paced(servers, 'user-items', mix, f.outageRate, 2, cluster.dir); // warm-up
  const ev: Record<string, number> = {};
  const polls: Array<{ second: number; readyz: number[] }> = [];
  let t0 = 0;
  const at = () => round((performance.now() - t0) / 1000);
  const actions: Promise<void>[] = [];
  const cpu = cpuMeter(servers, cluster.dir);
  t0 = performance.now();
  const answers = await recordedLoad(servers.map((s) => s.url), pathOf('user-items'), body, f.outageRate, f.outageSeconds, (s) => {
    actions.push(Promise.all(servers.map((x) => readyz(x.url))).then((r) => void polls.push({ second: s, readyz: r })));
    if (s === f.outageStop) {
      ev['stopCalled'] = at();
      actions.push(cluster.stopPrimary().then(() => void (ev['stopReturned'] = at())));
    }
    if (s === f.outageStart) {
      ev['startCalled'] = at();
      actions.push(cluster.startPrimary().then(() => void (ev['startReturned'] = at())));
    }
  });
  await Promise.all(actions);
  const used = cpu();
  for (const s of servers) await stopServer(s);
  polls.sort((a, b) => a.second - b.second);
  const perSecond = Array.from({ length: f.outageSeconds }, (_, s) => ({ second: s, ok200: 0, s503: 0, s504: 0, other: 0, connectionError: 0, noAnswer10s: 0, maxMs: 0 }));
  for (const a of answers) {
    const row = perSecond[Math.min(f.outageSeconds - 1, Math.floor(a.sentMs / 1000))]!;
    row[kindOf(a.status)]++;
    row.maxMs = Math.max(row.maxMs, round(a.ms, 1));
  }
  const stop = ev['stopCalled']! * 1000;
  const back = ev['startReturned']! * 1000;
  const down = answers.filter((a) => a.sentMs >= stop && a.sentMs <= back);
  const slowest = down.reduce((m, a) => (a.ms > m.ms ? a : m), { sentMs: 0, ms: 0, status: 0 });
  const failedAfterStop = answers.filter((a) => a.sentMs >= stop && a.status !== 200);
  const failures = (x: (typeof perSecond)[number]) => x.s503 + x.s504 + x.other + x.connectionError + x.noAnswer10s;
  const firstAllOk = perSecond.findIndex((_, s) => s >= Math.floor(back / 1000) && perSecond.slice(s).every((x) => x.ok200 > 0 && failures(x) === 0));
  const ready503 = polls.filter((p) => p.second * 1000 > stop && p.second * 1000 < back && p.readyz.some((x) => x === 503));
  const readyBack = polls.find((p) => p.second * 1000 >= back && polls.filter((q) => q.second >= p.second).every((q) => q.readyz.every((x) => x === 200)));
  const counts = (list: Answer[]) => list.reduce<Record<string, number>>((m, a) => ((m[kindOf(a.status)] = (m[kindOf(a.status)] ?? 0) + 1), m), {});
  const result = {
    replicas: 2,
    args: args.map((a) => a.replace(/\/\/[^@]*@/, '//')),
    rate: f.outageRate,
    seconds: f.outageSeconds,
    events: ev,
    answers: counts(answers),
    whileDown: {
      requests: down.length,
      answers: counts(down),
      slowestMs: round(slowest.ms, 1),
      slowestStatus: slowest.status,
      overStatementTimeout: down.filter((a) => a.ms > timeoutMs).length,
      statementTimeoutMs: timeoutMs,
      p99Ms: stats(down.map((a) => a.ms)).p99,
    },
    firstFailureAfterStopSeconds: failedAfterStop.length ? round((failedAfterStop[0]!.sentMs - stop) / 1000) : null,
    lastFailureAfterStartReturnedSeconds: failedAfterStop.length ? round((failedAfterStop[failedAfterStop.length - 1]!.sentMs - back) / 1000) : null,
    /** Seconds from startPrimary returning to the start of the first second from which every answer is 200 (0 when that second began before it returned). */
    recoverySeconds: firstAllOk >= 0 ? round(Math.max(0, firstAllOk - back / 1000)) : null,
    readyz503WhileDown: ready503.length > 0,
    readyz200AfterSecond: readyBack?.second ?? null,
    readyzSecondsAfterStartReturned: readyBack ? round(Math.max(0, readyBack.second - back / 1000)) : null,
    perSecond,
    readyz: polls,
    cpu: used,
  };
  log(`${name}: ${JSON.stringify({ events: ev, answers: result.answers, whileDown: result.whileDown, recoverySeconds: result.recoverySeconds, lastFailure: result.lastFailureAfterStartReturnedSeconds, readyz503WhileDown: result.readyz503WhileDown, readyzBackAt: result.readyz200AfterSecond })}`);
  return result;
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
    const outages = db.cluster
      ? {
          onPrimary: await outage('outage, two replicas on the primary', f, mix, db.cluster, ['--database', db.primary, ...dbArgs], timeoutMs),
          readingStandby: db.read !== db.primary ? await outage('outage, two replicas reading the standby', f, mix, db.cluster, ['--database', db.primary, '--read-database', db.read, ...dbArgs], timeoutMs) : null,
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
