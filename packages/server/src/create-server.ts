import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { modelLoader, twotower, type ServerOptions } from './app';

/**
 * Creates the HTTP server (Fastify with the {@link twotower} plugin) around a model: loads
 * `modelDir` (verifying its checksums and building its indexes) unless a `model` is given,
 * registers every route, and returns the instance **without listening** — tests call
 * `app.inject`, a CLI calls `app.listen`. `app.close()` finishes requests in flight, then disposes
 * the model.
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 262_144,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  // JSON bodies only: anything else is answered 415 naming the content type
  app.removeContentTypeParser('text/plain');
  const { logger: _logger, bodyLimit: _bodyLimit, ...pluginOptions } = options;
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
