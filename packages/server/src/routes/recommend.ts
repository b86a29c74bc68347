import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { itemItems } from '../recommend/item-items';
import { itemUsers } from '../recommend/item-users';
import { userItems } from '../recommend/user-items';
import { withAnonymousUsers } from '../recommend/anonymous-user';
import { userUsers } from '../recommend/user-users';
import { requestSchemas } from '../schemas';
import { dbItemItems } from '../database/db-item-items';
import { dbUserItems } from '../database/db-user-items';
import { dbItemUsers, dbUserUsers } from '../database/db-users';
import type { Endpoint } from '../plugins/batch';

/** The endpoint that answers a model: from memory, or from its database when it is served from one. */
function either<Q, R>(memory: Endpoint<Q, R>, database: Endpoint<Q, R>): Endpoint<Q, R> {
  return (model, queries, defaults) => (model.database ? database(model, queries, defaults) : memory(model, queries, defaults));
}

/** The four kinds of recommendation: `POST /v1/recommend/{user-items,item-items,user-users,item-users}`, each a single query or a batch, answered from memory or, for a model served from a database, from PostgreSQL (user-items also without a user, from a history or attributes). */
export const recommendRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const schemas = requestSchemas(app.twotower.limits);
  app.post('/v1/recommend/user-items', { schema: { body: schemas.userItems } }, app.answerQueries(withAnonymousUsers(either(userItems, dbUserItems))));
  app.post('/v1/recommend/item-items', { schema: { body: schemas.itemItems } }, app.answerQueries(either(itemItems, dbItemItems)));
  app.post('/v1/recommend/user-users', { schema: { body: schemas.userUsers } }, app.answerQueries(either(userUsers, dbUserUsers)));
  app.post('/v1/recommend/item-users', { schema: { body: schemas.itemUsers } }, app.answerQueries(either(itemUsers, dbItemUsers)));
};
