import { basename } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { ServingError } from '../errors';
import { openApiDocument } from '../openapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION = (require('../../package.json') as { version: string }).version;

/**
 * `GET /v1/model` (the served model's summary and manifest; unauthenticated, so `summary.dir` is
 * the model directory's name, not its path on the server; `summary.addedItems`: items added
 * after training, by every replica when served from a database) and `GET /openapi.json`.
 */
export const modelRoutes: FastifyPluginAsync = async (app) => {
  app.get('/v1/model', async (_request, reply) => {
    const current = app.twotower.holder.current;
    if (current === undefined) throw new ServingError(503, 'NOT_READY', 'no model loaded');
    reply.header('x-model-version', current.version);
    // a model served from a database: the items every replica added (one count statement)
    const addedItems = current.database ? await current.database.addedCount() : current.added.size;
    return { summary: { ...current.summary, dir: basename(current.dir), addedItems }, manifest: current.manifest };
  });
  const openapi = openApiDocument(app.twotower.limits, VERSION);
  app.get('/openapi.json', async () => openapi);
};
