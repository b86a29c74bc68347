import fp from 'fastify-plugin';
import { ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';
import type { RecommendDefaults } from '../recommend/defaults';
import type { ErrorBody, SingleOrBatch } from '../schemas';

/**
 * A recommendation function: one answer (or error) per query, in order, on one model — computed
 * at once (in memory), or a promise of them (a model served from a database).
 */
export type Endpoint<Q, R> = (model: ServingModel, queries: readonly Q[], defaults: RecommendDefaults) => Array<R | ServingError> | Promise<Array<R | ServingError>>;

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
 * Turns of the event loop for computations (each synchronous: tfjs and the index search).
 * Computations run at once while the current phase of the loop has computed for less than
 * {@link SLICE_MS}; past that, each waits in a FIFO for a turn of its own (`setImmediate`), so that
 * between two of them the loop runs its timers and reads its sockets and signals. Without it,
 * requests that arrive together are computed back to back in one phase, and a SIGTERM, a shutdown
 * timer or a readiness probe waits for all of them (24 batches of 64 user-users queries: over 2 s);
 * with it, for at most `SLICE_MS` and one computation. An idle server never waits.
 *
 * Node accepts one waiting connection per turn of the loop; `accepted()` (a count of accepted
 * connections) lets the FIFO give turns to accepting first — a computation after a new connection
 * waits in the FIFO, and while the last turn accepted one, the next computation waits another turn
 * (at most {@link MAX_ACCEPT_TURNS} in a row) — so that
 * connections queued behind a busy server are taken in (and, during a drain, answered) rather
 * than left in the kernel's queue to be reset when the listener closes.
 *
 * Returns a function giving `undefined` (compute now) or a promise of the turn.
 */
function computeQueue(accepted: () => number): () => Promise<void> | undefined {
  const waiting: Array<() => void> = [];
  let scheduled = false;
  let seen = accepted();
  let acceptTurns = 0;
  // start of the current run of computations in this phase of the loop (undefined once the loop turned)
  let sliceStart: number | undefined;
  const endSlice = () => {
    sliceStart = undefined;
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(next);
  };
  function next(): void {
    scheduled = false;
    const now = accepted();
    if (now !== seen && acceptTurns < MAX_ACCEPT_TURNS) {
      seen = now;
      acceptTurns++;
      schedule();
      return;
    }
    seen = now;
    acceptTurns = 0;
    waiting.shift()?.();
    if (waiting.length > 0) schedule();
  }
  return () => {
    // at once only when nothing waits and no connection came in since the last turns given to accepting
    if (waiting.length === 0 && !scheduled && accepted() === seen) {
      const now = performance.now();
      if (sliceStart === undefined) {
        sliceStart = now;
        setImmediate(endSlice);
        return undefined;
      }
      if (now - sliceStart < SLICE_MS) return undefined;
    }
    return new Promise<void>((resolve) => {
      waiting.push(resolve);
      schedule();
    });
  };
}

/** A query's outcome as `twotower_queries_total` counts it: error, history (answered from the history given: embedded by the query tower, or a new user's answer from the item-item stage), attributes (a new user embedded from the attributes given), cold_start (popularity), ok. */
function outcome(answer: object): 'error' | 'history' | 'attributes' | 'cold_start' | 'ok' {
  if (answer instanceof ServingError) return 'error';
  const a = answer as { coldStart?: boolean; scoreKind?: string };
  if (a.scoreKind === 'history' || a.scoreKind === 'attributes') return a.scoreKind;
  if (a.scoreKind === 'item-item') return 'history';
  return a.coldStart ? 'cold_start' : 'ok';
}

/** Milliseconds of computations one phase of the event loop runs before the next ones wait for turns. */
const SLICE_MS = 10;
/** Turns in a row the compute queue gives to accepting connections before the next computation. */
const MAX_ACCEPT_TURNS = 256;

/**
 * Batch handling of the POST endpoints: decorates the instance with `answerQueries(fn)`, the
 * route handler that waits for its turn when the event loop has computed for a while (see
 * `computeQueue`), takes a lease on the current model (503 NOT_READY without one, or past a
 * shutdown deadline), answers a single query (its error becomes the HTTP answer) or each query of a
 * batch (`{"results": [...]}`, a failed query answered with its error body, `field` prefixed
 * `/queries/<i>`), sets `x-model-version`, counts queries by outcome, and releases the lease.
 * Needs {@link modelPlugin}.
 */
export const batchPlugin = fp(
  async (app) => {
    let connections = 0;
    app.server.on('connection', () => {
      connections++;
    });
    const turn = computeQueue(() => connections);
    app.decorate('answerQueries', function answerQueries<Q extends object, R extends object>(fn: Endpoint<Q, R>): QueryHandler<Q, R> {
      const { holder, metrics, defaults } = app.twotower;
      const count = (route: string, answer: R | ServingError) => metrics.queries.inc({ route, outcome: outcome(answer) });
      return async (request, reply) => {
        const wait = turn();
        if (wait !== undefined) await wait;
        if (app.twotower.pastDeadline()) throw new ServingError(503, 'NOT_READY', 'the server is shutting down and its time for requests is up: retry (another instance)');
        const lease = holder.acquire();
        if (lease === undefined) throw new ServingError(503, 'NOT_READY', 'no model is being served (loading, or shutting down): retry shortly');
        try {
          reply.header('x-model-version', lease.model.version);
          const route = request.routeOptions.url ?? 'unmatched';
          const body = request.body;
          if ('queries' in body) {
            const answers = await fn(lease.model, body.queries, defaults);
            const results = answers.map((a, i) => {
              count(route, a);
              if (!(a instanceof ServingError)) return a;
              const b = a.toBody();
              b.error.field = `/queries/${i}${a.field ?? ''}`;
              return b;
            });
            return { results };
          }
          const [answer] = await fn(lease.model, [body], defaults);
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
