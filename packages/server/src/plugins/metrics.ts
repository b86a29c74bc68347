import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServingModel } from '../model/serving-model';

/** Options of {@link ServingMetrics}. */
export interface MetricsOptions {
  /** Also collect prom-client's process metrics (memory, CPU, event-loop lag, GC). Default true. */
  processMetrics?: boolean;
  /** Latency histogram buckets in seconds. Default 0.25 ms .. 2.5 s. */
  buckets?: number[];
}

/**
 * The server's Prometheus metrics, in a registry of its own (two servers in one process do not
 * share counters): requests by route, method and status; latency histograms by route; the model
 * being served; reloads by result.
 */
export class ServingMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'route' | 'method' | 'status'>;
  readonly latency: Histogram<'route'>;
  readonly model: Gauge<'version' | 'dataset' | 'created_at'>;
  readonly modelItems: Gauge;
  readonly modelUsers: Gauge;
  readonly modelAddedItems: Gauge;
  readonly reloads: Counter<'result'>;
  readonly queries: Counter<'route' | 'outcome'>;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'twotower_http_requests_total', help: 'HTTP requests answered, by route, method and status code.', labelNames: ['route', 'method', 'status'], registers });
    this.latency = new Histogram({
      name: 'twotower_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its answer, by route.',
      labelNames: ['route'],
      buckets: options.buckets ?? [0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.queries = new Counter({ name: 'twotower_queries_total', help: 'Queries answered (a batch request holds several), by route and outcome (ok, cold_start: popularity for an unknown user, history: embedded from the history given in the query, attributes: a new user embedded from the attributes given, error).', labelNames: ['route', 'outcome'], registers });
    this.model = new Gauge({ name: 'twotower_model_info', help: 'The model being served (value 1), labelled with its version (manifest hash), data set and creation time.', labelNames: ['version', 'dataset', 'created_at'], registers });
    this.modelItems = new Gauge({ name: 'twotower_model_items', help: 'Items in the served catalogue.', registers });
    this.modelUsers = new Gauge({ name: 'twotower_model_users', help: 'Users known to the served model.', registers });
    this.modelAddedItems = new Gauge({ name: 'twotower_model_added_items', help: 'Items added to the served model after training (POST /admin/items; a reload starts again from 0).', registers });
    this.reloads = new Counter({ name: 'twotower_model_reloads_total', help: 'Model reloads, by result (success, failure).', labelNames: ['result'], registers });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Records one answered request. */
  observe(route: string, method: string, status: number, ms: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.latency.observe({ route }, ms / 1000);
  }

  /** Marks `model` as the one being served. */
  setModel(model: ServingModel): void {
    this.model.reset();
    this.model.set({ version: model.version, dataset: model.manifest.data.name, created_at: model.manifest.createdAt }, 1);
    this.modelItems.set(model.recommender.numItems);
    this.modelUsers.set(model.recommender.numUsers);
    this.modelAddedItems.set(model.added.size);
  }
}

/**
 * A request URL as the request log writes it: the path, and of a query string (no endpoint takes
 * one) only that there was one — a token or other secret sent there is never logged.
 */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : `${url.slice(0, q)}?[redacted]`;
}

/** Options of {@link metricsPlugin}. */
export interface MetricsPluginOptions {
  /** Collect process metrics (memory, CPU, event-loop lag) too. Default true. */
  processMetrics?: boolean;
  /** One JSON log line per answered request (method, url without its query string, status, ms, model version) when a logger is on. Default true. */
  logRequests?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's Prometheus metrics (also `twotower.metrics`). */
    servingMetrics: ServingMetrics;
  }
}

/**
 * Decorates the instance with `servingMetrics` (a {@link ServingMetrics}) and counts every
 * answered request by route, method and status, with its latency (and, with `logRequests`, one
 * log line per request).
 */
export const metricsPlugin = fp<MetricsPluginOptions>(
  async (app, options) => {
    const metrics = new ServingMetrics({ processMetrics: options.processMetrics ?? true });
    const logRequests = options.logRequests ?? true;
    app.decorate('servingMetrics', metrics);
    app.addHook('onResponse', async (request, reply) => {
      const ms = reply.elapsedTime;
      metrics.observe(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, ms);
      if (logRequests) {
        request.log.info({ method: request.method, url: loggedUrl(request.url), status: reply.statusCode, ms: Math.round(ms * 1000) / 1000, model: reply.getHeader('x-model-version') }, 'request');
      }
    });
  },
  { name: 'twotower-metrics', fastify: '5.x' },
);
