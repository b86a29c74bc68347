import { Normalization } from './normalization';
import { throughJson } from './test-utils';

describe('Normalization', () => {
  it('fits mean and population variance and standardises', () => {
    const norm = new Normalization().fit([1, 2, 3, 4]);
    expect(norm.mean).toBe(2.5);
    expect(norm.variance).toBeCloseTo(1.25, 12);
    expect(norm.count).toBe(4);
    const out = norm.transform([2.5, 1, 5]);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 6);
    expect(out[2]).toBeCloseTo(2.5 / Math.sqrt(1.25), 6);
    expect(norm.inverse(out[2]!)).toBeCloseTo(5, 5);
  });

  it('is exact on large offsets (timestamps) where a naive sum of squares is not', () => {
    const base = 880000000;
    const values = Array.from({ length: 10001 }, (_, i) => base + (i - 5000)); // mean base, variance known
    const norm = new Normalization().fit(values);
    const n = values.length;
    const expectedVar = (n * n - 1) / 12; // variance of n consecutive integers
    expect(norm.mean).toBeCloseTo(base, 6);
    expect(norm.variance / expectedVar).toBeCloseTo(1, 9);
    const z = norm.transform(values);
    let sum = 0;
    for (const v of z) sum += v;
    expect(Math.abs(sum / n)).toBeLessThan(1e-6);
  });

  it('maps a constant column to 0 thanks to the variance floor', () => {
    const norm = new Normalization().fit([7, 7, 7]);
    expect(norm.variance).toBe(0);
    expect(Array.from(norm.transform([7]))).toEqual([0]);
    expect(Number.isFinite(norm.transform([8])[0])).toBe(true);
  });

  it('rejects missing values naming the row, and bad options', () => {
    const norm = new Normalization({ name: 'timestamp' });
    expect(() => norm.fit([1, undefined] as unknown as number[])).toThrow('timestamp: row 1 is undefined; expected a finite number (or a numeric string). Numeric features cannot be missing');
    expect(() => new Normalization({ varianceFloor: -1 })).toThrow(/option varianceFloor is -1/);
    expect(() => new Normalization().transform([1])).toThrow(/not fitted/);
    expect(() => Normalization.fromStatistics({ mean: 0, variance: -1 })).toThrow(/variance finite and >= 0/);
  });

  it('round-trips through JSON with identical outputs', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1e6 + 881250949);
    const norm = new Normalization({ varianceFloor: 1e-6, name: 'ts' }).fit(values);
    const restored = Normalization.fromJSON(throughJson(norm));
    expect(Array.from(restored.transform(values))).toEqual(Array.from(norm.transform(values)));
    expect(restored.toJSON()).toEqual(norm.toJSON());
    expect(() => Normalization.fromJSON({ ...norm.toJSON(), mean: 'x' })).toThrow(/"mean" is "x"; expected a finite number/);
  });
});
