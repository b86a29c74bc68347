import { tf } from '../tf';
import { ready } from '../backend';
import { embeddingLookup } from './embedding-lookup';

describe('embeddingLookup', () => {
  beforeAll(async () => {
    await ready({ backend: 'wasm', log: null });
  });

  it('returns the rows and a gradient that sums duplicate ids, equal on cpu and wasm', async () => {
    const out: number[][] = [];
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      out.push(tf.tidy(() => {
        const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
        const ids = tf.tensor1d([2, 0, 2], 'int32');
        const rows = embeddingLookup(table, ids);
        expect(Array.from(rows.dataSync())).toEqual([5, 6, 1, 2, 5, 6]);
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(t as tf.Tensor2D, ids), tf.tensor2d([[1, 1], [2, 2], [3, 3]]))))(table);
        return Array.from(g.dataSync());
      }));
    }
    expect(out[0]).toEqual([2, 2, 0, 0, 4, 4]);
    expect(out[1]).toEqual(out[0]);
  });

  it('rejects float ids with a clear message', () => {
    expect(() => embeddingLookup(tf.zeros([3, 2]) as tf.Tensor2D, tf.tensor1d([0, 1]))).toThrow(/ids must be int32/);
  });
});
