import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { itemItems } from '../recommend/item-items';
import { itemUsers } from '../recommend/item-users';
import { userItems } from '../recommend/user-items';
import { userUsers } from '../recommend/user-users';
import { requestSchemas } from '../schemas';

/** The four kinds of recommendation: `POST /v1/recommend/{user-items,item-items,user-users,item-users}`, each a single query or a batch. */
export const recommendRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const schemas = requestSchemas(app.twotower.limits);
  app.post('/v1/recommend/user-items', { schema: { body: schemas.userItems } }, app.answerQueries(userItems));
  app.post('/v1/recommend/item-items', { schema: { body: schemas.itemItems } }, app.answerQueries(itemItems));
  app.post('/v1/recommend/user-users', { schema: { body: schemas.userUsers } }, app.answerQueries(userUsers));
  app.post('/v1/recommend/item-users', { schema: { body: schemas.itemUsers } }, app.answerQueries(itemUsers));
};
