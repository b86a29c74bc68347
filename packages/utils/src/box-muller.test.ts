import { boxMuller } from './box-muller';
import { mulberry32 } from './mulberry32';

describe('boxMuller', () => {
  it('is deterministic under a seed and pinned (synthetic data and t-SNE starts depend on it)', () => {
    const a = boxMuller(mulberry32(1));
    const b = boxMuller(mulberry32(1));
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first).toEqual(PINNED);
  });

  it('gives the pair cos, then sin, from two uniforms', () => {
    const uniforms = [0.25, 0.125];
    const normal = boxMuller(() => uniforms.shift()!);
    const r = Math.sqrt(-2 * Math.log(0.25));
    expect(normal()).toBe(r * Math.cos(2 * Math.PI * 0.125));
    expect(normal()).toBe(r * Math.sin(2 * Math.PI * 0.125));
  });

  it('draws again when the uniform is exactly 0', () => {
    const uniforms = [0, 0.5, 0.25];
    const normal = boxMuller(() => uniforms.shift()!);
    expect(normal()).toBe(Math.sqrt(-2 * Math.log(0.5)) * Math.cos(2 * Math.PI * 0.25));
    expect(uniforms).toEqual([]);
  });

  it('has the moments of a standard normal', () => {
    const normal = boxMuller(mulberry32(11));
    const n = 200_000;
    let sum = 0;
    let sum2 = 0;
    let sum3 = 0;
    let sum4 = 0;
    let within1 = 0;
    for (let i = 0; i < n; i++) {
      const x = normal();
      sum += x;
      sum2 += x * x;
      sum3 += x * x * x;
      sum4 += x * x * x * x;
      if (Math.abs(x) < 1) within1++;
    }
    expect(sum / n).toBeCloseTo(0, 2);
    expect(sum2 / n).toBeCloseTo(1, 1);
    expect(Math.abs(sum3 / n)).toBeLessThan(0.05);
    expect(sum4 / n).toBeCloseTo(3, 0);
    expect(within1 / n).toBeCloseTo(0.6827, 2);
  });
});

// From the copies this replaced (@twotower/index gaussian(seededRandom(1)), @twotower/viz SeededRandom(1).normal()).
const PINNED = [0.9659740590152261, 0.016605805257500644, 1.1231041937525543];
