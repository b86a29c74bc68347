import type { FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { IndexPolicy } from '@twotower/index';
import { loadServingModel, type LoadModelOptions, type ServingModel } from './model/serving-model';
import { batchPlugin } from './plugins/batch';
import { errorsPlugin } from './plugins/errors';
import { jsonBodyPlugin } from './plugins/json-body';
import { metricsPlugin } from './plugins/metrics';
import { modelPlugin } from './plugins/model';
import type { DatabaseOptions } from './database/database-store';
import { DEFAULT_DEFAULTS, type RecommendDefaults } from './recommend/defaults';
import { ADMIN_TOKEN_ENV, adminRoutes } from './routes/admin';
import { healthRoutes } from './routes/health';
import { modelRoutes } from './routes/model';
import { rankRoutes } from './routes/rank';
import { recommendRoutes } from './routes/recommend';
import { segmentRoutes } from './routes/segments';
import { DEFAULT_LIMITS, type RequestLimits } from './schemas';

/** Options of the {@link twotower} plugin. */
export interface TwotowerOptions {
  /** Model directory (an artifact written by twotower-train) to load and serve. Required unless `model` is given. */
  modelDir?: string;
  /** A model already loaded with {@link loadServingModel}; the server owns it from now on (and disposes it). Default: load `modelDir`. */
  model?: ServingModel;
  /** Loads a model directory (initial load and reloads). Default: {@link loadServingModel} with `indexes`. */
  load?: (dir: string) => Promise<ServingModel>;
  /**
   * Index policies for the item embeddings, the per-interaction query embeddings and the per-user
   * query vectors (user2user and item2user by default). Default: exact below 100,000 rows, FAISS
   * IVF above (when faiss-node loads).
   */
  indexes?: { items?: IndexPolicy; queries?: IndexPolicy; users?: IndexPolicy };
  /**
   * Serve from PostgreSQL + pgvector, where `twotower-train publish` wrote the model: user state,
   * indexes and added items are read from (and new items written to) the database, so that
   * replicas on one database answer alike; `indexes` does not apply. Default: serve from memory.
   */
  database?: DatabaseOptions;
  /** Request bounds (400 naming the field beyond them). Defaults: maxK 100, maxBatch 64, maxExclude 1,000, maxRankItems 1,000, maxRerankCandidates 500. */
  limits?: Partial<RequestLimits>;
  /** Defaults of the endpoints: k 10, coldStart 'popularity', rerankCandidates 50. */
  defaults?: Partial<RecommendDefaults>;
  /** Bearer token of `POST /admin/reload`. Default: `process.env.TWOTOWER_ADMIN_TOKEN`; empty or unset disables the endpoint (403). */
  adminToken?: string;
  /** One JSON log line per answered request (method, url, status, ms, model version) when a logger is on. Default true. */
  logRequests?: boolean;
  /** Collect process metrics (memory, CPU, event-loop lag) into `/metrics`. Default true. */
  processMetrics?: boolean;
}

/** Options of {@link createServer}: the plugin's, and the Fastify instance's logger, body limit, connection limits, CORS and security headers. */
export interface ServerOptions extends TwotowerOptions {
  /** Largest request body in bytes (413 beyond). Default 262,144 (256 KiB). */
  bodyLimit?: number;
  /**
   * Milliseconds a request has to arrive whole, headers and body (408 REQUEST_TIMEOUT and the
   * connection closed beyond; checked every second at most): a stalled or trickled body cannot
   * hold a connection. 0 = no limit (Node's 60 s for the headers only). Default 10,000.
   */
  requestTimeout?: number;
  /** Milliseconds an idle kept-alive connection stays open (keep it above a load balancer's idle timeout). Default 72,000. */
  keepAliveTimeout?: number;
  /** Most connections open at once; connections beyond are closed as soon as accepted. 0 = no cap. Default 1,000. */
  maxConnections?: number;
  /** Origins browsers may call the API from (`@fastify/cors`; `'*'` = any). Default none: CORS off. */
  corsOrigins?: string[];
  /** Security headers on every answer ([helmet](https://helmetjs.github.io): `Content-Security-Policy: default-src 'none'`, `X-Content-Type-Options: nosniff`, ...). Default true. */
  securityHeaders?: boolean;
  /** Fastify's logger: `false` (silent), `true` or pino options (JSON lines on stdout). Default false. */
  logger?: FastifyServerOptions['logger'];
}

/** The model loader the options ask for: `load`, or {@link loadServingModel} with `indexes`, logging to `log`. */
export function modelLoader(options: TwotowerOptions, log: LoadModelOptions['log']): (dir: string) => Promise<ServingModel> {
  if (options.load) return options.load;
  const loadOptions: LoadModelOptions = {
    ...(options.indexes?.items ? { items: options.indexes.items } : {}),
    ...(options.indexes?.queries ? { queries: options.indexes.queries } : {}),
    ...(options.indexes?.users ? { users: options.indexes.users } : {}),
    ...(options.database ? { database: options.database } : {}),
    ...(log ? { log } : {}),
  };
  return (dir: string) => loadServingModel(dir, loadOptions);
}

/**
 * The whole server as one Fastify plugin: the shared parts (error mapping, metrics, the model
 * holder with its reload, batch handling), then one route plugin per endpoint family. Its
 * decorations (`twotower`, `servingMetrics`, `answerQueries`) and error handlers apply to the
 * instance it is registered on. Loading `modelDir` inside the plugin counts against Fastify's
 * `pluginTimeout`: pass a loaded `model` (as {@link createServer} does) for large models.
 */
export const twotower = fp<TwotowerOptions>(
  async (app, options) => {
    const load = modelLoader(options, (message, fields) => app.log.info(fields ?? {}, message));
    let model = options.model;
    if (model === undefined) {
      if (options.modelDir === undefined) throw new Error('createServer needs modelDir (a model directory written by twotower-train) or a loaded model');
      model = await load(options.modelDir);
    }
    const limits: RequestLimits = { ...DEFAULT_LIMITS, ...options.limits };
    const defaults: RecommendDefaults = { ...DEFAULT_DEFAULTS, ...options.defaults };
    await app.register(errorsPlugin);
    await app.register(jsonBodyPlugin);
    await app.register(metricsPlugin, { processMetrics: options.processMetrics ?? true, logRequests: options.logRequests ?? true });
    await app.register(modelPlugin, { model, load, limits, defaults, ...(options.modelDir !== undefined ? { modelDir: options.modelDir } : {}) });
    await app.register(batchPlugin);
    await app.register(recommendRoutes);
    await app.register(rankRoutes);
    await app.register(healthRoutes);
    await app.register(modelRoutes);
    await app.register(segmentRoutes);
    await app.register(adminRoutes, { adminToken: options.adminToken ?? process.env[ADMIN_TOKEN_ENV] ?? '' });
  },
  { name: 'twotower', fastify: '5.x' },
);
