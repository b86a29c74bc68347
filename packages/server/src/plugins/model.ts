import fp from 'fastify-plugin';
import { ServingError } from '../errors';
import { ModelHolder } from '../model/model-holder';
import type { ServingModel } from '../model/serving-model';
import type { RecommendDefaults } from '../recommend/defaults';
import type { ReloadResult } from '../admin-schemas';
import type { RequestLimits } from '../schemas';
import type { ServingMetrics } from './metrics';

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
  /** True while a reload runs (items added then would be lost when its model is swapped in). */
  readonly reloading: boolean;
  /** True once `close()` has begun: the listener is closed, requests that start now are answered 503 NOT_READY. */
  readonly closing: boolean;
  /**
   * True from {@link drain} (or `close()`) on: `/readyz` answers 503 so that a load balancer stops
   * sending requests, every answer carries `Connection: close`, and requests are still answered
   * until the server closes.
   */
  readonly draining: boolean;
  /** Starts draining (see {@link draining}); reloads are refused from now on. */
  drain(): void;
  /**
   * A shutdown deadline: requests whose handler has not started by `at` (a `performance.now()`
   * time, ms) are answered 503 NOT_READY instead of computed, so that a busy event loop gets back
   * to its timers. Requests already computing finish.
   */
  refuseFrom(at: number): void;
  /** True when a deadline set by {@link refuseFrom} has passed. */
  pastDeadline(): boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    twotower: ServingControl;
  }
}

/** Options of {@link modelPlugin}. */
export interface ModelPluginOptions {
  /** The model served first; the server owns it from now on (and disposes it). */
  model: ServingModel;
  /** Loads a model directory (reloads). */
  load: (dir: string) => Promise<ServingModel>;
  /** Directory reloaded when neither the request nor the current model names one. */
  modelDir?: string;
  limits: RequestLimits;
  defaults: RecommendDefaults;
}

/**
 * The model holder and its reload: decorates the instance with `twotower` ({@link ServingControl}),
 * serves `model` first, swaps in reloaded models atomically (requests hold leases on the model
 * they started with); `drain()` turns readiness off while requests are still answered (with
 * `Connection: close`); on close turns `closing` on (requests that start then get 503), then
 * disposes every model once its last request finishes. Needs {@link metricsPlugin} (the model gauges).
 */
export const modelPlugin = fp<ModelPluginOptions>(
  async (app, options) => {
    const { load, limits, defaults } = options;
    const metrics = app.servingMetrics;
    const holder = new ModelHolder<ServingModel>();
    holder.swap(options.model);
    metrics.setModel(options.model);

    let closing = false;
    let draining = false;
    let refuseAt = Number.POSITIVE_INFINITY;
    let reloading = false;
    const control: ServingControl = {
      holder,
      metrics,
      limits,
      defaults,
      get closing() {
        return closing;
      },
      get draining() {
        return draining;
      },
      get reloading() {
        return reloading;
      },
      drain() {
        draining = true;
      },
      refuseFrom(at: number) {
        refuseAt = Math.min(refuseAt, at);
      },
      pastDeadline() {
        return refuseAt !== Number.POSITIVE_INFINITY && performance.now() >= refuseAt;
      },
      async reload(dir?: string): Promise<ReloadResult> {
        if (draining) throw new ServingError(503, 'NOT_READY', 'the server is shutting down: nothing to reload');
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
          if (draining) {
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
    // while draining every answer says Connection: close (keep-alive clients reconnect, through the load balancer, elsewhere);
    // once closing, a request that starts (on a connection still open) is answered 503 in the server's error shape
    app.addHook('onRequest', (_request, reply, done) => {
      if (!draining) return done();
      reply.header('connection', 'close');
      if (closing) return done(new ServingError(503, 'NOT_READY', 'the server is shutting down: retry (another instance)'));
      done();
    });
    app.addHook('preClose', async () => {
      closing = true;
      draining = true;
    });
    app.addHook('onClose', async () => {
      await holder.close();
    });
  },
  { name: 'twotower-model', fastify: '5.x', dependencies: ['twotower-metrics'] },
);
