import { tf } from '../tf';
import { ready } from '../backend';
import { dense } from './dense';
import { rng } from '../test-utils';

function randTensor(shape: number[], seed: number) {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, () => r() * 2 - 1), shape);
}

describe('dense', () => {
  beforeAll(async () => {
    await ready({ backend: 'wasm', log: null });
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`matches autodiff of the plain expression on ${backend}`, async () => {
      await tf.setBackend(backend);
      tf.tidy(() => {
        const x = randTensor([5, 4], 1) as tf.Tensor2D;
        const w = randTensor([4, 3], 2) as tf.Tensor2D;
        const b = randTensor([3], 3) as tf.Tensor1D;
        const up = randTensor([5, 3], 4);
        const ours = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
          tf.sum(tf.mul(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, 'relu'), up)),
        )([x, w, b]);
        const ref = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
          tf.sum(tf.mul(tf.relu(tf.add(tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D), bb)), up)),
        )([x, w, b]);
        const yo = dense(x, w, b, 'relu').dataSync();
        const yr = tf.relu(tf.add(tf.matMul(x, w), b)).dataSync();
        yo.forEach((v, i) => expect(v).toBeCloseTo(yr[i]!, 5));
        for (let k = 0; k < 3; k++) {
          const a = ours[k]!.dataSync();
          const c = ref[k]!.dataSync();
          a.forEach((v, i) => expect(v).toBeCloseTo(c[i]!, 5));
        }
      });
    });
  }

  it('has a gradient equal to finite differences (linear)', async () => {
    await tf.setBackend('cpu');
    const xs = [0.5, -1, 2, 0.25, 1.5, -0.5];
    const ws = [1, -2, 0.5, 0.3, -0.7, 1.1];
    const f = (wv: number[]) =>
      tf.tidy(() => tf.sum(tf.square(dense(tf.tensor2d(xs, [2, 3]), tf.tensor2d(wv, [3, 2]), tf.tensor1d([0.1, -0.2]), 'linear'))).dataSync()[0]!);
    const g = tf.tidy(() =>
      Array.from(tf.grad((w: tf.Tensor) => tf.sum(tf.square(dense(tf.tensor2d(xs, [2, 3]), w as tf.Tensor2D, tf.tensor1d([0.1, -0.2]), 'linear'))))(tf.tensor2d(ws, [3, 2])).dataSync()),
    );
    const eps = 1e-2;
    for (let i = 0; i < ws.length; i++) {
      const p = ws.slice(); p[i]! += eps;
      const m = ws.slice(); m[i]! -= eps;
      expect(g[i]).toBeCloseTo((f(p) - f(m)) / (2 * eps), 2);
    }
  });

  it('propagates NaN', async () => {
    await tf.setBackend('wasm');
    const y = tf.tidy(() => dense(tf.tensor2d([NaN, 1], [1, 2]), tf.tensor2d([1, 1], [2, 1]), tf.tensor1d([0]), 'linear').dataSync());
    expect(Number.isNaN(y[0])).toBe(true);
  });

  it('names the shapes when they do not chain', () => {
    expect(() => dense(tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([4, 2]) as tf.Tensor2D, tf.zeros([2]) as tf.Tensor1D)).toThrow(/x \[2,3\] · kernel \[4,2\]/);
  });

  it('leaks no tensor across training steps', async () => {
    await tf.setBackend('wasm');
    const w = tf.variable(randTensor([4, 3], 5) as tf.Tensor2D);
    const b = tf.variable(tf.zeros([3]) as tf.Tensor1D);
    const x = randTensor([8, 4], 6) as tf.Tensor2D;
    const opt = tf.train.adagrad(0.1);
    const step = () => opt.minimize(() => tf.mean(tf.square(dense(x, w, b, 'relu'))) as tf.Scalar);
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});
