import { mulberry32 } from './mulberry32';

describe('mulberry32', () => {
  it('gives the pinned first values of a seed (splits, batches and initial weights depend on them)', () => {
    const r = mulberry32(42);
    expect(r()).toBe(0.6011037519201636);
    expect(r()).toBe(0.44829055899754167);
    const zero = mulberry32(0);
    expect([zero(), zero(), zero()]).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
  });

  it('is deterministic under a seed, and uses the seed low 32 bits only', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(7 + 2 ** 32);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(b()).toBe(x);
      expect(c()).toBe(x);
    }
    expect(mulberry32(-1)()).toBe(mulberry32(0xffffffff)());
  });

  it('stays in [0, 1) with a uniform mean and spread', () => {
    const r = mulberry32(3);
    let min = 1;
    let max = 0;
    let sum = 0;
    let sum2 = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = r();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
      sum2 += x * x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sum2 / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });
});
