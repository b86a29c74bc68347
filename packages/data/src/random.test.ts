import { deriveSeed, mulberry32, permutation, shuffleInPlace } from './random';

describe('mulberry32', () => {
  it('is deterministic, in [0, 1), and pinned (splits must stay reproducible across releases)', () => {
    const r = mulberry32(42);
    expect(r()).toBe(0.6011037519201636);
    expect(r()).toBe(0.44829055899754167);
    const a = mulberry32(7);
    const b = mulberry32(7);
    let min = 1;
    let max = 0;
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = a();
      expect(x).toBe(b());
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});

describe('permutation', () => {
  it('is a pinned permutation of 0..n-1 for a seed', () => {
    expect(Array.from(permutation(10, 42))).toEqual([0, 7, 3, 5, 2, 1, 8, 9, 4, 6]);
    const p = permutation(1000, 1);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutation(1000, 2))).not.toEqual(Array.from(p));
    expect(permutation(0, 1)).toHaveLength(0);
  });

  it('rejects a bad n', () => {
    expect(() => permutation(-1, 1)).toThrow(/n must be an integer/);
  });
});

describe('shuffleInPlace', () => {
  it('shuffles plain arrays too, uniformly enough', () => {
    const counts = [0, 0, 0];
    const r = mulberry32(3);
    for (let t = 0; t < 3000; t++) counts[shuffleInPlace(['a', 'b', 'c'], r).indexOf('a')]!++;
    for (const c of counts) expect(c).toBeGreaterThan(900);
  });
});

describe('deriveSeed', () => {
  it('gives distinct, pinned 32-bit seeds per stream', () => {
    expect(deriveSeed(42, 0)).toBe(862081050);
    expect(deriveSeed(42, 1)).toBe(2860932040);
    const seen = new Set<number>();
    for (let e = 0; e < 1000; e++) seen.add(deriveSeed(42, e));
    expect(seen.size).toBe(1000);
  });
});
