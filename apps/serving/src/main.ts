import type { EventEmitter } from 'node:events';
import { createServer } from '@twotower/server';
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
  /** Graceful stop: readiness off, requests in flight finish, the model is disposed. */
  stop(): Promise<void>;
}

/**
 * Loads the model, listens, and wires the signals: SIGTERM/SIGINT close gracefully (forced exit
 * after `shutdownTimeout` seconds), SIGHUP reloads the model directory (a refused model leaves
 * the old one serving).
 */
export async function startServer(flags: ServeFlags, options: StartOptions = {}): Promise<RunningServer> {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const app = await createServer({
    modelDir: flags.model,
    logger: flags.logLevel === 'silent' ? false : { level: flags.logLevel },
    logRequests: flags.logRequests,
    indexes: { items: flags.items, queries: flags.queries },
    limits: { ...(flags.maxK !== undefined ? { maxK: flags.maxK } : {}), ...(flags.maxBatch !== undefined ? { maxBatch: flags.maxBatch } : {}) },
    defaults: flags.coldStart !== undefined ? { coldStart: flags.coldStart } : {},
    ...(flags.bodyLimit !== undefined ? { bodyLimit: flags.bodyLimit } : {}),
  });
  const address = await app.listen({ host: flags.host, port: flags.port });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= app.close();
    return stopping;
  };
  const onTerm = (signal: string) => {
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => {
      app.log.error({ seconds: flags.shutdownTimeout }, 'requests did not finish in time: exiting anyway');
      exit(1);
    }, flags.shutdownTimeout * 1000);
    timer.unref();
    stop().then(
      () => {
        clearTimeout(timer);
        app.log.info('stopped');
        exit(0);
      },
      (e: unknown) => {
        clearTimeout(timer);
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
