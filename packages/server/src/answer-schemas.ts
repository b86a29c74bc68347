/**
 * TypeBox schemas of every answer, for the OpenAPI document; the TypeScript types of the answers
 * are derived from them (`Static<...>`). The request schemas are in `schemas.ts`, which re-exports these.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { USER_ROWS } from './recommend/user-rows';
import { segmentField } from './segment-schemas';
import { stringEnum } from './string-enum';

/** Machine-readable codes of every error answer the server gives. */
export const SERVING_ERROR_CODES = [
  'BAD_REQUEST',
  'INVALID_JSON',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'REQUEST_TIMEOUT',
  'HEADERS_TOO_LARGE',
  'UNKNOWN_USER',
  'UNKNOWN_ITEM',
  'NO_RANKING_MODEL',
  'ITEM_EXISTS',
  'NOT_READY',
  'UNAUTHORIZED',
  'ADMIN_DISABLED',
  'RELOAD_IN_PROGRESS',
  'MODEL_REFUSED',
  'DATABASE_UNAVAILABLE',
  'DATABASE_TIMEOUT',
  'INTERNAL',
] as const;

/** The error body of every non-2xx answer (and of failed queries inside a batch answer). */
export const errorBody = Type.Object({
  error: Type.Object({
    code: stringEnum(SERVING_ERROR_CODES),
    statusCode: Type.Integer({ description: 'HTTP status of the answer (repeated in batch answers, where the HTTP status is 200).' }),
    message: Type.String({ description: 'What went wrong and what to do.' }),
    field: Type.Optional(Type.String({ description: 'JSON pointer of the request field at fault.' })),
    ids: Type.Optional(Type.Array(Type.String(), { description: 'The ids at fault: unknown (UNKNOWN_USER, UNKNOWN_ITEM, a history\'s unknown items) or already there (ITEM_EXISTS).' })),
  }),
});

export const itemHit = Type.Object({
  id: Type.String(),
  title: Type.String(),
  score: Type.Number({
    description:
      'Two-tower score (dot product); training interactions for a cold start; cosine similarity in item-items from a named set. ' +
      "In user-items, a user's score without a timestamp (answered by the towers, not re-ranked) includes the model's popularity lean: the dot product plus weight × ln(1 + the item's training interactions), " +
      'weight from the model (GET /v1/model: summary.popularityLean; 0: none; an item added after training gets the catalogue median lean), as the trainer evaluated it; with a timestamp it is the dot product alone.',
  }),
  rankScore: Type.Optional(Type.Number({ description: "Second-stage score, when re-ranked: the item-item blend (rerankedBy 'item-item', a sum of standardised scores) or the ranking model's (rank: whenever the model has a ranking model, always the ranking model's)." })),
  liked: Type.Optional(
    Type.Number({ description: 'rank with liked: true only: P(liked | rated), or the predicted rating (see likedKind), from the ranking models alone, when the model has them.' }),
  ),
  segment: Type.Optional(segmentField('item', "the segmentation of the set that answered (the candidates' for user-items, rank and item-items by default)")),
});

export const userHit = Type.Object({
  id: Type.String(),
  score: Type.Number({
    description:
      "Dot product of the query and the user's query vector at their default time (rows 'users'), or their best-matching per-interaction query embedding (rows 'interactions'); cosine similarity in user-users from a named set.",
  }),
  segment: Type.Optional(segmentField('user', "the segmentation of the named set that answered, else of the model's 'users' set")),
});
const rowsSearched = () =>
  Type.Optional(stringEnum(USER_ROWS, "The query embeddings searched: 'users' (one per user, the default) or 'interactions' (one per training interaction). Always given by this server."));

const scoreKind = stringEnum(['dot', 'popularity'], "What score is: 'dot' (two-tower) or 'popularity' (training interactions, cold start).");
const userItemsScoreKind = stringEnum(
  ['dot', 'popularity', 'history', 'attributes', 'item-item'],
  "What score is: 'dot' (two-tower), 'popularity' (training interactions, cold start), 'history' (two-tower, the query embedded from the history given in the request), 'attributes' (two-tower, a user the model never saw embedded from the attributes given, without a history) or 'item-item' (a user the model never saw, from the history given: the most popular items re-ordered by the item-item score of the history, on a model whose trainer chose that answer over the query tower).",
);
const rankingKind = (description: string) => Type.Unsafe<'probability' | 'rating' | null>({ type: ['string', 'null'], enum: ['probability', 'rating', null], description });

export const userItemsResult = Type.Object({
  user: Type.Optional(Type.String({ description: 'The user asked about; absent when the query had no user.' })),
  timestamp: Type.Number({ description: 'The query time used.' }),
  coldStart: Type.Boolean({ description: 'True when the user is unknown: the items are the most popular ones (scoreKind popularity) or come from the history given (scoreKind history or item-item) or the attributes given (scoreKind attributes).' }),
  scoreKind: userItemsScoreKind,
  reranked: Type.Boolean({ description: 'True when the second stage re-ordered the items (then sorted by rankScore).' }),
  rerankedBy: Type.Optional(
    stringEnum(['item-item', 'ranker'], "With reranked: the second stage that re-ordered: 'item-item' (the retrieval score blended with the item-item score of the user's history) or 'ranker' (the ranking/engagement models)."),
  ),
  historyUsed: Type.Optional(
    Type.Integer({
      description: "With a history in the query: how many of its items the query tower read (0 when the model has no history input, or none of them is in the model's history table; at most the model's history length).",
    }),
  ),
  attributesUsed: Type.Optional(
    Type.Array(Type.String(), { description: 'With attributes in the query: the names the query tower read (those it does not read are named in the note).' }),
  ),
  note: Type.Optional(Type.String({ description: 'What of the query was not used, and why (e.g. a history given to a model without a history input).' })),
  items: Type.Array(itemHit),
});
export const itemItemsResult = Type.Object({
  item: Type.String(),
  title: Type.String(),
  segment: Type.Optional(segmentField('item asked about', 'the segmentation of the set that answered')),
  embeddings: Type.Optional(Type.String({ description: "The embedding set that answered: 'candidates' (the two-tower's) or the named set asked for. Always given by this server." })),
  items: Type.Array(itemHit),
});
export const userUsersResult = Type.Object({
  user: Type.String(),
  timestamp: Type.Number(),
  rows: rowsSearched(),
  embeddings: Type.Optional(Type.String({ description: 'The named set of users that answered, when the query asked for one (no rows then).' })),
  segment: Type.Optional(segmentField('user asked about', "the segmentation of the named set that answered, else of the model's 'users' set")),
  users: Type.Array(userHit),
});
export const itemUsersResult = Type.Object({
  item: Type.String(),
  title: Type.String(),
  segment: Type.Optional(segmentField('item asked about', "the candidates' segmentation")),
  rows: rowsSearched(),
  users: Type.Array(userHit),
});
export const rankResult = Type.Object({
  user: Type.String(),
  timestamp: Type.Number(),
  coldStart: Type.Boolean(),
  scoreKind,
  rankKind: rankingKind('Kind of rankScore, or null when the model has no ranking model.'),
  likedKind: rankingKind("Kind of each item's liked, or null when liked was not asked for or the model has no ranking models."),
  items: Type.Array(itemHit, { description: 'Best first: by rankScore when the model has a ranking model, else by score.' }),
});

/** The JSON body of every error answer: `{"error": {"code", "statusCode", "message", "field"?, "ids"?}}`. */
export type ErrorBody = Static<typeof errorBody>;
/** Machine-readable code of an error answer. */
export type ServingErrorCode = ErrorBody['error']['code'];
/** One recommended item: `score` is the two-tower score (or popularity, cold start), `rankScore`/`liked` from the ranking model. */
export type ItemHit = Static<typeof itemHit>;
/** One recommended user, scored by their default-time query vector (rows `'users'`) or their best-matching per-interaction one (rows `'interactions'`). */
export type UserHit = Static<typeof userHit>;
/** The answer of user-items. */
export type UserItemsResult = Static<typeof userItemsResult>;
/** The answer of item-items. */
export type ItemItemsResult = Static<typeof itemItemsResult>;
/** The answer of user-users. */
export type UserUsersResult = Static<typeof userUsersResult>;
/** The answer of item-users. */
export type ItemUsersResult = Static<typeof itemUsersResult>;
/** The answer of rank: the items sorted best first (by `rankScore` when there is a ranking model, else by `score`). */
export type RankResult = Static<typeof rankResult>;
/** An answer schema for the OpenAPI document: one answer, or `{"results": [...]}` for a batch. */
function orBatch(single: TSchema): TSchema {
  return Type.Unsafe({
    oneOf: [
      single,
      Type.Object({
        results: Type.Array(Type.Unsafe({ oneOf: [single, errorBody] }), { description: 'One answer per query, in order; a failed query has an error body instead.' }),
      }),
    ],
  });
}

/** Answer schemas of the POST endpoints (single or batch form). */
export const answerSchemas = {
  userItems: orBatch(userItemsResult),
  itemItems: orBatch(itemItemsResult),
  userUsers: orBatch(userUsersResult),
  itemUsers: orBatch(itemUsersResult),
  rank: orBatch(rankResult),
};
