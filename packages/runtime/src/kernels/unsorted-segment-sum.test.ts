import { tf } from '../tf';
import { ready } from '../backend';
import { rng } from '../test-utils';

describe('UnsortedSegmentSum on wasm', () => {
  beforeAll(async () => {
    await ready({ backend: 'wasm', log: null });
  });

  function compare(n: number, inner: number[], numSegments: number, seed: number, dtype: 'float32' | 'int32' = 'float32') {
    const r = rng(seed);
    const size = n * inner.reduce((a, b) => a * b, 1);
    const xs = Array.from({ length: size }, () => (dtype === 'int32' ? Math.floor(r() * 100) - 50 : r() * 2 - 1));
    // duplicates on purpose: ids drawn from a small range, some outside [0, numSegments)
    const ids = Array.from({ length: n }, () => Math.floor(r() * (numSegments + 2)) - 1);
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const x = tf.tensor(xs, [n, ...inner], dtype);
      const s = tf.tensor1d(ids, 'int32');
      const out = tf.unsortedSegmentSum(x, s, numSegments);
      const v = Array.from(await out.data());
      const shape = out.shape;
      tf.dispose([x, s, out]);
      return { v, shape };
    };
    return Promise.all([run('cpu')]).then(async ([cpu]) => {
      const wasm = await run('wasm');
      expect(wasm.shape).toEqual(cpu.shape);
      for (let i = 0; i < cpu.v.length; i++) expect(wasm.v[i]).toBeCloseTo(cpu.v[i]!, 5);
    });
  }

  it('agrees with cpu on random 2-D input with duplicate ids', () => compare(200, [8], 17, 1));
  it('agrees with cpu on 1-D and 3-D inputs', async () => {
    await compare(50, [], 5, 2);
    await compare(30, [3, 4], 7, 3);
  });
  it('agrees with cpu on int32 values', () => compare(64, [4], 9, 4, 'int32'));
  it('handles an empty input', () => compare(0, [4], 3, 5));

  it('makes the gradient of gather work on wasm and equal to cpu', async () => {
    const r = rng(9);
    const table = Array.from({ length: 20 * 6 }, () => r());
    const ids = [3, 3, 0, 19, 3, 7, 7];
    const up = Array.from({ length: ids.length * 6 }, () => r());
    const grad = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const t = tf.tensor2d(table, [20, 6]);
        const i = tf.tensor1d(ids, 'int32');
        const u = tf.tensor2d(up, [ids.length, 6]);
        const g = tf.grad((tt: tf.Tensor) => tf.sum(tf.mul(tf.gather(tt, i), u)))(t);
        return Array.from(g.dataSync());
      });
    };
    const cpu = await grad('cpu');
    const wasm = await grad('wasm');
    for (let k = 0; k < cpu.length; k++) expect(wasm[k]).toBeCloseTo(cpu[k]!, 5);
    // row 3 appears three times: its gradient is the sum of three upstream rows
    expect(cpu[3 * 6]).toBeCloseTo(up[0]! + up[6]! + up[4 * 6]!, 5);
  });

  it('leaks no tensor over many calls', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([100, 4]);
    const s = tf.tensor1d(Array.from({ length: 100 }, (_, i) => i % 10), 'int32');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) tf.unsortedSegmentSum(x, s, 10).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, s]);
  });
});
