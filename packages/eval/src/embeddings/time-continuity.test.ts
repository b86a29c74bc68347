import { mulberry32 } from '@twotower/utils';
import { timeContinuity } from './time-continuity';

const dim = 8;

/** Days along a half circle (angle grows with the day) plus a little noise: a smooth gradient. */
function smooth(n: number, seed = 1): Float32Array {
  const rand = mulberry32(seed);
  const v = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const a = (Math.PI * i) / n;
    v[i * dim] = Math.cos(a);
    v[i * dim + 1] = Math.sin(a);
    for (let d = 2; d < dim; d++) v[i * dim + d] = 0.05 * (rand() - 0.5);
  }
  return v;
}

function shuffled(v: Float32Array, n: number, seed = 2): Float32Array {
  const rand = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out = new Float32Array(v.length);
  order.forEach((from, to) => out.set(v.subarray(from * dim, (from + 1) * dim), to * dim));
  return out;
}

describe('timeContinuity', () => {
  const n = 200;

  it('tells a smooth day embedding from the same rows shuffled', () => {
    const good = timeContinuity(smooth(n), dim);
    const bad = timeContinuity(shuffled(smooth(n), n), dim);
    expect(good.rankCorrelation).toBeGreaterThan(0.9);
    expect(Math.abs(bad.rankCorrelation)).toBeLessThan(0.1);
    expect(good.neighboursWithinWindow).toBeGreaterThan(0.9);
    // a shuffled embedding finds days near in time only as often as chance does
    expect(Math.abs(bad.neighboursWithinWindow - bad.chanceWithinWindow)).toBeLessThan(0.05);
    expect(good.chanceWithinWindow).toBeCloseTo(bad.chanceWithinWindow, 10);
    expect(good.rows).toBe(n);
    expect(good.pairs).toBe((n * (n - 1)) / 2);
  });

  it('flags the latest days pulled into a corner of their own, not a gradient', () => {
    const v = smooth(n);
    // the last 10% of days moved together, away from the rest
    for (let i = n - 20; i < n; i++) {
      v[i * dim] = 0;
      v[i * dim + 1] = 0;
      v[i * dim + 2] = 1;
    }
    const biased = timeContinuity(v, dim);
    expect(biased.recencyBias).toBe(true);
    expect(biased.recencyJump).toBeGreaterThan(10);
    const gradient = timeContinuity(smooth(n), dim);
    expect(gradient.recencyBias).toBe(false);
    expect(gradient.recencyJump).toBeGreaterThan(0.5);
    expect(gradient.recencyJump).toBeLessThan(1.5);
    expect(timeContinuity(shuffled(smooth(n), n), dim).recencyBias).toBe(false);
  });

  it('uses the positions given (gaps between buckets) and samples pairs above maxPairs, deterministically', () => {
    const positions = Array.from({ length: n }, (_, i) => 3 * i);
    const a = timeContinuity(smooth(n), dim, { positions, maxPairs: 5000, seed: 4 });
    const b = timeContinuity(smooth(n), dim, { positions, maxPairs: 5000, seed: 4 });
    expect(a).toEqual(b);
    expect(a.pairs).toBe(5000);
    expect(a.rankCorrelation).toBeGreaterThan(0.9);
    // ±7 positions is ±2 rows here: fewer neighbours near in time than with one position per row
    expect(a.chanceWithinWindow).toBeLessThan(timeContinuity(smooth(n), dim).chanceWithinWindow);
  });

  it('refuses input it cannot read, naming the field', () => {
    expect(() => timeContinuity(new Float32Array(7), dim)).toThrow(/vectors.*not a multiple of dim 8/);
    expect(() => timeContinuity(new Float32Array(2 * dim), dim)).toThrow(/needs at least 3/);
    expect(() => timeContinuity(smooth(5), dim, { positions: [0, 1, 1, 2, 3] })).toThrow(/positions\[2\].*time order/);
    expect(() => timeContinuity(smooth(5), dim, { positions: [0, 1] })).toThrow(/positions.*2 entries for 5 rows/);
  });
});
