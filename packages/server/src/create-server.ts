import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import helmet from 'helmet';
import { modelLoader, twotower, type ServerOptions } from './app';
import { clientErrorHandler, frameworkErrorHandler } from './plugins/errors';

/** Connection and time limits of a server started without them (see {@link ServerOptions}). */
export const DEFAULT_CONNECTION_LIMITS = Object.freeze({ requestTimeout: 10_000, keepAliveTimeout: 72_000, maxConnections: 1_000 });

/**
 * Creates the HTTP server (Fastify with the {@link twotower} plugin) around a model: loads
 * `modelDir` (verifying its checksums and building its indexes) unless a `model` is given,
 * registers every route, and returns the instance **without listening** — tests call
 * `app.inject`, a CLI calls `app.listen`. Also sets the connection limits (`requestTimeout`,
 * `keepAliveTimeout`, `maxConnections`), answers errors Fastify raises before routing (malformed
 * HTTP, timeouts, bad URL encoding) in the server's error shape, adds security headers
 * (`helmet`) and, when `corsOrigins` is given, CORS (`@fastify/cors`). `app.close()`
 * finishes requests in flight, then disposes the model; {@link shutdown} drains first.
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const requestTimeout = options.requestTimeout ?? DEFAULT_CONNECTION_LIMITS.requestTimeout;
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 262_144,
    // requests that start once close() has begun are answered 503 by the model plugin, in the server's error shape
    return503OnClosing: false,
    // a request (headers and body) must arrive whole within requestTimeout (408 then); checked every ≤ 1 s
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeout ?? DEFAULT_CONNECTION_LIMITS.keepAliveTimeout,
    http: requestTimeout > 0 ? { headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(requestTimeout / 10))) } : {},
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  // connections beyond the cap are closed as soon as accepted (Node's server.maxConnections)
  const maxConnections = options.maxConnections ?? DEFAULT_CONNECTION_LIMITS.maxConnections;
  if (maxConnections > 0) app.server.maxConnections = maxConnections;
  // JSON bodies only: anything else is answered 415 naming the content type
  app.removeContentTypeParser('text/plain');
  const corsOrigins = options.corsOrigins ?? [];
  if (options.securityHeaders ?? true) {
    // helmet's middleware, built once (@fastify/helmet builds it again for every request: 0.15 ms each), with the
    // headers that matter for a JSON API (OWASP's REST list); those for HTML documents and old browsers left out,
    // since every header costs every answer bytes
    const securityHeaders = helmet({
      // no document to load anything, nor to be framed
      contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
      xFrameOptions: { action: 'deny' },
      crossOriginResourcePolicy: { policy: corsOrigins.length > 0 ? 'cross-origin' : 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    });
    // its headers do not depend on the request: computed once, set on every answer
    const headers: Record<string, string> = {};
    const recorder = { setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)), removeHeader: () => {} };
    securityHeaders({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  }
  if (corsOrigins.length > 0) {
    await app.register(cors, {
      origin: corsOrigins.includes('*') ? '*' : corsOrigins,
      methods: ['GET', 'HEAD', 'POST'],
      // not Authorization: the admin endpoint is not for browsers
      allowedHeaders: ['Content-Type'],
      exposedHeaders: ['x-model-version'],
      maxAge: 600,
    });
  }
  const { logger: _logger, bodyLimit: _bodyLimit, requestTimeout: _rt, keepAliveTimeout: _kat, maxConnections: _mc, corsOrigins: _co, securityHeaders: _sh, ...pluginOptions } = options;
  // a directory is loaded here rather than inside the plugin, so that a large model is not bound by Fastify's plugin timeout
  const model = options.model ?? (options.modelDir === undefined ? undefined : await modelLoader(options, (message, fields) => app.log.info(fields ?? {}, message))(options.modelDir));
  try {
    await app.register(twotower, { ...pluginOptions, ...(model ? { model } : {}) });
  } catch (e) {
    model?.dispose();
    throw e;
  }
  return app;
}
