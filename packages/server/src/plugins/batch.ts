import fp from 'fastify-plugin';
import { ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';
import type { RecommendDefaults } from '../recommend/defaults';
import type { ErrorBody, SingleOrBatch } from '../schemas';

/** A recommendation function: one answer (or error) per query, in order, on one model. */
export type Endpoint<Q, R> = (model: ServingModel, queries: readonly Q[], defaults: RecommendDefaults) => Array<R | ServingError>;

/** The answer of a batch request: one answer or error body per query, in order. */
export interface BatchAnswer<R> {
  results: Array<R | ErrorBody>;
}

/** A route handler answering a single query or a batch (see {@link batchPlugin}). */
export type QueryHandler<Q, R> = (
  request: { body: SingleOrBatch<Q>; routeOptions: { url?: string } },
  reply: { header(name: string, value: string): unknown },
) => Promise<R | BatchAnswer<R>>;

declare module 'fastify' {
  interface FastifyInstance {
    /** A route handler that answers a body's query, or each query of `{"queries": [...]}`, with `fn` (see {@link batchPlugin}). */
    answerQueries<Q extends object, R extends object>(fn: Endpoint<Q, R>): QueryHandler<Q, R>;
  }
}

/**
 * A FIFO of computations, one per turn of the event loop: each waits for a `setImmediate` of its
 * own, so that between two computations (each synchronous: tfjs and the index search) the event
 * loop runs its timers and reads its sockets and signals. Without it, requests that arrive
 * together are computed back to back in one phase of the loop, and a SIGTERM, a shutdown timer or
 * a readiness probe waits for all of them (24 batches of 64 user-users queries: over 2 s).
 */
function computeQueue(): () => Promise<void> {
  const waiting: Array<() => void> = [];
  let scheduled = false;
  const next = () => {
    scheduled = false;
    waiting.shift()?.();
    if (waiting.length > 0 && !scheduled) {
      scheduled = true;
      setImmediate(next);
    }
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(next);
      }
    });
}

/**
 * Batch handling of the POST endpoints: decorates the instance with `answerQueries(fn)`, the
 * route handler that waits for its turn (one computation per turn of the event loop, see
 * `computeQueue`), takes a lease on the current model (503 NOT_READY without one, or past a
 * shutdown deadline), answers a single query (its error becomes the HTTP answer) or each query of a
 * batch (`{"results": [...]}`, a failed query answered with its error body, `field` prefixed
 * `/queries/<i>`), sets `x-model-version`, counts queries by outcome, and releases the lease.
 * Needs {@link modelPlugin}.
 */
export const batchPlugin = fp(
  async (app) => {
    const turn = computeQueue();
    app.decorate('answerQueries', function answerQueries<Q extends object, R extends object>(fn: Endpoint<Q, R>): QueryHandler<Q, R> {
      const { holder, metrics, defaults } = app.twotower;
      const count = (route: string, answer: R | ServingError) =>
        metrics.queries.inc({ route, outcome: answer instanceof ServingError ? 'error' : (answer as { coldStart?: boolean }).coldStart ? 'cold_start' : 'ok' });
      return async (request, reply) => {
        await turn();
        if (app.twotower.pastDeadline()) throw new ServingError(503, 'NOT_READY', 'the server is shutting down and its time for requests is up: retry (another instance)');
        const lease = holder.acquire();
        if (lease === undefined) throw new ServingError(503, 'NOT_READY', 'no model is being served (loading, or shutting down): retry shortly');
        try {
          reply.header('x-model-version', lease.model.version);
          const route = request.routeOptions.url ?? 'unmatched';
          const body = request.body;
          if ('queries' in body) {
            const answers = fn(lease.model, body.queries, defaults);
            const results = answers.map((a, i) => {
              count(route, a);
              if (!(a instanceof ServingError)) return a;
              const b = a.toBody();
              b.error.field = `/queries/${i}${a.field ?? ''}`;
              return b;
            });
            return { results };
          }
          const [answer] = fn(lease.model, [body], defaults);
          count(route, answer!);
          if (answer instanceof ServingError) throw answer;
          return answer!;
        } finally {
          lease.release();
        }
      };
    });
  },
  { name: 'twotower-batch', fastify: '5.x', dependencies: ['twotower-model'] },
);
