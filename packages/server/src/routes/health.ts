import type { FastifyPluginAsync } from 'fastify';
import { ServingError } from '../errors';

/** `GET /healthz` (liveness), `GET /readyz` (a model is served, its database answers when it is served from one, and the server is not draining or closing), `GET /metrics` (Prometheus). */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  const { holder, metrics } = app.twotower;
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const current = holder.current;
    if (app.twotower.draining || current === undefined) {
      return reply.code(503).send(new ServingError(503, 'NOT_READY', app.twotower.draining ? 'the server is shutting down' : 'no model loaded yet').toBody());
    }
    const db = current.database;
    if (db !== undefined) {
      const reason = await db.health.check();
      if (reason !== undefined) return reply.code(503).send(new ServingError(503, 'DATABASE_UNAVAILABLE', `the database at ${db.readUrl} is unavailable (${reason}): the server reconnects by itself`).toBody());
    }
    return { status: 'ready', model: current.version };
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
};
