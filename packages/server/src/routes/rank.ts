import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { rank } from '../recommend/rank';
import { requestSchemas } from '../schemas';

/** `POST /v1/rank`: scores of given items for a user, a single query or a batch. */
export const rankRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/v1/rank', { schema: { body: requestSchemas(app.twotower.limits).rank } }, app.answerQueries(rank));
};
