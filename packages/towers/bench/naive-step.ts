import { tf } from '@twotower/runtime';
import type { TowerBatch } from '../src';
import { TEXT_WIDTH } from './reference-model';

/**
 * The same reference model written the plain tfjs way — embedding tables as variables read with
 * `tf.gather`, `matMul` with transpose flags, `tf.losses.softmaxCrossEntropy`, autodiff for
 * everything — as a user would write it before meeting the wasm backend's gaps. Its gradient
 * needs `UnsortedSegmentSum`, which stock wasm lacks.
 */
export function naiveStep(layers: number[]): (q: TowerBatch, c: TowerBatch, n: number) => number {
  const v = (shape: number[]) => tf.variable(tf.randomUniform(shape, -0.05, 0.05));
  const user = v([944, 32]);
  const bucket = v([1001, 32]);
  const title = v([1683, 32]);
  const text = v([3000, 32]);
  const mlp = (inDim: number) => {
    const ws: tf.Variable[] = [];
    let d = inDim;
    for (const l of layers) {
      ws.push(v([d, l]), tf.variable(tf.zeros([l])));
      d = l;
    }
    return ws;
  };
  const qW = mlp(65);
  const cW = mlp(64);
  const apply = (x: tf.Tensor2D, ws: tf.Variable[]) => {
    let h = x;
    for (let i = 0; i < ws.length; i += 2) {
      h = tf.add(tf.matMul(h, ws[i] as tf.Tensor2D), ws[i + 1]!) as tf.Tensor2D;
      if (i < ws.length - 2) h = tf.relu(h);
    }
    return h;
  };
  const opt = tf.train.adagrad(0.1);
  return (q, c, n) => {
    const loss = opt.minimize(() => {
      const xq = tf.concat([tf.gather(user, q.user_id as Int32Array), tf.gather(bucket, q.timestamp_bucket as Int32Array), tf.reshape(tf.tensor1d(q.timestamp as Float32Array), [n, 1])], 1) as tf.Tensor2D;
      const tok = tf.tensor1d(c.title_text as Int32Array, 'int32');
      const mask = tf.reshape(tf.cast(tf.notEqual(tok, 0), 'float32'), [n, TEXT_WIDTH, 1]);
      const emb = tf.mul(tf.reshape(tf.gather(text, tok), [n, TEXT_WIDTH, 32]), mask);
      const pooled = tf.div(tf.sum(emb, 1), tf.maximum(tf.sum(mask, 1), 1));
      const xc = tf.concat([tf.gather(title, c.title_id as Int32Array), pooled], 1) as tf.Tensor2D;
      const scores = tf.matMul(apply(xq, qW), apply(xc, cW), false, true);
      return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.range(0, n, 1, 'int32'), n), scores, undefined, undefined, tf.Reduction.SUM) as tf.Scalar;
    }, true);
    const value = loss!.dataSync()[0]!;
    loss!.dispose();
    return value;
  };
}
