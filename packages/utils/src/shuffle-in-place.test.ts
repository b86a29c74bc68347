import { mulberry32 } from './mulberry32';
import { shuffleInPlace } from './shuffle-in-place';

describe('shuffleInPlace', () => {
  it('gives the pinned order for a seed (permutations of splits and drawing orders depend on it)', () => {
    // @twotower/data's permutation(10, 42) is this order.
    expect(Array.from(shuffleInPlace(Int32Array.from({ length: 10 }, (_, i) => i), mulberry32(42)))).toEqual([0, 7, 3, 5, 2, 1, 8, 9, 4, 6]);
  });

  it('returns the same array, a permutation of it', () => {
    const a = Array.from({ length: 500 }, (_, i) => i);
    expect(shuffleInPlace(a, mulberry32(5))).toBe(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(shuffleInPlace([], mulberry32(1))).toEqual([]);
  });

  it('puts each element in each place about equally often', () => {
    const counts = [0, 0, 0];
    const r = mulberry32(3);
    for (let t = 0; t < 3000; t++) counts[shuffleInPlace(['a', 'b', 'c'], r).indexOf('a')]!++;
    for (const c of counts) expect(c).toBeGreaterThan(900);
  });
});
