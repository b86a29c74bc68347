import type { ErrorBody, ServingErrorCode } from './schemas';

/** An error with the HTTP status and code the server answers with. */
export class ServingError extends Error {
  readonly statusCode: number;
  readonly code: ServingErrorCode;
  readonly field: string | undefined;
  readonly ids: string[] | undefined;

  constructor(statusCode: number, code: ServingErrorCode, message: string, extra: { field?: string; ids?: string[] } = {}) {
    super(message);
    this.name = 'ServingError';
    this.statusCode = statusCode;
    this.code = code;
    this.field = extra.field;
    this.ids = extra.ids;
  }

  /** The answer body for this error. */
  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, statusCode: this.statusCode, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    if (this.ids !== undefined) error.ids = this.ids;
    return { error };
  }
}

/** 404 for a user the model does not know. */
export function unknownUser(user: string, field = '/user'): ServingError {
  return new ServingError(
    404,
    'UNKNOWN_USER',
    `user ${JSON.stringify(user)} is not in the model (it had no training interactions): check the id, or retrain with this user's interactions`,
    { field, ids: [user] },
  );
}

/** 404 for items the model does not know. */
export function unknownItems(items: string[], field = '/item'): ServingError {
  const list = items.slice(0, 10).map((i) => JSON.stringify(i)).join(', ') + (items.length > 10 ? `, ... (${items.length} in all)` : '');
  return new ServingError(
    404,
    'UNKNOWN_ITEM',
    `item${items.length > 1 ? 's' : ''} ${list} ${items.length > 1 ? 'are' : 'is'} not in the model's catalogue: check the id${items.length > 1 ? 's' : ''} (GET /v1/model tells the catalogue size), or retrain with ${items.length > 1 ? 'these items' : 'this item'}`,
    { field, ids: items },
  );
}

/**
 * 400 for an `embeddings` value that names no set the endpoint can answer from, listing those it
 * can (`available`, the default first).
 */
export function unknownEmbeddingSet(name: string, endpoint: string, available: readonly string[], why?: string): ServingError {
  const list = available.map((s) => JSON.stringify(s)).join(', ');
  return new ServingError(
    400,
    'BAD_REQUEST',
    `embeddings ${JSON.stringify(name)} ${why ?? 'is not an embedding set of this model'}: ${endpoint} answers from ${available.length === 1 ? '' : 'one of '}${list} (GET /v1/model lists the sets under summary.embeddings)`,
    { field: '/embeddings' },
  );
}

/**
 * 404 (the shape of {@link unknownItems} / {@link unknownUser}) for an item or user the model knows
 * but the named set `set` has no vector for (not a row of it, or an all-zero row: e.g. an item
 * without enough interactions to be trained, or one added after training).
 */
export function notInEmbeddingSet(what: 'item' | 'user', id: string, set: string, covered: number, total: number, field = `/${what}`): ServingError {
  return new ServingError(
    404,
    what === 'item' ? 'UNKNOWN_ITEM' : 'UNKNOWN_USER',
    `${what} ${JSON.stringify(id)} has no vector in embedding set ${JSON.stringify(set)} (${covered} of the model's ${total} ${what}s have one; the others, e.g. ${what === 'item' ? 'items with too few interactions or added after training' : 'users the set was not learned from'}, are neither queried nor returned): ask another set, or leave "embeddings" out to use the two-tower's`,
    { field, ids: [id] },
  );
}
