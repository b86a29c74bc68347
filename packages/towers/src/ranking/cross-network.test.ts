import { tf, ready } from '@twotower/runtime';
import { CrossNetwork } from './cross-network';

describe('CrossNetwork', () => {
  beforeAll(() => ready({ backend: 'wasm', log: null }));

  it('computes x0 ⊙ (x·W + b) + x per layer (hand-computed, 2 layers)', () => {
    const c = new CrossNetwork(2, { layers: 2 });
    const W0 = [[1, 0], [2, -1]];
    const W1 = [[0.5, 1], [0, 1]];
    c.variables[0]!.assign(tf.tensor2d(W0));
    c.variables[1]!.assign(tf.tensor1d([0.1, 0]));
    c.variables[2]!.assign(tf.tensor2d(W1));
    c.variables[3]!.assign(tf.tensor1d([0, -1]));
    const x0 = [1, 2];
    // layer 0: x·W0 + b = [1 + 4 + 0.1, 0 - 2 + 0] = [5.1, -2]; x1 = [1·5.1 + 1, 2·(−2) + 2] = [6.1, −2]
    // layer 1: x1·W1 + b = [3.05, 6.1 − 2 − 1] = [3.05, 3.1]; x2 = [1·3.05 + 6.1, 2·3.1 − 2] = [9.15, 4.2]
    const y = tf.tidy(() => Array.from(c.apply(tf.tensor2d([x0])).dataSync()));
    expect(y[0]).toBeCloseTo(9.15, 5);
    expect(y[1]).toBeCloseTo(4.2, 5);
    expect(c.names).toEqual(['cross/cross_0/kernel', 'cross/cross_0/bias', 'cross/cross_1/kernel', 'cross/cross_1/bias']);
    c.dispose();
  });

  it('low rank equals the full layer with W = V·U', () => {
    const low = new CrossNetwork(5, { layers: 1, lowRank: 2 }, 3);
    const full = new CrossNetwork(5, { layers: 1 }, 4);
    tf.tidy(() => {
      full.variables[0]!.assign(tf.matMul(low.variables[0]!, low.variables[1]!));
      full.variables[1]!.assign(tf.randomUniform([5], -1, 1, 'float32', 1));
      low.variables[2]!.assign(full.variables[1]!);
      const x = tf.randomUniform([4, 5], -1, 1, 'float32', 2) as tf.Tensor2D;
      const a = low.apply(x).dataSync();
      const b = full.apply(x).dataSync();
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
    });
    expect(low.names).toEqual(['cross/cross_0/v', 'cross/cross_0/u', 'cross/cross_0/bias']);
    low.dispose();
    full.dispose();
  });

  it('rejects bad options and inputs, naming them', () => {
    expect(() => new CrossNetwork(4, { layers: 0 })).toThrow(/cross.layers must be a positive integer/);
    expect(() => new CrossNetwork(4, { layers: 1, lowRank: 5 })).toThrow(/cross.lowRank must be an integer in \[1, 4\].*got 5/);
    const c = new CrossNetwork(4, { layers: 1 });
    expect(() => c.apply(tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(/expected input \[batch, 4\], got \[2,3\]/);
    c.dispose();
  });

  it('releases every tensor it made', () => {
    const before = tf.memory().numTensors;
    const c = new CrossNetwork(6, { layers: 2, lowRank: 2 });
    tf.tidy(() => {
      c.apply(tf.ones([3, 6]) as tf.Tensor2D);
    });
    c.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
