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
