import type { EventEmitter } from 'node:events';
import { createServer, shutdown, type ShutdownHandle } from '@twotower/server';
import { parseServeFlags, usage, UsageError, type ServeFlags } from './cli-flags';

/** Options of {@link startServer}: the process hooks it uses (replaceable in tests). */
export interface StartOptions {
  /** Emits SIGTERM, SIGINT and SIGHUP. Default `process`. */
  signals?: EventEmitter;
  /** Ends the process after a shutdown. Default `process.exit`. */
  exit?: (code: number) => void;
}

/** A listening server and how to stop it. */
export interface RunningServer {
  app: Awaited<ReturnType<typeof createServer>>;
  /** `http://host:port` it listens on. */
  url: string;
  /** Graceful stop without a drain: readiness off, the listener closed, requests in flight finish (within `--shutdown-timeout`), the model is disposed. */
  stop(): Promise<void>;
}

/**
 * Loads the model, listens, and wires the signals: SIGTERM/SIGINT drain (readiness 503 while
 * requests are still answered, `drainSeconds`), then close (requests in flight get
 * `shutdownTimeout` seconds; exit 1 with a log line when they outlast it, also when the event loop
 * was too busy for the timer), exit 0; a second SIGTERM/SIGINT ends the drain at once. SIGHUP
 * reloads the model directory (a refused model leaves the old one serving).
 */
export async function startServer(flags: ServeFlags, options: StartOptions = {}): Promise<RunningServer> {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const app = await createServer({
    modelDir: flags.model,
    logger: flags.logLevel === 'silent' ? false : { level: flags.logLevel },
    logRequests: flags.logRequests,
    indexes: { items: flags.items, queries: flags.queries, users: flags.users },
    ...(flags.database !== undefined
      ? {
          database: {
            url: flags.database,
            ...(flags.readDatabase !== undefined ? { readUrl: flags.readDatabase } : {}),
            ...(flags.databaseName !== undefined ? { name: flags.databaseName } : {}),
            pool: { ...(flags.databaseTimeout !== undefined ? { statementTimeoutMillis: flags.databaseTimeout } : {}), ...(flags.databasePool !== undefined ? { max: flags.databasePool } : {}) },
          },
        }
      : {}),
    limits: { ...(flags.maxK !== undefined ? { maxK: flags.maxK } : {}), ...(flags.maxBatch !== undefined ? { maxBatch: flags.maxBatch } : {}) },
    defaults: flags.coldStart !== undefined ? { coldStart: flags.coldStart } : {},
    ...(flags.bodyLimit !== undefined ? { bodyLimit: flags.bodyLimit } : {}),
    requestTimeout: Math.round(flags.requestTimeout * 1000),
    keepAliveTimeout: Math.round(flags.keepAliveTimeout * 1000),
    maxConnections: flags.maxConnections,
    corsOrigins: flags.corsOrigins,
  });
  const address = await app.listen({ host: flags.host, port: flags.port });
  const timeoutMs = flags.shutdownTimeout * 1000;
  const log = (message: string, fields?: Record<string, unknown>) => app.log.info(fields ?? {}, message);
  let stopping: ShutdownHandle | undefined;
  const stop = (): Promise<void> => {
    stopping ??= shutdown(app, { drainMs: 0, timeoutMs, log });
    return stopping.done.then(() => {});
  };
  const onTerm = (signal: string) => {
    if (stopping) {
      app.log.info({ signal }, 'shutting down already: the drain (if any) ends now');
      stopping.skipDrain();
      return;
    }
    app.log.info({ signal, drainSeconds: flags.drainSeconds, timeoutSeconds: flags.shutdownTimeout }, 'shutting down: draining, then finishing requests in flight (signal again to end the drain now)');
    stopping = shutdown(app, { drainMs: Math.round(flags.drainSeconds * 1000), timeoutMs, log });
    // a backstop should the close itself hang: shutdown() cuts open connections at the deadline, so this fires only if something else holds it
    const backstop = setTimeout(
      () => {
        app.log.error({ seconds: flags.shutdownTimeout }, 'requests did not finish in time: exiting anyway');
        exit(1);
      },
      flags.drainSeconds * 1000 + timeoutMs + 5000,
    );
    backstop.unref();
    stopping.done.then(
      (result) => {
        clearTimeout(backstop);
        if (!result.finished) {
          app.log.error({ seconds: flags.shutdownTimeout, closeMs: result.closeMs }, 'requests did not finish in time: exiting anyway');
          exit(1);
          return;
        }
        app.log.info({ drainedMs: result.drainedMs, closeMs: result.closeMs }, 'stopped');
        exit(0);
      },
      (e: unknown) => {
        clearTimeout(backstop);
        app.log.error({ err: (e as Error).message }, 'error while stopping');
        exit(1);
      },
    );
  };
  const onHup = () => {
    app.log.info('SIGHUP: reloading the model');
    app.twotower.reload().catch(() => {
      /* logged by reload; the old model keeps serving */
    });
  };
  signals.on('SIGTERM', () => onTerm('SIGTERM'));
  signals.on('SIGINT', () => onTerm('SIGINT'));
  signals.on('SIGHUP', onHup);
  const s = app.twotower.holder.current?.summary;
  app.log.info({ url: address, model: s?.version, items: s?.items, users: s?.users, indexes: s?.indexes }, 'serving');
  return { app, url: address, stop };
}

/** The `twotower-serve` command: returns an exit code on errors, or undefined once listening. */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  let flags: ServeFlags;
  try {
    flags = parseServeFlags(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`twotower-serve: ${e.message}\n\n${usage()}\n`);
      return 2;
    }
    throw e;
  }
  if (flags.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  try {
    await startServer(flags);
    return undefined;
  } catch (e) {
    process.stderr.write(`twotower-serve: could not start: ${(e as Error).message}\n`);
    return 1;
  }
}
