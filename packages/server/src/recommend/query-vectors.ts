import { ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';

/**
 * Query-tower embeddings `[n × dim]` of known users (by index), each at its timestamp. Users
 * without a timestamp take their cached default-time embedding; the others go through the query
 * tower in one batched call.
 * @param users user indices (all >= 0)
 * @param timestamps per user, `undefined` for the default time
 */
export function queryVectors(model: ServingModel, users: ArrayLike<number>, timestamps: ArrayLike<number | undefined>): Float32Array {
  const d = model.dim;
  const n = users.length;
  const out = new Float32Array(n * d);
  const timed: number[] = [];
  for (let i = 0; i < n; i++) {
    if (timestamps[i] === undefined) out.set(model.userVector(users[i]!), i * d);
    else timed.push(i);
  }
  if (timed.length > 0) {
    const ids = model.recommender.users.ids;
    const vectors = model.recommender.embedQueries(
      timed.map((i) => ids[users[i]!]!),
      Float64Array.from(timed, (i) => timestamps[i]!),
    );
    timed.forEach((i, j) => out.set(vectors.subarray(j * d, (j + 1) * d), i * d));
  }
  return out;
}

/**
 * For queries of known users: embeds them in one call ({@link queryVectors}) and hands each query
 * its user's vector `[dim]` (and its position in `queries`); a query whose vector is not finite (a timestamp far outside the
 * training times) is answered with {@link badTimestamp} instead.
 * @param known positions in `queries` of the queries whose user is known
 * @param users the user index of each of them
 * @param out answers by query position, filled in place
 */
export function answerKnownUsers<Q extends { timestamp?: number }, R>(
  model: ServingModel,
  queries: readonly Q[],
  known: readonly number[],
  users: readonly number[],
  out: Array<R | ServingError>,
  answer: (q: Q, user: number, vector: Float32Array, position: number) => R | ServingError,
): void {
  if (known.length === 0) return;
  const d = model.dim;
  const vectors = queryVectors(model, users, known.map((i) => queries[i]!.timestamp));
  known.forEach((qi, j) => {
    const q = queries[qi]!;
    out[qi] = finiteRow(vectors, j, d) ? answer(q, users[j]!, vectors.subarray(j * d, (j + 1) * d), qi) : badTimestamp(q.timestamp);
  });
}

/** Whether row `j` of `[n × dim]` vectors is all finite. */
export function finiteRow(vectors: Float32Array, j: number, dim: number): boolean {
  for (let i = j * dim; i < (j + 1) * dim; i++) if (!Number.isFinite(vectors[i]!)) return false;
  return true;
}

/** 400 for a timestamp the query tower cannot embed (too far outside the training times). */
export function badTimestamp(timestamp: number | undefined): ServingError {
  return new ServingError(
    400,
    'BAD_REQUEST',
    `timestamp ${String(timestamp)} is too far outside the training times for the query tower (its embedding is not finite): send a time in the data set's unit (MovieLens: seconds since 1970), or leave it out`,
    { field: '/timestamp' },
  );
}
