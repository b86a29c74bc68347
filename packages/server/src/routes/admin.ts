import type { FastifyPluginAsync } from 'fastify';
import { addItemsBody, reloadBody, type AddItemsBody } from '../admin-schemas';
import { adminAuthorizer } from './admin-auth';
import { addItemsHandler } from './admin-items';

export { ADMIN_TOKEN_ENV } from './admin-auth';

/** Options of {@link adminRoutes}. */
export interface AdminRoutesOptions {
  /** Bearer token of the admin endpoints; empty disables them (403). */
  adminToken: string;
}

/**
 * The admin endpoints (bearer token, checked before the body is read: see `adminAuthorizer`; then
 * the body is validated by its schema):
 * - `POST /admin/reload`: loads a model directory and swaps it in (see `ServingControl.reload`);
 *   body empty, `null` or `{"model": dir}` with at most 4,096 characters (`reloadBody`).
 * - `POST /admin/items`: embeds new items with the candidate tower and adds them to the model
 *   served (`addItemsBody`; see `addItems`).
 */
export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, { adminToken }) => {
  const authorize = adminAuthorizer(adminToken);
  app.post('/admin/reload', { onRequest: authorize, schema: { body: reloadBody } }, async (request) => {
    const body = request.body as { model?: string } | null | undefined;
    return app.twotower.reload(body?.model);
  });
  const addItems = addItemsHandler(app);
  app.post('/admin/items', { onRequest: authorize, schema: { body: addItemsBody(app.twotower.limits) } }, async (request, reply) => addItems(request.body as AddItemsBody, reply));
};
