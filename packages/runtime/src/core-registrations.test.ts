import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tf } from './tf';

/** Kernel names tfjs-core ships a gradient for: `kernelName: X` of each dist/gradients/*_grad.js, X a kernel-name export. */
function coreGradientKernels(): string[] {
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist', 'gradients');
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_grad.js'))) {
    const constant = /kernelName:\s*(\w+)/.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
    const name = constant === undefined ? undefined : (tf as unknown as Record<string, unknown>)[constant];
    if (typeof name !== 'string') throw new Error(`${file}: no kernelName that tfjs-core exports (${constant})`);
    names.add(name);
  }
  return [...names].sort();
}

/** Tensor methods tfjs-core's chained ops add: `prototype.X = ` of each dist/public/chained_ops/*.js. */
function coreChainedOps(): string[] {
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist', 'public', 'chained_ops');
  const names: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/prototype\.(\w+) = function/g)) names.push(m[1]!);
  }
  return names.sort();
}

describe('tfjs-core registrations in CommonJS, without the @tensorflow/tfjs umbrella', () => {
  it('registers the gradient of every kernel tfjs-core has one for', () => {
    const kernels = coreGradientKernels();
    expect(kernels.length).toBeGreaterThan(90);
    expect(kernels.filter((k) => tf.getGradient(k) === undefined)).toEqual([]);
  });

  it('differentiates through ops and optimizers on the one tfjs instance', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor1d([1, -2, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.square(t), tf.scalar(0.5))))(x);
    expect(Array.from(g.dataSync())).toEqual([1, -2, 3]); // d/dx ½x² = x
    const w = tf.variable(tf.tensor1d([4, -4]));
    const optimizer = tf.train.sgd(0.25);
    for (let i = 0; i < 4; i++) optimizer.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
    expect(Array.from(w.dataSync())).toEqual([0.25, -0.25]); // each step halves w
    tf.dispose([x, g, w]);
    optimizer.dispose();
  });

  it('gives tensors every method of tfjs-core\'s chained ops', () => {
    const methods = coreChainedOps();
    expect(methods.length).toBeGreaterThan(120);
    const proto = Object.getPrototypeOf(tf.scalar(0)) as Record<string, unknown>;
    expect(methods.filter((m) => typeof proto[m] !== 'function')).toEqual([]);
    const t = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expect(Array.from(t.add(1).mean(1).dataSync())).toEqual([2.5, 4.5]);
    t.dispose();
  });
});
