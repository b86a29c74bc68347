import type { FastifyInstance } from 'fastify';
import { ServingError } from '../errors';
import { addItems } from '../model/add-items';
import { dbAddItems } from '../database/db-add-items';
import type { AddItemsBody, AddItemsResult } from '../admin-schemas';

/**
 * The handler of `POST /admin/items` (after the token and the body's schema): adds the items to
 * the model served now (`addItems`; a model served from a database: `dbAddItems`, written there for every replica), under a lease, and updates the added-items gauge. Refused
 * with 409 RELOAD_IN_PROGRESS while a reload runs (its model, swapped in next, would not have
 * them), 503 NOT_READY without a model.
 */
export function addItemsHandler(app: FastifyInstance): (body: AddItemsBody, reply: { header(name: string, value: string): unknown }) => Promise<AddItemsResult> {
  return async (body, reply) => {
    const control = app.twotower;
    if (control.reloading) {
      throw new ServingError(409, 'RELOAD_IN_PROGRESS', 'a model reload is running: items added now would be lost when its model is swapped in; add them once it has finished (to the new model)');
    }
    const lease = control.holder.acquire();
    if (lease === undefined) throw new ServingError(503, 'NOT_READY', 'no model is being served (loading, or shutting down): retry shortly');
    try {
      reply.header('x-model-version', lease.model.version);
      const model = lease.model;
      const result = model.database ? await dbAddItems(model, body.items) : addItems(model, body.items);
      control.metrics.modelAddedItems.set(result.addedItems);
      app.log.info({ version: result.version, added: result.added.length, addedItems: result.addedItems }, 'items added');
      return result;
    } finally {
      lease.release();
    }
  };
}
