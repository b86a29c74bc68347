/** A query about one user (user-items, user-users). */
export interface UserQuery {
  /** The user's id in the data set (a string, e.g. `"42"`). */
  user: string;
  /** Results wanted. Default: the server's `defaultK` (10). */
  k?: number;
  /**
   * Query time in the data set's unit (MovieLens: seconds since 1970). Default: the user's latest
   * training interaction (for a cold-start user: the latest of all users).
   */
  timestamp?: number;
  /** Ids (items for user-items, users for user-users) never to return. Unknown ids are ignored. */
  exclude?: string[];
}

/** A user-items query. */
export interface UserItemsQuery extends UserQuery {
  /** Leave out the user's training items. Default true. */
  excludeSeen?: boolean;
  /** Re-rank the top {@link rerankCandidates} with the artifact's ranking model. Default false. */
  rerank?: boolean;
  /** How many retrieved items the ranking model re-ranks (at least `k`). Default: the server's `rerankCandidates` (50). */
  rerankCandidates?: number;
}

/** A query about one item (item-items, item-users). */
export interface ItemQuery {
  /** The item's id in the data set (a string, e.g. `"1"`). */
  item: string;
  /** Results wanted. Default: the server's `defaultK` (10). */
  k?: number;
  /** Ids (items for item-items, users for item-users) never to return. Unknown ids are ignored. */
  exclude?: string[];
}

/** An item-users query. */
export interface ItemUsersQuery extends ItemQuery {
  /** Leave out users who already have the item among their training interactions. Default false. */
  excludeSeen?: boolean;
}

/** A rank query: scores of given items for a user. */
export interface RankQuery {
  user: string;
  /** Item ids to score (unknown ids: 404 naming them). */
  items: string[];
  /** Query time; default as in {@link UserQuery.timestamp}. */
  timestamp?: number;
  /**
   * Also answer each item's `liked`: P(liked | rated) (or the rating) from the ranking models
   * alone. Default false: with the trainer's engagement model it scores every pair a second
   * time through the ranking ensemble (ML-100K, 10 items: p50 0.27–0.33 → 0.66–0.68 ms).
   */
  liked?: boolean;
}

/** One recommended item. */
export interface ItemHit {
  id: string;
  title: string;
  /** Two-tower score (dot product of the embeddings), or the training count for a cold start. */
  score: number;
  /** Ranking-model score (probability of "liked", or predicted rating), when re-ranked. */
  rankScore?: number;
  /** rank with `liked: true` only: P(liked | rated) or the predicted rating from the ranking models alone, when the model has them. */
  liked?: number;
}

/** One recommended user. */
export interface UserHit {
  id: string;
  /** Dot product of the query and the user's best-matching query embedding. */
  score: number;
}

/** The answer of user-items. */
export interface UserItemsResult {
  user: string;
  /** The query time used. */
  timestamp: number;
  /** True when the user is unknown and the items are the most popular ones. */
  coldStart: boolean;
  /** What `score` is: `'dot'` (two-tower) or `'popularity'` (training interactions, cold start). */
  scoreKind: 'dot' | 'popularity';
  /** True when the ranking model re-ordered the items (then sorted by `rankScore`). */
  reranked: boolean;
  items: ItemHit[];
}

/** The answer of item-items. */
export interface ItemItemsResult {
  item: string;
  title: string;
  items: ItemHit[];
}

/** The answer of user-users. */
export interface UserUsersResult {
  user: string;
  timestamp: number;
  users: UserHit[];
}

/** The answer of item-users. */
export interface ItemUsersResult {
  item: string;
  title: string;
  users: UserHit[];
}

/** The answer of rank: the items sorted best first (by `rankScore` when there is a ranking model, else by `score`). */
export interface RankResult {
  user: string;
  timestamp: number;
  coldStart: boolean;
  scoreKind: 'dot' | 'popularity';
  /** Kind of `rankScore`, or null when the model has no ranking model. */
  rankKind: 'probability' | 'rating' | null;
  /** Kind of each item's `liked`, or null when it was not asked for or the model has no ranking models (only an engagement model, or none). */
  likedKind: 'probability' | 'rating' | null;
  items: ItemHit[];
}

/** Server-wide defaults the endpoints apply. */
export interface RecommendDefaults {
  /** `k` when a query has none. */
  k: number;
  /** Unknown user in user-items / rank: `'popularity'` (answer with the most popular items, `coldStart: true`) or `'not-found'` (404). */
  coldStart: 'popularity' | 'not-found';
  /** Items re-ranked when a query sets `rerank` without `rerankCandidates`. */
  rerankCandidates: number;
}
