import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { ServingError, type ErrorBody } from './errors';
import { ServingMetrics } from './http/metrics';
import { openApiDocument } from './http/openapi';
import { requestSchemas, type RequestLimits } from './http/schemas';
import { ModelHolder } from './model/model-holder';
import { loadServingModel, type LoadModelOptions, type ServingModel } from './model/serving-model';
import type { IndexPolicy } from '@twotower/index';
import { itemItems } from './recommend/item-items';
import { itemUsers } from './recommend/item-users';
import { rank } from './recommend/rank';
import type { RecommendDefaults } from './recommend/types';
import { userItems } from './recommend/user-items';
import { userUsers } from './recommend/user-users';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION = (require('../package.json') as { version: string }).version;

/** Environment variable holding the admin token (admin endpoints are disabled without it). */
export const ADMIN_TOKEN_ENV = 'TWOTOWER_ADMIN_TOKEN';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Model directory (an artifact written by twotower-train) to load and serve. Required unless `model` is given. */
  modelDir?: string;
  /** A model already loaded with {@link loadServingModel}; the server owns it from now on (and disposes it). Default: load `modelDir`. */
  model?: ServingModel;
  /** Loads a model directory (initial load and reloads). Default: {@link loadServingModel} with `indexes`. */
  load?: (dir: string) => Promise<ServingModel>;
  /** Index policies for item and query embeddings. Default: exact below 100,000 rows, FAISS IVF above (when faiss-node loads). */
  indexes?: { items?: IndexPolicy; queries?: IndexPolicy };
  /** Request bounds (400 naming the field beyond them). Defaults: maxK 100, maxBatch 64, maxExclude 1,000, maxRankItems 1,000, maxRerankCandidates 500. */
  limits?: Partial<RequestLimits>;
  /** Defaults of the endpoints: k 10, coldStart 'popularity', rerankCandidates 50. */
  defaults?: Partial<RecommendDefaults>;
  /** Largest request body in bytes (413 beyond). Default 262,144 (256 KiB). */
  bodyLimit?: number;
  /** Bearer token of `POST /admin/reload`. Default: `process.env.TWOTOWER_ADMIN_TOKEN`; empty or unset disables the endpoint (403). */
  adminToken?: string;
  /** Fastify's logger: `false` (silent), `true` or pino options (JSON lines on stdout). Default false. */
  logger?: FastifyServerOptions['logger'];
  /** One JSON log line per answered request (method, url, status, ms, model version) when a logger is on. Default true. */
  logRequests?: boolean;
  /** Collect process metrics (memory, CPU, event-loop lag) into `/metrics`. Default true. */
  processMetrics?: boolean;
}

/** What the server exposes besides its routes (`app.twotower`). */
export interface ServingControl {
  /** The model holder (current model, leases). */
  readonly holder: ModelHolder<ServingModel>;
  readonly metrics: ServingMetrics;
  readonly limits: RequestLimits;
  readonly defaults: RecommendDefaults;
  /**
   * Loads `dir` (default: the directory served now), verifies it and swaps it in atomically;
   * requests in flight finish on the old model. A model that fails to load is refused
   * (`ServingError` 422 MODEL_REFUSED) and the old one keeps serving.
   */
  reload(dir?: string): Promise<ReloadResult>;
  /** True once `close()` has begun (readyz answers 503). */
  readonly closing: boolean;
}

/** The answer of a successful reload. */
export interface ReloadResult {
  version: string;
  previousVersion: string | null;
  dir: string;
  seconds: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    twotower: ServingControl;
  }
}

const DEFAULT_LIMITS: RequestLimits = { maxK: 100, maxBatch: 64, maxExclude: 1000, maxRankItems: 1000, maxRerankCandidates: 500 };
const DEFAULT_DEFAULTS: RecommendDefaults = { k: 10, coldStart: 'popularity', rerankCandidates: 50 };

interface AjvError {
  keyword: string;
  schemaPath?: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** 400 body naming the field at fault, from ajv's errors (the first one that is not an if/then wrapper). */
function validationBody(errors: AjvError[], context: string): ErrorBody {
  const e = errors.find((x) => x.keyword !== 'if') ?? errors[0];
  if (e === undefined) return new ServingError(400, 'BAD_REQUEST', `${context} is invalid`).toBody();
  let field = e.instancePath || '';
  let message = `${context}${e.instancePath} ${e.message ?? 'is invalid'}`;
  if (e.keyword === 'required' && typeof e.params['missingProperty'] === 'string') {
    field = `${field}/${e.params['missingProperty']}`;
    if (e.instancePath === '' && e.params['missingProperty'] !== 'queries') message += ' (or send a batch: {"queries": [...]})';
  } else if (e.keyword === 'additionalProperties' && typeof e.params['additionalProperty'] === 'string') {
    const name = e.params['additionalProperty'];
    field = `${field}/${name}`;
    message =
      e.instancePath === '' && e.schemaPath?.startsWith('#/then/')
        ? `${context} is a batch ("queries") but also has "${name}": a batch body holds only "queries"; put "${name}" inside each query`
        : `${context}${e.instancePath} has an unknown field "${name}": check its spelling (GET /openapi.json lists the fields)`;
  }
  return new ServingError(400, 'BAD_REQUEST', message, { field: field || '/' }).toBody();
}

function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

type Endpoint<Q, R> = (model: ServingModel, queries: readonly Q[], defaults: RecommendDefaults) => Array<R | ServingError>;

/**
 * Creates the HTTP server (Fastify) around a model: loads `modelDir` (verifying its checksums and
 * building its indexes) unless a `model` is given, registers every route, and returns the
 * instance **without listening** — tests call `app.inject`, `main.ts` calls `app.listen`.
 * `app.close()` finishes requests in flight, then disposes the model.
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const limits: RequestLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const defaults: RecommendDefaults = { ...DEFAULT_DEFAULTS, ...options.defaults };
  const adminToken = options.adminToken ?? process.env[ADMIN_TOKEN_ENV] ?? '';
  const logRequests = options.logRequests ?? true;
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 262_144,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  // JSON bodies only: anything else is answered 415 naming the content type
  app.removeContentTypeParser('text/plain');
  const metrics = new ServingMetrics({ processMetrics: options.processMetrics ?? true });
  const holder = new ModelHolder<ServingModel>();
  const loadOptions: LoadModelOptions = {
    ...(options.indexes?.items ? { items: options.indexes.items } : {}),
    ...(options.indexes?.queries ? { queries: options.indexes.queries } : {}),
    log: (message, fields) => app.log.info(fields ?? {}, message),
  };
  const load = options.load ?? ((dir: string) => loadServingModel(dir, loadOptions));

  let model = options.model;
  if (model === undefined) {
    if (options.modelDir === undefined) throw new Error('createServer needs modelDir (a model directory written by twotower-train) or a loaded model');
    model = await load(options.modelDir);
  }
  holder.swap(model);
  metrics.setModel(model);

  let closing = false;
  let reloading = false;
  const control: ServingControl = {
    holder,
    metrics,
    limits,
    defaults,
    get closing() {
      return closing;
    },
    async reload(dir?: string): Promise<ReloadResult> {
      if (closing) throw new ServingError(503, 'NOT_READY', 'the server is shutting down: nothing to reload');
      if (reloading) throw new ServingError(409, 'RELOAD_IN_PROGRESS', 'another reload is running: wait for it to finish, then retry');
      reloading = true;
      const t0 = performance.now();
      const prev = holder.current;
      const target = dir ?? prev?.dir ?? options.modelDir;
      try {
        if (target === undefined) throw new ServingError(400, 'BAD_REQUEST', 'no model directory to reload: pass {"model": "<dir>"}', { field: '/model' });
        let next: ServingModel;
        try {
          next = await load(target);
        } catch (e) {
          metrics.reloads.inc({ result: 'failure' });
          const reason = (e as Error).message;
          app.log.error({ dir: target, err: reason, keeps: prev?.version }, 'model reload refused');
          throw new ServingError(422, 'MODEL_REFUSED', `the model at ${target} was refused and version ${prev?.version ?? '(none)'} keeps serving: ${reason}`, { field: '/model' });
        }
        if (closing) {
          next.dispose();
          throw new ServingError(503, 'NOT_READY', 'the server began shutting down during the reload: the new model was discarded');
        }
        holder.swap(next);
        metrics.setModel(next);
        metrics.reloads.inc({ result: 'success' });
        const result: ReloadResult = { version: next.version, previousVersion: prev?.version ?? null, dir: next.dir, seconds: Math.round(performance.now() - t0) / 1000 };
        app.log.info(result, 'model swapped in');
        return result;
      } finally {
        reloading = false;
      }
    },
  };
  app.decorate('twotower', control);

  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onClose', async () => {
    await holder.close();
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const ms = reply.elapsedTime;
    metrics.observe(route, request.method, reply.statusCode, ms);
    if (logRequests) {
      request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(ms * 1000) / 1000, model: reply.getHeader('x-model-version') }, 'request');
    }
  });

  app.setErrorHandler((err: FastifyError | ServingError, request, reply) => {
    if (err instanceof ServingError) return reply.code(err.statusCode).send(err.toBody());
    const fe = err as FastifyError;
    if (fe.validation) return reply.code(400).send(validationBody(fe.validation as unknown as AjvError[], fe.validationContext ?? 'body'));
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send(new ServingError(413, 'BODY_TOO_LARGE', `the request body is larger than this server's limit of ${app.initialConfig.bodyLimit} bytes: send fewer queries per request`).toBody());
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send(new ServingError(415, 'UNSUPPORTED_MEDIA_TYPE', `content type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted: send JSON with "Content-Type: application/json"`).toBody());
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send(new ServingError(400, 'INVALID_JSON', 'the body is empty but the content type says JSON: send a JSON object such as {"user": "42", "k": 10}').toBody());
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return reply.code(400).send(new ServingError(400, 'INVALID_JSON', `the body is not valid JSON (${fe.message}): send a JSON object such as {"user": "42", "k": 10}`).toBody());
      default:
        break;
    }
    if (err instanceof SyntaxError || (fe.statusCode === 400 && /JSON/i.test(fe.message))) {
      return reply.code(400).send(new ServingError(400, 'INVALID_JSON', `the body is not valid JSON (${fe.message}): send a JSON object such as {"user": "42", "k": 10}`).toBody());
    }
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.code(fe.statusCode).send(new ServingError(fe.statusCode, 'BAD_REQUEST', fe.message).toBody());
    }
    request.log.error({ err }, 'unexpected error');
    return reply.code(500).send(new ServingError(500, 'INTERNAL', 'internal error while answering: the server log has the details (search for the request id)').toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(new ServingError(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}: GET /openapi.json lists the routes`).toBody());
  });

  /** Route handler of a POST endpoint: single query or batch, on the model current at its start. */
  function endpoint<Q, R>(route: string, fn: Endpoint<Q, R>) {
    return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
      const lease = holder.acquire();
      if (lease === undefined || closing) {
        lease?.release();
        throw new ServingError(503, 'NOT_READY', 'no model is being served (loading, or shutting down): retry shortly');
      }
      try {
        reply.header('x-model-version', lease.model.version);
        const body = request.body as Q | { queries: Q[] };
        if (typeof body === 'object' && body !== null && 'queries' in body) {
          const answers = fn(lease.model, body.queries, defaults);
          const results = answers.map((a, i) => {
            if (a instanceof ServingError) {
              metrics.queries.inc({ route, outcome: 'error' });
              const b = a.toBody();
              b.error.field = `/queries/${i}${a.field ?? ''}`;
              return b;
            }
            metrics.queries.inc({ route, outcome: (a as { coldStart?: boolean }).coldStart ? 'cold_start' : 'ok' });
            return a;
          });
          return { results };
        }
        const [answer] = fn(lease.model, [body as Q], defaults);
        if (answer instanceof ServingError) {
          metrics.queries.inc({ route, outcome: 'error' });
          throw answer;
        }
        metrics.queries.inc({ route, outcome: (answer as { coldStart?: boolean }).coldStart ? 'cold_start' : 'ok' });
        return answer;
      } finally {
        lease.release();
      }
    };
  }

  const schemas = requestSchemas(limits);
  app.post('/v1/recommend/user-items', { schema: { body: schemas.userItems } }, endpoint('/v1/recommend/user-items', userItems));
  app.post('/v1/recommend/item-items', { schema: { body: schemas.itemItems } }, endpoint('/v1/recommend/item-items', itemItems));
  app.post('/v1/recommend/user-users', { schema: { body: schemas.userUsers } }, endpoint('/v1/recommend/user-users', userUsers));
  app.post('/v1/recommend/item-users', { schema: { body: schemas.itemUsers } }, endpoint('/v1/recommend/item-users', itemUsers));
  app.post('/v1/rank', { schema: { body: schemas.rank } }, endpoint('/v1/rank', rank));

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const current = holder.current;
    if (closing || current === undefined) {
      return reply.code(503).send(new ServingError(503, 'NOT_READY', closing ? 'the server is shutting down' : 'no model loaded yet').toBody());
    }
    return { status: 'ready', model: current.version };
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  app.get('/v1/model', async (_request, reply) => {
    const current = holder.current;
    if (current === undefined) throw new ServingError(503, 'NOT_READY', 'no model loaded');
    reply.header('x-model-version', current.version);
    return { summary: current.summary, manifest: current.manifest };
  });
  const openapi = openApiDocument(limits, VERSION);
  app.get('/openapi.json', async () => openapi);

  app.post('/admin/reload', async (request) => {
    if (adminToken === '') {
      throw new ServingError(403, 'ADMIN_DISABLED', `admin endpoints are disabled: start the server with ${ADMIN_TOKEN_ENV} set to a secret token to enable them (or send SIGHUP to reload)`);
    }
    const auth = request.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m || !sameToken(m[1]!.trim(), adminToken)) {
      throw new ServingError(401, 'UNAUTHORIZED', `missing or wrong token: send "Authorization: Bearer <the server's ${ADMIN_TOKEN_ENV}>"`);
    }
    const body = request.body as unknown;
    let dir: string | undefined;
    if (body !== undefined && body !== null) {
      const model = typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['model'] : 0;
      const extra = typeof body === 'object' && body !== null ? Object.keys(body).filter((key) => key !== 'model') : [];
      if ((model !== undefined && (typeof model !== 'string' || model === '')) || extra.length > 0) {
        throw new ServingError(400, 'BAD_REQUEST', 'the reload body must be empty or {"model": "<model directory>"}', { field: extra.length > 0 ? `/${extra[0]}` : '/model' });
      }
      dir = model as string | undefined;
    }
    return control.reload(dir);
  });

  return app;
}
