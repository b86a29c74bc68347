import { ServingError } from '../errors';
import type { Endpoint } from '../plugins/batch';
import type { UserItemsQuery, UserItemsQueryWithUser, UserItemsResult } from '../schemas';

/** The user id a user-items query without one is answered with: no user's (the data readers refuse empty ids), so it reads the unknown-user slot. */
export const ANONYMOUS_USER = '';

/** 400 for a user-items query with neither a user nor anything to answer it from. */
function noUser(): ServingError {
  return new ServingError(400, 'BAD_REQUEST', 'the query has no user: give "user", or a "history" (item ids) or "attributes" to answer a user the model never saw from', { field: '/user' });
}

/** 404 for an anonymous query the model could not answer from its history or attributes (cold start "not-found"). */
function notAnswerable(): ServingError {
  return new ServingError(
    404,
    'UNKNOWN_USER',
    'the query has no user, and the server answers no popularity cold start ("not-found"): the model reads neither its history nor its attributes (see historyUsed / attributesUsed on a query with a user), so it has nothing to answer from',
    { field: '/user' },
  );
}

/**
 * user-items for queries with or without a `user`: a query without one (but with a `history` or
 * `attributes`) is answered by `endpoint` as the anonymous user {@link ANONYMOUS_USER} — a user the
 * model never saw — and its answer has no `user` field; a query with neither is a 400 naming
 * `/user`. Queries with a user pass through unchanged.
 */
export function withAnonymousUsers(endpoint: Endpoint<UserItemsQueryWithUser, UserItemsResult>): Endpoint<UserItemsQuery, UserItemsResult> {
  return (model, queries, defaults) => {
    const anonymous = queries.map((q) => q.user === undefined);
    if (!anonymous.some(Boolean)) return endpoint(model, queries as readonly UserItemsQueryWithUser[], defaults);
    const out: Array<UserItemsResult | ServingError> = new Array(queries.length);
    const asked: number[] = [];
    queries.forEach((q, i) => {
      if (q.user === undefined && q.history === undefined && q.attributes === undefined) out[i] = noUser();
      else asked.push(i);
    });
    const finish = (answers: Array<UserItemsResult | ServingError>) => {
      asked.forEach((i, j) => {
        const a = answers[j]!;
        if (!anonymous[i]) out[i] = a;
        else if (a instanceof ServingError) out[i] = a.code === 'UNKNOWN_USER' ? notAnswerable() : a;
        else {
          const { user: _anonymous, ...rest } = a;
          out[i] = rest;
        }
      });
      return out;
    };
    const answers = endpoint(model, asked.map((i) => ({ ...queries[i]!, user: queries[i]!.user ?? ANONYMOUS_USER })), defaults);
    return answers instanceof Promise ? answers.then(finish) : finish(answers);
  };
}
