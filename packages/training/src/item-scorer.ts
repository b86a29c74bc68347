import { tf } from '@twotower/runtime';
import type { PopularityLean, Recommender, SeenItems } from '@twotower/recommender';
import type { TrainingData } from './training-data';

/**
 * Scores query embeddings against every catalogue item: the item embeddings are computed and
 * transposed into one tensor once, then each block of queries is one untransposed matmul.
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

  /**
   * `out[i, j] = q_i · item_j`.
   * @param q [m × dim] query embeddings
   * @param out [m × numItems]
   */
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

/** Runs `fn` with an {@link ItemScorer} of the recommender's current towers, disposing it after. */
export async function withItemScorer<T>(rec: Recommender, fn: (scorer: ItemScorer) => T | Promise<T>): Promise<T> {
  const scorer = new ItemScorer(rec);
  try {
    return await fn(scorer);
  } finally {
    scorer.dispose();
  }
}

/**
 * A `scoreQueries` for `evaluateRetrieval`: each row is a query (its user at its own
 * timestamp) scored against every item of the catalogue.
 * @param rows the log rows that the evaluation's test rows refer to
 * @param history each user's items the query tower's history reads: the rows the model learned
 *   from (the fit rows for validation, all training rows for the test), never the rows scored
 */
export function scoreRows(rec: Recommender, data: TrainingData, rows: Int32Array, scorer: ItemScorer, history: SeenItems) {
  return (idx: Int32Array, out: Float32Array): void => {
    const logRows = Int32Array.from(idx, (i) => rows[i]!);
    const q = rec.embedQueries(
      Array.from(logRows, (r) => data.rowUserIds[r]!),
      Float64Array.from(logRows, (r) => data.timestamps[r]!),
      history,
    );
    scorer.score(q, idx.length, out);
  };
}

/**
 * A `scoreUsers` for `evaluateRetrieval`: each user queried without a time, as serving queries it
 * by default (no time with time dropout, else its latest training time), its history read from
 * `history`; with `lean`, the popularity lean of such a query added to every item's score.
 */
export function scoreUsers(rec: Recommender, data: TrainingData, scorer: ItemScorer, history: SeenItems, lean?: PopularityLean) {
  return (users: Int32Array, out: Float32Array): void => {
    scorer.score(rec.embedQueries(Array.from(users, (u) => data.log.userIds[u]!), undefined, history), users.length, out);
    lean?.addTo(out, users.length);
  };
}
