/* eslint-disable @typescript-eslint/no-explicit-any -- tfjs types customGrad loosely */
import { tf } from '../tf';
import { explicitTranspose, matMulABt, matMulAtB } from './transpose-policy';

/**
 * Column sums of `x` [rows, cols] → [cols] (a bias gradient). On wasm, `tf.sum(x, 0)` transposes
 * first, and `ones[1, rows] · x`, one small matmul, is much cheaper (docs/performance.md).
 */
function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  if (!explicitTranspose()) return tf.sum(x, 0);
  return tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]) as tf.Tensor2D, x), [x.shape[1]]);
}

/** Activation of a {@link dense} layer. */
export type Activation = 'linear' | 'relu';

type DenseFn = (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

function makeDense(activation: Activation): DenseFn {
  return tf.customGrad(((x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const z = tf.add(tf.matMul(x, kernel), bias) as tf.Tensor2D;
    const y = activation === 'relu' ? tf.relu(z) : z;
    save([x, kernel, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [sx, sk, sy] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const dz = activation === 'relu' ? tf.mul(dy, tf.step(sy)) as tf.Tensor2D : dy;
        return [matMulABt(dz, sk), matMulAtB(sx, dz), columnSums(dz)];
      },
    };
  }) as unknown as any) as unknown as DenseFn;
}

const denseByActivation: Record<Activation, DenseFn> = {
  linear: makeDense('linear'),
  relu: makeDense('relu'),
};

/**
 * A fully connected layer `activation(x · kernel + bias)` whose gradient uses only
 * untransposed matrix products on explicitly transposed inputs where that is faster (wasm).
 *
 * @param x [batch, in]
 * @param kernel [in, out]
 * @param bias [out]
 * @returns [batch, out]
 */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, activation: Activation = 'linear'): tf.Tensor2D {
  if (x.rank !== 2 || kernel.rank !== 2 || bias.rank !== 1) {
    throw new Error(`dense: expected x [batch, in], kernel [in, out], bias [out]; got x ${JSON.stringify(x.shape)}, kernel ${JSON.stringify(kernel.shape)}, bias ${JSON.stringify(bias.shape)}`);
  }
  if (x.shape[1] !== kernel.shape[0] || kernel.shape[1] !== bias.shape[0]) {
    throw new Error(`dense: shapes do not chain: x ${JSON.stringify(x.shape)} · kernel ${JSON.stringify(kernel.shape)} + bias ${JSON.stringify(bias.shape)}`);
  }
  return denseByActivation[activation](x, kernel, bias);
}
