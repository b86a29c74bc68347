/**
 * `pnpm bench:pgvector [--rows N] [--queries N] [--database URL] [--hnsw-m 16,32] [--exact-queries N]`
 *
 * pgvector beside FAISS and the exact index on the same seeded clustered vectors (N × 32, default
 * 1,000,000; 1,000 queries from the same mixture): recall@10 against the in-memory exact index,
 * single-query QPS (sequential, one connection), batch QPS (batches of 64, sequential) and
 * concurrent QPS (single queries, 8 in flight over a pool of 8), COPY load time, index build time
 * and table / index size. pgvector: HNSW m 16 and 32 (ef_construction 64) at ef_search 40, 80, 120,
 * 200; IVFFlat with lists N/1000 and sqrt(N) at probes 1, 5, 10, 20, 40; no index (exact, on
 * --exact-queries queries). FAISS (in process): IVF1024,Flat at nprobe 1, 8, 32, 64, and Flat.
 * HNSW is built with maintenance_work_mem 3GB (the m 32 graph of 1M × 32 needs more than the test
 * cluster's 1GB) and 2 parallel workers. Starts its own PostgreSQL with @twotower/pg-test unless --database is given (tables then go to
 * a schema bench_pgvector, dropped at the end). Progress on stderr; one JSON object on stdout.
 */
import { BruteForceIndex, clusteredVectors, FaissIndex, faissStatus } from '@twotower/index';
import { isSkip, startTestCluster, type TestCluster } from '@twotower/pg-test';
import type { Pool } from 'pg';
import { createPool, PgVectorIndex, redactUrl, type PgIndexSpec } from '../src/index';
import { batchedQps, concurrentQps, log, recallOf, round, seconds, sequentialQps } from './measure';

function parseArgs(argv: string[]) {
  const args = { rows: 1_000_000, queries: 1000, database: undefined as string | undefined, hnswM: [16, 32], exactQueries: 50, maintenanceWorkMem: '3GB', parallelWorkers: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => argv[++i] ?? '';
    if (a === '--rows') args.rows = Number(next());
    else if (a === '--queries') args.queries = Number(next());
    else if (a === '--database') args.database = next();
    else if (a === '--hnsw-m') args.hnswM = next().split(',').map(Number);
    else if (a === '--exact-queries') args.exactQueries = Number(next());
    else if (a === '--maintenance-work-mem') args.maintenanceWorkMem = next();
    else if (a === '--parallel-workers') args.parallelWorkers = Number(next());
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: pnpm bench:pgvector [--rows N] [--queries N] [--database URL] [--hnsw-m 16,32] [--exact-queries N] [--maintenance-work-mem 3GB] [--parallel-workers 2]\n');
      process.exit(0);
    } else if (a !== '--') throw new Error(`unknown argument ${a}; see --help`);
  }
  return args;
}

const DIM = 32;
const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { rows: n, queries: nq } = args;
  let cluster: TestCluster | undefined;
  let url = args.database;
  if (!url) {
    const started = await startTestCluster();
    if (isSkip(started)) throw new Error(`cannot start PostgreSQL: ${started.skip} (or pass --database URL)`);
    cluster = started;
    url = started.primary;
  }
  const schema = args.database ? 'bench_pgvector' : 'public';
  const admin = createPool(url, { max: 2, statementTimeoutMillis: 0 });
  admin.on('connect', (client) => client.on('notice', (notice) => log(`server notice: ${notice.message ?? ''}`)));
  const out: Record<string, unknown> = { dataset: { rows: n, dim: DIM, queries: nq, clusters: 1000, spread: 0.5, seed: 1 }, database: redactUrl(url) };
  try {
    if (args.database) await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const version = (await admin.query<{ v: string }>("SELECT current_setting('server_version') || ' / pgvector ' || coalesce((SELECT extversion FROM pg_extension WHERE extname = 'vector'), (SELECT default_version FROM pg_available_extensions WHERE name = 'vector')) AS v")).rows[0]!.v;
    out.server = { version, maintenanceWorkMem: args.maintenanceWorkMem, parallelWorkers: args.parallelWorkers };

    log(`data: ${n} × ${DIM} clustered vectors and ${nq} queries`);
    const all = clusteredVectors({ n: n + nq, dim: DIM, clusters: 1000, spread: 0.5, seed: 1 });
    const vectors = all.subarray(0, n * DIM);
    const queries = all.slice(n * DIM);
    const ids = Array.from({ length: n }, (_, i) => i);

    // Ground truth and the in-memory sides.
    const exact = new BruteForceIndex({ dim: DIM, metric: 'ip', initialCapacity: n });
    exact.add(ids, vectors);
    const truthRun = await batchedQps((q, k) => exact.search(q, k), queries, DIM);
    const truthResults = truthRun.results;
    const truth: Array<Set<unknown>> = [];
    for (const r of truthResults) for (let q = 0; q < r.queries; q++) truth.push(new Set(r.ids(q)));
    const memory: Array<Record<string, unknown>> = [];
    memory.push({ name: 'exact (BruteForceIndex)', recallAt10: 1, singleQps: round(await sequentialQps((q, k) => exact.search(q, k), queries, DIM, 100), 1), batchQps: round(truthRun.qps, 1) });
    log(`exact in memory: ${JSON.stringify(memory.at(-1))}`);
    const faiss = faissStatus();
    if (faiss.available) {
      const t0 = performance.now();
      const ivf = new FaissIndex({ dim: DIM, metric: 'ip', factory: 'IVF1024,Flat' });
      ivf.add(ids, vectors);
      const build = seconds(t0);
      for (const nprobe of [1, 8, 32, 64]) {
        const search = (q: Float32Array, k: number) => ivf.search(q, k, { params: { nprobe } });
        const batch = await batchedQps(search, queries, DIM);
        memory.push({ name: 'faiss IVF1024,Flat', nprobe, buildSeconds: round(build, 1), recallAt10: round(recallOf(batch.results, truth)), singleQps: round(await sequentialQps(search, queries, DIM), 1), batchQps: round(batch.qps, 1) });
        log(`faiss: ${JSON.stringify(memory.at(-1))}`);
      }
      const flat = new FaissIndex({ dim: DIM, metric: 'ip', factory: 'Flat' });
      flat.add(ids, vectors);
      const flatBatch = await batchedQps((q, k) => flat.search(q, k), queries, DIM);
      memory.push({ name: 'faiss Flat', recallAt10: round(recallOf(flatBatch.results, truth)), singleQps: round(await sequentialQps((q, k) => flat.search(q, k), queries, DIM, 200), 1), batchQps: round(flatBatch.qps, 1) });
      log(`faiss: ${JSON.stringify(memory.at(-1))}`);
    } else memory.push({ name: 'faiss', skipped: faiss.reason });
    out.inMemory = memory;

    // pgvector: one table per index configuration, each loaded by COPY.
    const lists = [Math.max(1, Math.round(n / 1000)), Math.max(1, Math.round(Math.sqrt(n)))];
    const configs: Array<{ spec: PgIndexSpec; sweep: Array<{ efSearch?: number; probes?: number }> }> = [
      ...args.hnswM.map((m) => ({ spec: { kind: 'hnsw', m, efConstruction: 64 } as PgIndexSpec, sweep: [40, 80, 120, 200].map((efSearch) => ({ efSearch })) })),
      ...[...new Set(lists)].map((l) => ({ spec: { kind: 'ivfflat', lists: l } as PgIndexSpec, sweep: [1, 5, 10, 20, 40].map((probes) => ({ probes })) })),
      { spec: { kind: 'exact' } as PgIndexSpec, sweep: [{}] },
    ];
    const pg: Array<Record<string, unknown>> = [];
    for (const [c, { spec, sweep }] of configs.entries()) {
      const table = `${schema}.bench_${spec.kind}_${c}`;
      await admin.query(`DROP TABLE IF EXISTS ${table}`);
      const index = await PgVectorIndex.create(admin, { table, dim: DIM, metric: 'ip', index: spec });
      let t0 = performance.now();
      await index.add(ids, vectors);
      const loadSeconds = seconds(t0);
      await admin.query(`VACUUM ANALYZE ${table}`);
      t0 = performance.now();
      await index.buildIndex({ maintenanceWorkMem: args.maintenanceWorkMem, parallelWorkers: args.parallelWorkers });
      const buildSeconds = seconds(t0);
      const sizes = (await admin.query<{ t: string; i: string; all: string }>(
        "SELECT pg_table_size($1::regclass) AS t, coalesce((SELECT sum(pg_relation_size(i.indexrelid)) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_am a ON a.oid = x.relam WHERE i.indrelid = $1::regclass AND a.amname IN ('hnsw', 'ivfflat')), 0) AS i, pg_total_relation_size($1::regclass) AS all",
        [table],
      )).rows[0]!;
      const base = { factory: (await index.info()).factory, loadSeconds: round(loadSeconds, 2), buildSeconds: round(buildSeconds, 1), tableMB: mb(Number(sizes.t)), annIndexMB: mb(Number(sizes.i)), totalMB: mb(Number(sizes.all)) };
      log(`pgvector ${base.factory}: load ${base.loadSeconds} s, build ${base.buildSeconds} s, table ${base.tableMB} MB, index ${base.annIndexMB} MB`);
      for (const params of sweep) {
        const pool: Pool = createPool(url, { max: 8, statementTimeoutMillis: 0, search: { efSearch: params.efSearch ?? 100, probes: params.probes ?? 10 } });
        try {
          const ix = index.withDb(pool);
          const search = (q: Float32Array, k: number) => ix.search(q, k);
          const subset = spec.kind === 'exact' ? queries.subarray(0, args.exactQueries * DIM) : queries;
          const batch = await batchedQps(search, subset, DIM);
          const single = await sequentialQps(search, subset, DIM);
          const concurrent = await concurrentQps(search, subset, DIM, 8);
          pg.push({ ...base, ...params, recallAt10: round(recallOf(batch.results, truth)), singleQps: round(single, 1), batchQps: round(batch.qps, 1), concurrentQps: round(concurrent, 1), ...(spec.kind === 'exact' ? { queriesMeasured: args.exactQueries } : {}) });
          log(`  ${JSON.stringify(params)}: ${JSON.stringify(pg.at(-1))}`);
        } finally {
          await pool.end();
        }
      }
      if (spec.kind === 'hnsw' && spec.m === args.hnswM[0]) {
        // The cost of naming parameters per call (SET LOCAL in a transaction: 4 round trips, not 1).
        const pool = createPool(url, { max: 1, statementTimeoutMillis: 0 });
        const ix = index.withDb(pool);
        const perCall = await sequentialQps((q: Float32Array, k: number) => ix.search(q, k, { params: { efSearch: 80 } }), queries, DIM, 300);
        await pool.end();
        out.perCallParams = { factory: base.factory, efSearch: 80, singleQps: round(perCall, 1), note: 'params named per call: BEGIN, set_config, SELECT, COMMIT' };
      }
      await admin.query(`DROP TABLE ${table}`);
    }
    out.pgvector = pg;
    const hnsw = pg.filter((r) => String(r.factory).startsWith('hnsw'));
    const best = hnsw.filter((r) => (r.recallAt10 as number) >= 0.95).sort((a, b) => (b.singleQps as number) - (a.singleQps as number))[0];
    out.target = { hnswRecallAt10AtLeast: 0.95, met: best !== undefined, fastestMeeting: best ?? null };
  } finally {
    if (args.database) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
    await cluster?.stop();
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`[bench:pgvector] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
