/**
 * The serving benchmark (`pnpm bench:serving`): the server as its own process on loopback, per
 * endpoint — on the ML-100K artifact (trained first if missing) and on a synthetic
 * 1,000,000-item artifact with FAISS IVF indexes (written first if missing) — beside the raw
 * index search time of the same queries measured in this process:
 * - autocannon, 1 connection (latency on an idle server) and `--connections` (throughput); user-users
 *   and item-users both by default (one row per user) and with `rows: 'interactions'`;
 * - user-items at a steady `--rate` (bench/paced.ts, open loop; autocannon's own rate limit sends
 *   each second's quota as a burst, reported beside it);
 * - a history-only user-items mix (`user-items:history`, bench/history-mix.ts: a user the model never
 *   saw, a history of 10-30 of a real user's training items, k 10) through the same autocannon
 *   runs and a paced run at `--rate`, beside the in-process time of what the server computes for
 *   it — resolve + query-tower embed + index search — and of the embed and the search alone (on a
 *   model whose item-item stage answers such users, `answeredBy: 'item-item'`: resolve + the
 *   popular items re-ordered, all three timings that);
 * then a model swap (good, broken, good) in the middle of a steady load, and a soak at that rate
 * with the server's memory sampled from /metrics. Progress on stderr; one JSON object on stdout
 * at the end, its `summary` holding the headline figures.
 *
 * The history-only figures of `summary` (ML-100K; null when the model answers no stranger's history):
 * - `historyP50OverheadMs`: p50 of the paced run at `--rate` minus the in-process p50 of embed +
 *   search (what HTTP, validation, batching and JSON add over the model's own work);
 * - `historyP50OverheadOverSearchMs`: the same p50 minus the raw index search p50 alone (the
 *   reading comparable with user-items' `p50OverheadMs`, whose query vector is cached);
 * - `historyP50Ms`, `historyP99Ms`, `historyRps`, `historyErrors`: the paced run;
 * - `historyRawEmbedAndSearchP50Ms`, `historyEmbedP50Ms`, `historyRawSearchP50Ms`: in-process p50s.
 *
 *   pnpm bench:serving [--duration 10] [--connections 16] [--rate 1000] [--soak-seconds 600]
 *                      [--swap-seconds 30] [--skip-synthetic] [--synthetic-items 1000000] [--out FILE]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { backendName } from '@twotower/runtime';
import { loadServingModel } from '@twotower/server';
import { runLoad, type LoadResult } from './load';
import { runPaced } from './paced';
import { writeSyntheticArtifact } from '@twotower/training/test';
import { bodyOf, ENDPOINTS, pathOf, queryMix, rawSearch, round } from './queries';
import { rawHistorySearch, type RawHistoryTimes } from './history-mix';
import { BIN, serverMemory, startServer, stopServer } from './server-process';
import { readFlags } from './flag-reader';

const REPO = resolve(__dirname, '../../..');
const log = (line: string) => process.stderr.write(`[bench:serving] ${line}\n`);

interface Flags {
  model: string;
  data: string;
  synthetic: string;
  syntheticItems: number;
  duration: number;
  latencySeconds: number;
  connections: number;
  rate: number;
  soakSeconds: number;
  swapSeconds: number;
  skipSynthetic: boolean;
  out?: string;
}

function parseFlags(argv: string[]): Flags {
  const f: Flags = {
    model: join(REPO, 'models/ml-100k'),
    data: process.env['ML100K_DIR'] ?? resolve(REPO, '../shared/data/ml-100k'),
    synthetic: join(REPO, 'models/synthetic-1m'),
    syntheticItems: 1_000_000,
    duration: 10,
    latencySeconds: 5,
    connections: 16,
    rate: 1000,
    soakSeconds: 600,
    swapSeconds: 30,
    skipSynthetic: false,
  };
  readFlags(argv, (a, v) => {
    switch (a) {
      case '--model': f.model = resolve(v.string()); break;
      case '--data': f.data = resolve(v.string()); break;
      case '--synthetic': f.synthetic = resolve(v.string()); break;
      case '--synthetic-items': f.syntheticItems = v.number(); break;
      case '--duration': f.duration = v.number(); break;
      case '--latency-seconds': f.latencySeconds = v.number(); break;
      case '--connections': f.connections = v.number(); break;
      case '--rate': f.rate = v.number(); break;
      case '--soak-seconds': f.soakSeconds = v.number(); break;
      case '--swap-seconds': f.swapSeconds = v.number(); break;
      case '--skip-synthetic': f.skipSynthetic = true; break;
      case '--out': f.out = resolve(v.string()); break;
      default: return false;
    }
    return true;
  });
  return f;
}

// ---------- artifacts ----------

function ensureMl100k(f: Flags): void {
  if (existsSync(join(f.model, 'manifest.json'))) return;
  if (!existsSync(join(f.data, 'u.data'))) throw new Error(`no model at ${f.model} and no ML-100K data at ${f.data}: set --data or ML100K_DIR`);
  log(`training ${f.model} (no model there yet)`);
  const r = spawnSync(process.execPath, [join(REPO, 'apps/trainer/bin/twotower-train.js'), '--data', f.data, '--out', f.model, '--epochs', '3'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`twotower-train exited with ${r.status}`);
}

async function ensureSynthetic(f: Flags): Promise<Record<string, number> | null> {
  const mf = join(f.synthetic, 'manifest.json');
  if (existsSync(mf)) {
    const m = JSON.parse(readFileSync(mf, 'utf8')) as { data?: { items?: number } };
    if (m.data?.items === f.syntheticItems) return null;
  }
  log(`writing the synthetic ${f.syntheticItems}-item artifact to ${f.synthetic}`);
  return writeSyntheticArtifact(f.synthetic, { items: f.syntheticItems, log });
}

// ---------- phases ----------

interface EndpointFigures {
  rawSearch: { p50Ms: number; p99Ms: number; meanMs: number } | null;
  /** One connection, sequential requests: the latency of a request on an idle server. */
  sequential: LoadResult;
  /** `connections` connections as fast as possible: throughput. */
  saturated: LoadResult;
  /** Server p50 (sequential) minus raw search p50. */
  p50OverheadMs: number | null;
}

async function benchArtifact(name: string, dir: string, f: Flags): Promise<Record<string, unknown>> {
  log(`${name}: loading ${dir} in this process for the raw index search times`);
  const t0 = performance.now();
  const model = await loadServingModel(dir);
  const loadSeconds = round((performance.now() - t0) / 1000);
  const backend = backendName();
  const mix = queryMix(model);
  const raw = rawSearch(model, mix);
  const rawHistory = rawHistorySearch(model, mix.histories);
  const summary = model.summary;
  model.dispose();
  log(`${name}: raw search ${JSON.stringify(raw)}`);
  log(`${name}: history-only in process ${JSON.stringify(rawHistory)}`);

  const server = await startServer(dir);
  log(`${name}: server ready in ${server.startSeconds} s at ${server.url}`);
  const endpoints: Record<string, EndpointFigures> = {};
  for (const e of ENDPOINTS) {
    if (e === 'user-items:history' && mix.histories.length === 0) continue;
    const body = bodyOf(e, mix);
    const sequential = await runLoad({ url: server.url, path: pathOf(e), body, connections: 1, seconds: f.latencySeconds });
    const saturated = await runLoad({ url: server.url, path: pathOf(e), body, connections: f.connections, seconds: f.duration });
    const r = (e === 'user-items:history' ? rawHistory?.embedAndSearch : raw[e]) ?? null;
    endpoints[e] = { rawSearch: r, sequential, saturated, p50OverheadMs: r ? round(sequential.p50Ms - r.p50Ms) : null };
    log(`${name} ${e}: sequential p50 ${sequential.p50Ms} ms (raw ${r?.p50Ms ?? '-'}), saturated ${saturated.rps} req/s p50 ${saturated.p50Ms} p99 ${saturated.p99Ms} ms, errors ${sequential.errors + saturated.errors}`);
  }
  const atRate = await runPaced({ url: server.url, path: pathOf('user-items'), body: bodyOf('user-items', mix), rate: f.rate, seconds: f.duration });
  log(`${name} user-items at a steady ${f.rate} req/s: ${atRate.rps} req/s p50 ${atRate.p50Ms} p99 ${atRate.p99Ms} ms errors ${atRate.errors}`);
  const burst = await runLoad({ url: server.url, path: pathOf('user-items'), body: bodyOf('user-items', mix), connections: f.connections, seconds: f.duration, rate: f.rate });
  log(`${name} user-items at ${f.rate} req/s autocannon-paced (a burst each second): p50 ${burst.p50Ms} p99 ${burst.p99Ms} ms errors ${burst.errors}`);
  const historyAtRate = rawHistory ? await pacedHistory(name, server.url, mix, rawHistory, f) : null;
  const memory = await serverMemory(server.url);
  const stop = await stopServer(server);
  return {
    artifact: dir,
    model: { items: summary.items, users: summary.users, queryRows: summary.queryRows, indexes: summary.indexes, loadSecondsInProcess: loadSeconds, tfjsBackendInProcess: backend },
    serverStartSeconds: server.startSeconds,
    endpoints,
    /** Steady open-loop 1,000 req/s (bench/paced.ts), latency from each request's due time. */
    userItemsAtRate: { rate: f.rate, generator: 'open-loop, steady (bench/paced.ts)', ...atRate, p50OverheadMs: raw['user-items'] ? round(atRate.p50Ms - raw['user-items'].p50Ms) : null },
    /** The same rate through autocannon's overallRate: each connection's quota sent back to back at the start of every second. */
    userItemsAtRateAutocannon: { rate: f.rate, connections: f.connections, ...burst },
    /** The history-only mix at a steady `--rate` (null: the model answers a stranger's history neither way). */
    historyAtRate,
    serverMemory: memory,
    shutdown: stop,
  };
}

/** The history-only mix at a steady `rate`, open loop, and its p50 overheads over the in-process times. */
async function pacedHistory(name: string, url: string, mix: ReturnType<typeof queryMix>, raw: RawHistoryTimes, f: Flags): Promise<Record<string, unknown>> {
  const r = await runPaced({ url, path: pathOf('user-items:history'), body: bodyOf('user-items:history', mix), rate: f.rate, seconds: f.duration });
  const overhead = round(r.p50Ms - raw.embedAndSearch.p50Ms);
  const overSearch = round(r.p50Ms - raw.search.p50Ms);
  log(`${name} user-items:history at a steady ${f.rate} req/s: ${r.rps} req/s p50 ${r.p50Ms} p99 ${r.p99Ms} ms errors ${r.errors}; in process embed+search p50 ${raw.embedAndSearch.p50Ms} (embed ${raw.embed.p50Ms}, search ${raw.search.p50Ms}) ms: overhead ${overhead} ms over embed+search, ${overSearch} ms over the search`);
  return {
    rate: f.rate,
    generator: 'open-loop, steady (bench/paced.ts)',
    query: "user-items, a user the model never saw, history: 10-30 of a real user's training items, k 10",
    ...r,
    raw,
    /** Paced p50 minus the in-process p50 of resolve + embed + index search (what the server adds over the model's own work). */
    p50OverheadMs: overhead,
    /** Paced p50 minus the in-process p50 of the index search alone (as user-items' p50OverheadMs, whose vector is cached). */
    p50OverheadOverSearchMs: overSearch,
  };
}

/** A copy of the artifact whose manifest differs (so it has another version), and a corrupted copy, both in a new temporary folder `root`. */
function swapTargets(dir: string): { root: string; copy: string; broken: string } {
  const root = mkdtempSync(join(tmpdir(), 'tt-bench-swap-'));
  const copy = join(root, 'copy');
  cpSync(dir, copy, { recursive: true });
  const mf = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(mf, 'utf8'));
  manifest.benchCopy = { of: dir, at: new Date().toISOString() };
  writeFileSync(mf, JSON.stringify(manifest));
  const broken = join(root, 'broken');
  cpSync(dir, broken, { recursive: true });
  const w = join(broken, 'two-tower.bin');
  const b = readFileSync(w);
  b[100] = b[100]! ^ 0xff;
  writeFileSync(w, b);
  return { root, copy, broken };
}

/** Reloads to a copy, a corrupted copy and back under paced load; the two copies are removed when it ends. */
async function benchSwap(dir: string, f: Flags): Promise<Record<string, unknown>> {
  const { root, copy, broken } = swapTargets(dir);
  try {
    return await swapUnderLoad(dir, copy, broken, f);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function swapUnderLoad(dir: string, copy: string, broken: string, f: Flags): Promise<Record<string, unknown>> {
  const model = await loadServingModel(dir);
  const mix = queryMix(model);
  model.dispose();
  const server = await startServer(dir);
  const reloads: Array<{ atSecond: number; target: string; status: number; seconds: number; version?: string; code?: string }> = [];
  const pending: Promise<void>[] = [];
  const reload = (atSecond: number, target: string, label: string) => {
    const t0 = performance.now();
    pending.push(
      fetch(`${server.url}/admin/reload`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: target }) }).then(async (r) => {
        const j = (await r.json()) as { version?: string; error?: { code: string } };
        reloads.push({ atSecond, target: label, status: r.status, seconds: round((performance.now() - t0) / 1000), ...(j.version ? { version: j.version } : {}), ...(j.error ? { code: j.error.code } : {}) });
      }),
    );
  };
  const s = f.swapSeconds;
  const at = [Math.max(1, Math.round(s / 4)), Math.max(2, Math.round(s / 2)), Math.max(3, Math.round((3 * s) / 4))];
  const load = await runPaced({
    url: server.url,
    path: pathOf('user-items'),
    body: bodyOf('user-items', mix),
    seconds: s,
    rate: f.rate,
    onSecond: (sec) => {
      if (sec === at[0]) reload(sec, copy, 'copy (new version)');
      if (sec === at[1]) reload(sec, broken, 'corrupted copy (must be refused)');
      if (sec === at[2]) reload(sec, dir, 'original');
    },
  });
  await Promise.all(pending);
  const finalVersion = ((await (await fetch(`${server.url}/v1/model`)).json()) as { summary: { version: string } }).summary.version;
  const stop = await stopServer(server);
  log(`swap: ${load.errors} failed of ${load.requests}; reloads ${JSON.stringify(reloads)}`);
  return { rate: f.rate, seconds: s, load, reloads, finalVersion, shutdown: stop };
}

async function benchSoak(dir: string, f: Flags): Promise<Record<string, unknown>> {
  const model = await loadServingModel(dir);
  const mix = queryMix(model);
  model.dispose();
  const server = await startServer(dir);
  const samples: Array<{ second: number; rssMB: number; heapUsedMB: number; eventLoopLagP99Ms: number }> = [];
  const every = Math.max(1, Math.min(10, Math.floor(f.soakSeconds / 10)));
  const load = await runPaced({
    url: server.url,
    path: pathOf('user-items'),
    body: bodyOf('user-items', mix),
    seconds: f.soakSeconds,
    rate: f.rate,
    onSecond: (sec) => {
      if (sec % every === 0) void serverMemory(server.url).then((m) => samples.push({ second: sec, ...m }));
    },
  });
  await new Promise((r) => setTimeout(r, 200));
  const stop = await stopServer(server);
  samples.sort((a, b) => a.second - b.second);
  const rss = samples.map((x) => x.rssMB);
  const heap = samples.map((x) => x.heapUsedMB);
  const warm = samples.filter((x) => x.second >= Math.min(60, f.soakSeconds / 4));
  const memory = {
    sampleEverySeconds: every,
    rssFirstMB: rss[0],
    rssLastMB: rss[rss.length - 1],
    rssMaxMB: Math.max(...rss),
    heapUsedFirstMB: heap[0],
    heapUsedLastMB: heap[heap.length - 1],
    heapUsedMaxMB: Math.max(...heap),
    /** RSS change from the first sample after warm-up (60 s, or a quarter of the soak) to the last. */
    rssDriftAfterWarmupMB: warm.length ? round(warm[warm.length - 1]!.rssMB - warm[0]!.rssMB, 1) : null,
  };
  log(`soak: ${load.requests} requests, ${load.errors} errors, p50 ${load.p50Ms} p99 ${load.p99Ms} ms, memory ${JSON.stringify(memory)}`);
  return { rate: f.rate, seconds: f.soakSeconds, load, memory, samples, shutdown: stop };
}

async function main(): Promise<void> {
  const f = parseFlags(process.argv.slice(2));
  if (!existsSync(BIN.replace('bin/twotower-serve.js', 'dist/main.js'))) throw new Error('apps/serving is not built: run pnpm --filter @twotower/serving... build');
  const machine = { cpus: cpus().length, loadavgStart: loadavg().map((x) => round(x, 2)), node: process.version };
  ensureMl100k(f);
  const syntheticBuild = f.skipSynthetic ? null : await ensureSynthetic(f);
  const ml100k = await benchArtifact('ml-100k', f.model, f);
  const synthetic = f.skipSynthetic ? null : await benchArtifact(`synthetic-${f.syntheticItems}`, f.synthetic, f);
  const swap = await benchSwap(f.model, f);
  const soak = f.soakSeconds > 0 ? await benchSoak(f.model, f) : null;
  const atRate = ml100k['userItemsAtRate'] as LoadResult & { p50OverheadMs: number | null };
  const history = ml100k['historyAtRate'] as (LoadResult & { raw: RawHistoryTimes; p50OverheadMs: number; p50OverheadOverSearchMs: number }) | null;
  const result = {
    benchmark: 'serving',
    machine: { ...machine, loadavgEnd: loadavg().map((x) => round(x, 2)) },
    settings: { duration: f.duration, latencySeconds: f.latencySeconds, connections: f.connections, rate: f.rate, soakSeconds: f.soakSeconds, swapSeconds: f.swapSeconds },
    syntheticBuildSeconds: syntheticBuild,
    ml100k,
    synthetic,
    swap,
    soak,
    targets: { p50OverheadMs: '<= 2', historyP50OverheadMs: '<= 2', userItemsRps: `>= ${f.rate} (paced at ${f.rate})`, userItemsP99Ms: '<= 20', soakErrors: 0, swapFailedRequests: 0 },
    summary: {
      /** user-items on ML-100K at the target rate: server p50 minus raw index search p50. */
      p50OverheadMs: atRate.p50OverheadMs,
      userItemsRps: atRate.rps,
      userItemsP99Ms: atRate.p99Ms,
      userItemsMaxRps: ((ml100k['endpoints'] as Record<string, EndpointFigures>)['user-items']!).saturated.rps,
      /** user-users / item-users (one row per user, the default) at `connections` connections. */
      userUsersMaxRps: ((ml100k['endpoints'] as Record<string, EndpointFigures>)['user-users']!).saturated.rps,
      itemUsersMaxRps: ((ml100k['endpoints'] as Record<string, EndpointFigures>)['item-users']!).saturated.rps,
      userItemsP99MsAutocannonBurst: (ml100k['userItemsAtRateAutocannon'] as LoadResult).p99Ms,
      soakErrors: soak ? (soak['load'] as LoadResult).errors : null,
      soakSeconds: soak ? f.soakSeconds : 0,
      soakRssDriftMB: soak ? (soak['memory'] as { rssDriftAfterWarmupMB: number | null }).rssDriftAfterWarmupMB : null,
      swapFailedRequests: (swap['load'] as LoadResult).errors,
      /** History-only user-items on ML-100K at the target rate (see the header): paced p50 minus in-process embed + search p50. */
      historyP50OverheadMs: history?.p50OverheadMs ?? null,
      /** The same p50 minus the raw index search p50 alone. */
      historyP50OverheadOverSearchMs: history?.p50OverheadOverSearchMs ?? null,
      historyP50Ms: history?.p50Ms ?? null,
      historyP99Ms: history?.p99Ms ?? null,
      historyRps: history?.rps ?? null,
      historyErrors: history?.errors ?? null,
      historyRawEmbedAndSearchP50Ms: history?.raw.embedAndSearch.p50Ms ?? null,
      historyEmbedP50Ms: history?.raw.embed.p50Ms ?? null,
      historyRawSearchP50Ms: history?.raw.search.p50Ms ?? null,
    },
  };
  const json = JSON.stringify(result, null, 2);
  if (f.out) writeFileSync(f.out, json + '\n');
  process.stdout.write(json + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`[bench:serving] failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
