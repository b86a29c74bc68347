/** Server-wide defaults the endpoints apply. */
export interface RecommendDefaults {
  /** `k` when a query has none. */
  k: number;
  /** Unknown user in user-items / rank: `'popularity'` (answer with the most popular items, `coldStart: true`) or `'not-found'` (404). */
  coldStart: 'popularity' | 'not-found';
  /** Items re-ranked when a query sets `rerank` without `rerankCandidates`. */
  rerankCandidates: number;
}

/** The defaults of a server started without `defaults`. */
export const DEFAULT_DEFAULTS: Readonly<RecommendDefaults> = { k: 10, coldStart: 'popularity', rerankCandidates: 50 };
