/* eslint-disable @typescript-eslint/no-explicit-any -- tfjs types customGrad loosely */
import { tf } from '../tf';

const lookup = tf.customGrad(((table: tf.Tensor2D, ids: tf.Tensor1D, save: tf.GradSaveFunc) => {
  save([ids]);
  const vocab = table.shape[0];
  const dim = table.shape[1];
  return {
    value: tf.gather(table, ids),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [sids] = saved as [tf.Tensor1D];
      // ScatterNd sums duplicate indices: O(batch * dim), on every backend.
      const grad = tf.scatterND(tf.expandDims(sids, 1), dy, [vocab, dim]);
      return [grad, tf.zerosLike(sids)];
    },
  };
}) as unknown as any);

/**
 * Rows of an embedding table, differentiable with respect to the table through a scatter-add
 * (`ScatterNd`), which every backend has and which costs O(ids * dim) whatever the vocabulary.
 *
 * @param table [vocab, dim]
 * @param ids int32 [n], each in [0, vocab)
 * @returns [n, dim]
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  if (table.rank !== 2) throw new Error(`embeddingLookup: table must be [vocab, dim], got ${JSON.stringify(table.shape)}`);
  if (ids.rank !== 1 || ids.dtype !== 'int32') {
    throw new Error(`embeddingLookup: ids must be int32 [n], got ${ids.dtype} ${JSON.stringify(ids.shape)}`);
  }
  return lookup(table, ids) as tf.Tensor2D;
}
