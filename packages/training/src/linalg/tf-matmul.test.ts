import { jsMatMulF32 } from '@twotower/eval';
import { ready, tf } from '@twotower/runtime';
import { mulberry32 } from '@twotower/utils';
import { tfMatMulF32 } from './tf-matmul';

beforeAll(() => ready());

describe('tfMatMulF32', () => {
  it('equals the JavaScript product, leaves its inputs alone and no tensor behind', () => {
    const r = mulberry32(3);
    const [m, k, n] = [37, 70, 19];
    const a = Float32Array.from({ length: m * k }, () => r() - 0.5);
    const b = Float32Array.from({ length: k * n }, () => r() - 0.5);
    const a0 = Float32Array.from(a);
    const before = tf.memory().numTensors;
    const c = tfMatMulF32(a, b, m, k, n);
    expect(tf.memory().numTensors).toBe(before);
    expect(a).toEqual(a0);
    const ref = jsMatMulF32(a, b, m, k, n);
    expect(c).toHaveLength(m * n);
    for (let i = 0; i < c.length; i++) expect(Math.abs(c[i]! - ref[i]!)).toBeLessThan(1e-5);
  });
});
