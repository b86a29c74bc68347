import { tf } from '@twotower/runtime';
import type { Prepared } from './prepare';

/** `out[i, j] = q_i · c_j` for q [m × d] and the transposed items cT [d × n] (an untransposed tfjs matmul). */
export function scoreInto(q: Float32Array, m: number, c: tf.Tensor2D, out: Float32Array): void {
  const d = c.shape[0];
  tf.tidy(() => {
    const s = tf.matMul(tf.tensor2d(q, [m, d]), c);
    out.set(s.dataSync() as Float32Array);
  });
}

/**
 * A `scoreQueries` for @twotower/eval: each row is a query (its user at its own timestamp)
 * scored against every item of the catalogue.
 * @param rows the log rows that `evaluateRetrieval`'s test rows refer to
 */
export function scoreQueriesFn(p: Prepared, rows: Int32Array) {
  const items = p.recommender.embedItems();
  return (idx: Int32Array, out: Float32Array): void => {
    const logRows = Int32Array.from(idx, (i) => rows[i]!);
    const q = p.recommender.embedQueries(
      Array.from(logRows, (r) => p.rowUserIds[r]!),
      Float64Array.from(logRows, (r) => p.timestamps[r]!),
    );
    const c = tf.tidy(() => tf.transpose(tf.tensor2d(items, [p.numItems, p.recommender.dim])) as tf.Tensor2D);
    try {
      scoreInto(q, idx.length, c, out);
    } finally {
      c.dispose();
    }
  };
}

/** A `scoreUsers` for @twotower/eval: each user queried at its latest training time (what serving does by default). */
export function scoreUsersFn(p: Prepared) {
  const items = p.recommender.embedItems();
  return (users: Int32Array, out: Float32Array): void => {
    const q = p.recommender.embedQueries(Array.from(users, (u) => p.log.userIds[u]!));
    const c = tf.tidy(() => tf.transpose(tf.tensor2d(items, [p.numItems, p.recommender.dim])) as tf.Tensor2D);
    try {
      scoreInto(q, users.length, c, out);
    } finally {
      c.dispose();
    }
  };
}
