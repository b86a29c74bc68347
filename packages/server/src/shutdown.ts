import type { FastifyInstance } from 'fastify';

/** Options of {@link shutdown}. */
export interface ShutdownOptions {
  /**
   * Milliseconds during which `/readyz` answers 503 while the listener stays open and every
   * request (new connections, kept-alive ones, connections queued to be accepted) is still
   * answered, with `Connection: close`: the time a load balancer needs to notice and stop
   * sending. Default 0.
   */
  drainMs?: number;
  /**
   * Milliseconds requests get to finish once the listener closes. Past it, requests not yet
   * computing are answered 503, the connections still open are closed, and the result says
   * `finished: false` — also when the event loop was too busy for a timer to fire in time.
   * Default 10,000.
   */
  timeoutMs?: number;
  /** Progress lines (drain started, listener closing, done). Default: the app's logger at info. */
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** What a {@link shutdown} did. */
export interface ShutdownResult {
  /** True when every request finished within `timeoutMs` of the listener closing. */
  finished: boolean;
  /** Milliseconds spent draining (less than `drainMs` when cut short by {@link ShutdownHandle.skipDrain}). */
  drainedMs: number;
  /** Milliseconds from closing the listener to the last request finished (or the timeout). */
  closeMs: number;
}

/** A shutdown under way: its result, and a way to end its drain early (a second signal). */
export interface ShutdownHandle {
  readonly done: Promise<ShutdownResult>;
  /** Ends the drain now (the listener closes at once). */
  skipDrain(): void;
}

const handles = new WeakMap<FastifyInstance, ShutdownHandle>();

/**
 * Stops a server the way a load balancer needs: **drain** — readiness turns 503 (`app.twotower.drain()`)
 * while the listener stays open and requests are answered (with `Connection: close`) for
 * `drainMs` — then **close** — the listener closes, requests in flight finish, requests that
 * start on a still-open connection get 503, the model is disposed. Requests not computing by
 * `timeoutMs` after the listener closed get 503 NOT_READY; connections still open then are
 * closed, and `finished` is false. Calling it again returns the same shutdown and ends its drain.
 */
export function shutdown(app: FastifyInstance, options: ShutdownOptions = {}): ShutdownHandle {
  const existing = handles.get(app);
  if (existing) {
    existing.skipDrain();
    return existing;
  }
  const drainMs = Math.max(0, options.drainMs ?? 0);
  const timeoutMs = Math.max(0, options.timeoutMs ?? 10_000);
  const log = options.log ?? ((message: string, fields?: Record<string, unknown>) => app.log.info(fields ?? {}, message));
  let endDrain = () => {};
  const drained = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, drainMs);
    endDrain = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const done = (async (): Promise<ShutdownResult> => {
    const t0 = performance.now();
    app.twotower.drain();
    if (drainMs > 0) log('draining: readiness is 503, requests are still answered', { seconds: drainMs / 1000 });
    await drained;
    const t1 = performance.now();
    const deadline = t1 + timeoutMs;
    app.twotower.refuseFrom(deadline);
    log('closing the listener: finishing requests in flight', { timeoutSeconds: timeoutMs / 1000 });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const closed = app.close().then(() => 'closed' as const);
    const outcome = await Promise.race([closed, timedOut]);
    clearTimeout(timer);
    // the event loop may have been too busy for the timer to fire in time: what counts is the clock
    const finished = outcome === 'closed' && performance.now() <= deadline + 1;
    if (outcome === 'timeout') {
      // requests queued for their computation are answered 503 now (they are past the deadline): a moment for that,
      // then the connections still open (a body still arriving, a client not reading its answer) are cut so that close completes
      const within = (ms: number) => Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
      await within(500);
      app.server.closeAllConnections();
      await within(1000);
    }
    return { finished, drainedMs: Math.round(t1 - t0), closeMs: Math.round(performance.now() - t1) };
  })();
  const handle: ShutdownHandle = { done, skipDrain: () => endDrain() };
  handles.set(app, handle);
  return handle;
}
