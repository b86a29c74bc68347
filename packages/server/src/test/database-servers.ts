/**
 * Servers of the fixture models on a real throw-away PostgreSQL cluster (a primary and its
 * streaming hot standby, `@twotower/pg-test`), for the served-from-database tests: registers the
 * `beforeAll` that starts the cluster and publishes the models asked for, and the `afterAll` that
 * closes every server and stops it. Where the cluster cannot start, {@link DatabaseServers.itSkips}
 * tests say why and pass.
 */
import type { FastifyInstance } from 'fastify';
import { startTestCluster, type TestCluster } from '@twotower/pg-test';
import { createPool, publishModel } from '@twotower/pgvector';
import type { ItemItemRerankInfo, Recommender } from '@twotower/recommender';
import { tf } from '@twotower/runtime';
import { createServer } from '../create-server';
import { publishInput } from '../database/publish-input';
import { loadServingModel } from '../model/serving-model';
import { fakeRanker, modelA, modelB, modelH, modelN, modelU, plantedItemItemStage } from './fixtures';
import type { Json } from './server-under-test';

/** The fixture models a database test can publish: A, B (another seed), H (history input), N (named sets), U (history and user attributes). */
export type DatabaseModel = 'a' | 'b' | 'h' | 'n' | 'u';

const DIRS: Record<DatabaseModel, () => string> = { a: modelA, b: modelB, h: modelH, n: modelN, u: modelU };

/** Options of {@link DatabaseServers.serve}. */
export interface ServeOptions {
  /** Read from the cluster's standby. */
  standby?: boolean;
  statementTimeout?: number;
  /** Serve the model from memory instead (the answers to compare with). */
  memory?: boolean;
  /** The popularity lean's weight set at load. Default none. */
  lean?: number;
}

/** What {@link databaseServers} gives a test file. */
export interface DatabaseServers {
  /** The running cluster, or undefined when it could not start (see {@link skip}). */
  cluster(): TestCluster | undefined;
  /** Why the cluster could not start ('' when it did). */
  skip(): string;
  /** A server of a published model with the fake ranker, on the primary (or its standby), or in memory. */
  serve(model: DatabaseModel, options?: ServeOptions): Promise<FastifyInstance>;
  /** Model H with the planted item-item stage attached at load, no ranker, from `database` when given, else in memory. */
  serveWithStage(info: Pick<ItemItemRerankInfo, 'weight' | 'coldHistory'>, database?: { url: string; name: string }): Promise<FastifyInstance>;
  /** A test that says why and passes when the cluster could not start. */
  itSkips(name: string, fn: () => Promise<void>): void;
}

/**
 * Starts a cluster before the file's tests and publishes `published` (name → exact tables, or
 * undefined for the default HNSW index); closes the servers and stops it after them.
 */
export function databaseServers(published: Partial<Record<DatabaseModel, { kind: 'exact' } | undefined>>, token: string): DatabaseServers {
  let cluster: TestCluster | undefined;
  let skip = '';
  let baseTensors = 0;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    baseTensors = tf.memory().numTensors;
    const started = await startTestCluster();
    if ('skip' in started) {
      skip = started.skip;
      console.warn(`served-from-database tests skipped: ${skip}`);
      return;
    }
    cluster = started;
    const pool = createPool(cluster.primary);
    try {
      for (const [name, index] of Object.entries(published) as [DatabaseModel, { kind: 'exact' } | undefined][]) {
        const model = await loadServingModel(DIRS[name]());
        try {
          await publishModel(pool, publishInput(model), { name, ...(index ? { index } : {}) });
        } finally {
          model.dispose();
        }
      }
    } finally {
      await pool.end();
    }
    await cluster.waitForReplica();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await cluster?.stop();
    expect(tf.memory().numTensors).toBe(baseTensors);
  });
  const started = async (app: Promise<FastifyInstance>) => {
    const a = await app;
    apps.push(a);
    return a;
  };
  return {
    cluster: () => cluster,
    skip: () => skip,
    serve(model, options = {}) {
      const c = cluster!;
      const database = options.memory ? undefined : { url: c.primary, name: model, ...(options.standby ? { readUrl: c.replica } : {}), pool: { connectionTimeoutMillis: 2000, ...(options.statementTimeout ? { statementTimeoutMillis: options.statementTimeout } : {}) } };
      const prepare = (rec: Recommender) => {
        rec.models.setRanker(fakeRanker);
        if (options.lean) rec.models.setPopularityLean(options.lean);
      };
      return started(createServer({ modelDir: DIRS[model](), load: (dir) => loadServingModel(dir, { ...(database ? { database } : {}), prepare }), adminToken: token, processMetrics: false }));
    },
    serveWithStage(info, database) {
      const load = (dir: string) => loadServingModel(dir, { ...(database ? { database } : {}), prepare: (rec) => rec.models.setItemItem(plantedItemItemStage(rec.numItems, info)) });
      return started(createServer({ modelDir: modelH(), load, adminToken: token, processMetrics: false }));
    },
    itSkips: (name, fn) =>
      it(name, async () => {
        if (!cluster) return console.warn(`skipped "${name}": ${skip}`);
        await fn();
      }),
  };
}

export const post = async (app: FastifyInstance, url: string, payload: unknown, headers: Record<string, string> = {}) => {
  const r = await app.inject({ method: 'POST', url, payload: payload as Json, headers });
  return { status: r.statusCode, body: r.json() as Json };
};

export const get = async (app: FastifyInstance, url: string) => {
  const r = await app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() as Json };
};

/** Answers with scores rounded (float32 sums in another order) so that two servers' answers compare. */
export function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e4) / 1e4;
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}
