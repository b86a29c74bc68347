/**
 * JSON schemas of every request body (validated by Fastify's ajv) and of the answers (for the
 * OpenAPI document). One source for both.
 */

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
}

type Schema = Record<string, unknown>;

const ID_MAX = 256;
const id = (description: string): Schema => ({ type: 'string', minLength: 1, maxLength: ID_MAX, description });
const k = (l: RequestLimits): Schema => ({ type: 'integer', minimum: 1, maximum: l.maxK, description: `Results wanted, 1..${l.maxK}. Default 10.` });
const timestamp: Schema = {
  type: 'number',
  description: "Query time in the data set's unit (MovieLens: seconds since 1970). Default: the user's latest training interaction (for an unknown user: the latest of all users).",
};
const exclude = (l: RequestLimits, what: string): Schema => ({
  type: 'array',
  maxItems: l.maxExclude,
  items: { type: 'string', maxLength: ID_MAX },
  description: `${what} ids never to return (at most ${l.maxExclude}); unknown ids are ignored.`,
});

/** Wraps a single-query schema: the body is either one query or `{"queries": [query, ...]}`. */
function singleOrBatch(single: Schema, l: RequestLimits): Schema {
  return {
    type: 'object',
    if: { type: 'object', required: ['queries'] },
    then: {
      type: 'object',
      required: ['queries'],
      additionalProperties: false,
      properties: { queries: { type: 'array', minItems: 1, maxItems: l.maxBatch, items: single, description: `1..${l.maxBatch} queries, answered in order.` } },
    },
    else: single,
  };
}

/** One user-items query. */
export function userItemsQuery(l: RequestLimits): Schema {
  return {
    type: 'object',
    required: ['user'],
    additionalProperties: false,
    properties: {
      user: id('User id as in the data set.'),
      k: k(l),
      timestamp,
      exclude: exclude(l, 'Item'),
      excludeSeen: { type: 'boolean', description: "Leave out the user's training items. Default true." },
      rerank: { type: 'boolean', description: 'Re-rank the top rerankCandidates with the ranking model (409 when the model has none). Default false.' },
      rerankCandidates: { type: 'integer', minimum: 1, maximum: l.maxRerankCandidates, description: `Items retrieved for re-ranking (at least k is used), 1..${l.maxRerankCandidates}. Default 50.` },
    },
  };
}

/** One user-users query. */
export function userUsersQuery(l: RequestLimits): Schema {
  return {
    type: 'object',
    required: ['user'],
    additionalProperties: false,
    properties: { user: id('User id as in the data set.'), k: k(l), timestamp, exclude: exclude(l, 'User') },
  };
}

/** One item-items query. */
export function itemItemsQuery(l: RequestLimits): Schema {
  return {
    type: 'object',
    required: ['item'],
    additionalProperties: false,
    properties: { item: id('Item id as in the data set.'), k: k(l), exclude: exclude(l, 'Item') },
  };
}

/** One item-users query. */
export function itemUsersQuery(l: RequestLimits): Schema {
  return {
    type: 'object',
    required: ['item'],
    additionalProperties: false,
    properties: {
      item: id('Item id as in the data set.'),
      k: k(l),
      exclude: exclude(l, 'User'),
      excludeSeen: { type: 'boolean', description: 'Leave out users who already have the item among their training interactions. Default false.' },
    },
  };
}

/** One rank query. */
export function rankQuery(l: RequestLimits): Schema {
  return {
    type: 'object',
    required: ['user', 'items'],
    additionalProperties: false,
    properties: {
      user: id('User id as in the data set.'),
      items: { type: 'array', minItems: 1, maxItems: l.maxRankItems, items: id('Item id.'), description: `Item ids to score, 1..${l.maxRankItems}.` },
      timestamp,
      liked: { type: 'boolean', description: "Also answer each item's liked: P(liked | rated) or the rating from the ranking models alone (costs a second pass over the pairs when the model has an engagement model). Default false." },
    },
  };
}

/** Request body schemas of the POST endpoints (single or batch form). */
export function requestSchemas(l: RequestLimits): Record<'userItems' | 'itemItems' | 'userUsers' | 'itemUsers' | 'rank', Schema> {
  return {
    userItems: singleOrBatch(userItemsQuery(l), l),
    itemItems: singleOrBatch(itemItemsQuery(l), l),
    userUsers: singleOrBatch(userUsersQuery(l), l),
    itemUsers: singleOrBatch(itemUsersQuery(l), l),
    rank: singleOrBatch(rankQuery(l), l),
  };
}

/** Admin reload body: optionally another model directory. */
export const reloadBody: Schema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { model: { type: 'string', minLength: 1, maxLength: 4096, description: 'Model directory to load. Default: the directory the server serves now.' } },
};

// ---- answers (documentation) ----

const itemHit: Schema = {
  type: 'object',
  required: ['id', 'title', 'score'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    score: { type: 'number', description: 'Two-tower score (dot product); training interactions for a cold start.' },
    rankScore: { type: 'number', description: 'Ranking-model score, when re-ranked (rank: whenever the model has a ranking model).' },
    liked: { type: 'number', description: 'rank with liked: true only: P(liked | rated), or the predicted rating (see likedKind), from the ranking models alone, when the model has them.' },
  },
};
const userHit: Schema = { type: 'object', required: ['id', 'score'], properties: { id: { type: 'string' }, score: { type: 'number' } } };

/** The error body of every non-2xx answer (and of failed queries inside a batch answer). */
export const errorBody: Schema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'statusCode', 'message'],
      properties: {
        code: {
          type: 'string',
          enum: ['BAD_REQUEST', 'INVALID_JSON', 'BODY_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'NOT_FOUND', 'UNKNOWN_USER', 'UNKNOWN_ITEM', 'NO_RANKING_MODEL', 'NOT_READY', 'UNAUTHORIZED', 'ADMIN_DISABLED', 'RELOAD_IN_PROGRESS', 'MODEL_REFUSED', 'INTERNAL'],
        },
        statusCode: { type: 'integer' },
        message: { type: 'string', description: 'What went wrong and what to do.' },
        field: { type: 'string', description: 'JSON pointer of the request field at fault.' },
        ids: { type: 'array', items: { type: 'string' }, description: 'Unknown ids (UNKNOWN_USER, UNKNOWN_ITEM).' },
      },
    },
  },
};

const userItemsResult: Schema = {
  type: 'object',
  required: ['user', 'timestamp', 'coldStart', 'scoreKind', 'reranked', 'items'],
  properties: {
    user: { type: 'string' },
    timestamp: { type: 'number', description: 'The query time used.' },
    coldStart: { type: 'boolean', description: 'True when the user is unknown: the items are the most popular ones.' },
    scoreKind: { type: 'string', enum: ['dot', 'popularity'] },
    reranked: { type: 'boolean' },
    items: { type: 'array', items: itemHit },
  },
};
const itemItemsResult: Schema = { type: 'object', required: ['item', 'title', 'items'], properties: { item: { type: 'string' }, title: { type: 'string' }, items: { type: 'array', items: itemHit } } };
const userUsersResult: Schema = { type: 'object', required: ['user', 'timestamp', 'users'], properties: { user: { type: 'string' }, timestamp: { type: 'number' }, users: { type: 'array', items: userHit } } };
const itemUsersResult: Schema = { type: 'object', required: ['item', 'title', 'users'], properties: { item: { type: 'string' }, title: { type: 'string' }, users: { type: 'array', items: userHit } } };
const rankResult: Schema = {
  type: 'object',
  required: ['user', 'timestamp', 'coldStart', 'scoreKind', 'rankKind', 'likedKind', 'items'],
  properties: {
    user: { type: 'string' },
    timestamp: { type: 'number' },
    coldStart: { type: 'boolean' },
    scoreKind: { type: 'string', enum: ['dot', 'popularity'] },
    rankKind: { type: ['string', 'null'], enum: ['probability', 'rating', null] },
    likedKind: { type: ['string', 'null'], enum: ['probability', 'rating', null], description: "Kind of each item's liked, or null when liked was not asked for or the model has no ranking models." },
    items: { type: 'array', items: itemHit, description: 'Best first: by rankScore when the model has a ranking model, else by score.' },
  },
};

function orBatch(single: Schema): Schema {
  return {
    oneOf: [
      single,
      {
        type: 'object',
        required: ['results'],
        properties: { results: { type: 'array', items: { oneOf: [single, errorBody] }, description: 'One answer per query, in order; a failed query has an error body instead.' } },
      },
    ],
  };
}

/** Answer schemas of the POST endpoints (single or batch form). */
export const answerSchemas = {
  userItems: orBatch(userItemsResult),
  itemItems: orBatch(itemItemsResult),
  userUsers: orBatch(userUsersResult),
  itemUsers: orBatch(itemUsersResult),
  rank: orBatch(rankResult),
};
