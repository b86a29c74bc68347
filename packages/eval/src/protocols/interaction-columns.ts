import { EvalInputError } from '../errors';

/**
 * The user and item columns of an interaction log, in either spelling: `{ user, item }` or
 * `@twotower/data`'s `Interactions` (`{ users, items }`). Only these two columns are read.
 */
export type InteractionColumns = { user: Int32Array; item: Int32Array } | { users: Int32Array; items: Int32Array };

/** @internal The `{ user, item }` view of either spelling. */
export function interactionColumns(field: string, log: InteractionColumns): { user: Int32Array; item: Int32Array } {
  const user = 'user' in log ? log.user : log.users;
  const item = 'item' in log ? log.item : log.items;
  if (!(user instanceof Int32Array) || !(item instanceof Int32Array)) {
    throw new EvalInputError(field, 'needs Int32Array columns user/item (or users/items, as @twotower/data provides)');
  }
  if (user.length !== item.length) {
    throw new EvalInputError(field, `has ${user.length} users but ${item.length} items; pass one of each per interaction`);
  }
  return { user, item };
}
