import type { Recommender } from '@twotower/recommender';
import type { LearnedEmbeddingSet } from './learned-set';

/** Users embedded per call of the query tower (bounds the memory of one batch). */
const BATCH = 4096;

/**
 * The two-tower's own user embeddings: one row per known user, the query the server builds for
 * a user-items request that names only the user (their latest training time, or none when the
 * tower reads no time; their training items as the history). The set users are segmented on.
 * @returns `[users × dim]`, named `users`
 */
export function userEmbeddingSet(rec: Recommender): LearnedEmbeddingSet {
  const t0 = performance.now();
  const ids = rec.users.ids;
  const vectors = new Float32Array(ids.length * rec.dim);
  for (let u0 = 0; u0 < ids.length; u0 += BATCH) {
    vectors.set(rec.embedQueries(ids.slice(u0, u0 + BATCH)), u0 * rec.dim);
  }
  return { name: 'users', of: 'users', method: 'two-tower', ids: [...ids], vectors, dim: rec.dim, options: {}, seconds: (performance.now() - t0) / 1000 };
}

/** The two-tower's item embeddings as a {@link LearnedEmbeddingSet} (named `candidates`, as in the model directory), for comparisons and segments. */
export function candidateEmbeddingSet(rec: Recommender, vectors: Float32Array = rec.embedItems()): LearnedEmbeddingSet {
  return { name: 'candidates', of: 'items', method: 'two-tower', ids: [...rec.catalogue.ids], vectors, dim: rec.dim, options: {}, seconds: 0 };
}
