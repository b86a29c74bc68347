/**
 * TypeBox schemas of every request body (validated by Fastify's ajv); those of every answer (the
 * OpenAPI document) are in `answer-schemas.ts`, re-exported here. The TypeScript types of queries
 * and answers are derived from them (`Static<...>`), so a schema and its type cannot drift.
 */
import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { USER_ROWS } from './recommend/user-rows';
import { stringEnum } from './string-enum';
import { embeddingSetField as embeddings } from './segment-schemas';

/** Bounds the request schemas enforce (400 naming the field when exceeded). */
export interface RequestLimits {
  /** Largest `k`. */
  maxK: number;
  /** Most queries in one batch request. */
  maxBatch: number;
  /** Most ids in one `exclude` list. */
  maxExclude: number;
  /** Most items in one rank query. */
  maxRankItems: number;
  /** Largest `rerankCandidates`. */
  maxRerankCandidates: number;
  /** Most item ids in one user-items `history`. */
  maxHistory: number;
  /** Most items in one `POST /admin/items`. */
  maxAddItems: number;
}

/** The limits of a server started without `limits`. */
export const DEFAULT_LIMITS: Readonly<RequestLimits> = { maxK: 100, maxBatch: 64, maxExclude: 1000, maxRankItems: 1000, maxRerankCandidates: 500, maxHistory: 1000, maxAddItems: 1000 };

// ---- requests ----

/** Longest id (item, user, label) a request may hold. */
export const ID_MAX = 256;
/** A non-empty id field of at most {@link ID_MAX} characters. */
export const id = (description: string) => Type.String({ minLength: 1, maxLength: ID_MAX, description });
const k = (l: RequestLimits) => Type.Integer({ minimum: 1, maximum: l.maxK, description: `Results wanted, 1..${l.maxK}. Default 10.` });
const timestamp = () =>
  Type.Number({
    description: "Query time in the data set's unit (MovieLens: seconds since 1970). Default: the user's latest training interaction (for an unknown user: the latest of all users).",
  });
const history = (l: RequestLimits) =>
  Type.Array(Type.String({ minLength: 1, maxLength: ID_MAX }), {
    maxItems: l.maxHistory,
    description:
      `Item ids the user interacted with (at most ${l.maxHistory}), for a user the model never saw (a cold start answered from the model) or in place of a known user's training items. ` +
      'Read by the query tower when the model has a history input (else the answer says historyUsed: 0, with a note); left out of the answer unless excludeSeen is false. An id the model does not know: 400 naming it.',
  });
/** Most names in one user-items `attributes`. */
export const MAX_ATTRIBUTES = 64;
const userAttributes = () =>
  Type.Record(Type.String({ minLength: 1, maxLength: ID_MAX }), Type.Union([Type.String({ maxLength: 4 * ID_MAX }), Type.Number(), Type.Null()]), {
    maxProperties: MAX_ATTRIBUTES,
    description:
      `The user's attributes by column of the model's user file (e.g. {"age": 25, "occupation": "writer"}; at most ${MAX_ATTRIBUTES}), read by the query tower in place of the stored ones (a user the model never saw has none): ` +
      'a number column takes a number (null: missing), a category or text column a string, labels joined by |. A name the query tower does not read is not an error: the answer lists it in its note; a value of the wrong kind is a 400 naming /attributes/<name>.',
  });
const rows = () =>
  stringEnum(
    USER_ROWS,
    "Which query embeddings to search: 'users' (default) one row per known user, their query vector at their default time (latest training interaction); " +
      "'interactions' one row per training interaction, each user scored by their best-matching row (slower: many rows per user).",
  );
const exclude = (l: RequestLimits, what: string) =>
  Type.Array(Type.String({ maxLength: ID_MAX }), { maxItems: l.maxExclude, description: `${what} ids never to return (at most ${l.maxExclude}); unknown ids are ignored.` });

/** One user-items query. */
export const userItemsQuery = (l: RequestLimits) =>
  Type.Object(
    {
      user: Type.Optional(
        id(
          'User id as in the data set. May be left out when the query has a history or attributes: it is then answered as for a user the model never saw, and the answer has no user field.',
        ),
      ),
      k: Type.Optional(k(l)),
      timestamp: Type.Optional(timestamp()),
      history: Type.Optional(history(l)),
      historyMode: Type.Optional(
        stringEnum(
          ['replace', 'append'],
          "For a known user with a history: 'replace' (default) — the query tower reads the history in place of the user's training items; 'append' — it reads the history's items after the user's training items (the history kept whole up to the model's history length, the training items filling the slots left, evenly spaced), for items the user interacted with since training. A user the model never saw reads the history alone either way.",
        ),
      ),
      attributes: Type.Optional(userAttributes()),
      exclude: Type.Optional(exclude(l, 'Item')),
      excludeSeen: Type.Optional(Type.Boolean({ description: "Leave out the user's training items and the history's items. Default true." })),
      rerank: Type.Optional(Type.Boolean({ description: "Re-rank the top rerankCandidates with the model's second stage: its item-item stage, else its ranking model (409 NO_RANKING_MODEL when it has neither). Default false." })),
      rerankCandidates: Type.Optional(
        Type.Integer({ minimum: 1, maximum: l.maxRerankCandidates, description: `Items retrieved for re-ranking (at least k is used), 1..${l.maxRerankCandidates}. Default 50.` }),
      ),
    },
    { additionalProperties: false },
  );

/** One user-users query. */
export const userUsersQuery = (l: RequestLimits) =>
  Type.Object(
    {
      user: id('User id as in the data set.'),
      k: Type.Optional(k(l)),
      timestamp: Type.Optional(timestamp()),
      exclude: Type.Optional(exclude(l, 'User')),
      rows: Type.Optional(rows()),
      embeddings: Type.Optional(
        embeddings(
          "a named set of users (e.g. 'users'), whose vectors are compared by cosine (no timestamp, no rows then; a user without a vector in it: 404). Default: the two-tower's query vectors, as rows says",
        ),
      ),
    },
    { additionalProperties: false },
  );

/** One item-items query. */
export const itemItemsQuery = (l: RequestLimits) =>
  Type.Object(
    {
      item: id('Item id as in the data set.'),
      k: Type.Optional(k(l)),
      exclude: Type.Optional(exclude(l, 'Item')),
      embeddings: Type.Optional(
        embeddings(
          "'candidates' (the two-tower's item embeddings, dot product, with the items added after training: the default) or a named set of items (e.g. 'item2vec', 'deepwalk', 'text'), compared by cosine; an item without a vector in the set is neither the query (404) nor returned",
        ),
      ),
    },
    { additionalProperties: false },
  );

/** One item-users query. */
export const itemUsersQuery = (l: RequestLimits) =>
  Type.Object(
    {
      item: id('Item id as in the data set.'),
      k: Type.Optional(k(l)),
      exclude: Type.Optional(exclude(l, 'User')),
      excludeSeen: Type.Optional(Type.Boolean({ description: 'Leave out users who already have the item among their training interactions. Default false.' })),
      rows: Type.Optional(rows()),
    },
    { additionalProperties: false },
  );

/** One rank query. */
export const rankQuery = (l: RequestLimits) =>
  Type.Object(
    {
      user: id('User id as in the data set.'),
      items: Type.Array(id('Item id.'), { minItems: 1, maxItems: l.maxRankItems, description: `Item ids to score, 1..${l.maxRankItems}.` }),
      timestamp: Type.Optional(timestamp()),
      liked: Type.Optional(
        Type.Boolean({
          description:
            "Also answer each item's liked: P(liked | rated) or the rating from the ranking models alone (costs a second pass over the pairs when the model has an engagement model). Default false.",
        }),
      ),
    },
    { additionalProperties: false },
  );

/** A user-items query: `user` (optional with a `history` or `attributes`), and optionally `k`, `timestamp`, `history` (item ids), `attributes` (by user column), `exclude`, `excludeSeen` (default true), `rerank`, `rerankCandidates`. */
export type UserItemsQuery = Static<ReturnType<typeof userItemsQuery>>;
/** A user-items query as the endpoint answers it: with a user id (a query sent without one carries the anonymous id, `''`, which is no user's). */
export type UserItemsQueryWithUser = UserItemsQuery & { user: string };
/** A user-users query: `user`, and optionally `k`, `timestamp`, `exclude` (user ids), `rows` (`'users'` default, or `'interactions'`), `embeddings` (a named set of users). */
export type UserQuery = Static<ReturnType<typeof userUsersQuery>>;
/** An item-items query: `item`, and optionally `k`, `exclude` (item ids), `embeddings` (default `'candidates'`, or a named set of items). */
export type ItemQuery = Static<ReturnType<typeof itemItemsQuery>>;
/** An item-users query: `item`, and optionally `k`, `exclude` (user ids), `excludeSeen` (default false), `rows` (`'users'` default, or `'interactions'`). */
export type ItemUsersQuery = Static<ReturnType<typeof itemUsersQuery>>;
/** A rank query: `user`, `items`, and optionally `timestamp`, `liked` (default false). */
export type RankQuery = Static<ReturnType<typeof rankQuery>>;

/** A request body: one query, or a batch `{"queries": [query, ...]}` answered in order. */
export type SingleOrBatch<Q> = Q | { queries: Q[] };

/**
 * Wraps a single-query schema: the body is either one query or `{"queries": [query, ...]}`
 * (`if`/`then`/`else`, so that ajv's error names the field inside the form the body has).
 */
function singleOrBatch<T extends TSchema>(single: T, l: RequestLimits): TUnsafe<SingleOrBatch<Static<T>>> {
  return Type.Unsafe<SingleOrBatch<Static<T>>>({
    type: 'object',
    if: { type: 'object', required: ['queries'] },
    then: Type.Object(
      { queries: Type.Array(single, { minItems: 1, maxItems: l.maxBatch, description: `1..${l.maxBatch} queries, answered in order.` }) },
      { additionalProperties: false },
    ),
    else: single,
  });
}

/** Request body schemas of the POST endpoints (single or batch form). */
export function requestSchemas(l: RequestLimits) {
  return {
    userItems: singleOrBatch(userItemsQuery(l), l),
    itemItems: singleOrBatch(itemItemsQuery(l), l),
    userUsers: singleOrBatch(userUsersQuery(l), l),
    itemUsers: singleOrBatch(itemUsersQuery(l), l),
    rank: singleOrBatch(rankQuery(l), l),
  };
}

export * from './answer-schemas';
