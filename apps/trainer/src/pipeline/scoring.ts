import { tf } from '@twotower/runtime';
import type { Recommender } from '@twotower/recommender';
import type { Prepared } from './prepare';

/**
 * Scores query embeddings against every catalogue item: the item embeddings are computed and
 * transposed into one tfjs tensor once, then each block is one untransposed matmul.
 * `dispose()` when done.
 */
export class ItemScorer {
  private readonly itemsT: tf.Tensor2D;
  readonly numItems: number;

  constructor(rec: Recommender) {
    this.numItems = rec.numItems;
    const items = rec.embedItems();
    this.itemsT = tf.tidy(() => tf.transpose(tf.tensor2d(items, [rec.numItems, rec.dim])) as tf.Tensor2D);
  }

  /** `out[i, j] = q_i · item_j` for q [m × dim]; `out` is [m × numItems]. */
  score(q: Float32Array, m: number, out: Float32Array): void {
    const d = this.itemsT.shape[0];
    tf.tidy(() => {
      out.set(tf.matMul(tf.tensor2d(q, [m, d]), this.itemsT).dataSync() as Float32Array);
    });
  }

  dispose(): void {
    this.itemsT.dispose();
  }
}

/**
 * A `scoreQueries` for @twotower/eval: each row is a query (its user at its own timestamp)
 * scored against every item of the catalogue.
 * @param rows the log rows that `evaluateRetrieval`'s test rows refer to
 */
export function scoreQueriesFn(p: Prepared, rows: Int32Array, scorer: ItemScorer) {
  return (idx: Int32Array, out: Float32Array): void => {
    const logRows = Int32Array.from(idx, (i) => rows[i]!);
    const q = p.recommender.embedQueries(
      Array.from(logRows, (r) => p.rowUserIds[r]!),
      Float64Array.from(logRows, (r) => p.timestamps[r]!),
    );
    scorer.score(q, idx.length, out);
  };
}

/** A `scoreUsers` for @twotower/eval: each user queried at its latest training time (what serving does by default). */
export function scoreUsersFn(p: Prepared, scorer: ItemScorer) {
  return (users: Int32Array, out: Float32Array): void => {
    scorer.score(p.recommender.embedQueries(Array.from(users, (u) => p.log.userIds[u]!)), users.length, out);
  };
}
