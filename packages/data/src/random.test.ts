// mulberry32, deriveSeed and shuffleInPlace are @twotower/utils' (tested and pinned there).
import * as utils from '@twotower/utils';
import * as data from './index';
import { permutation } from './random';

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

describe('the package entry', () => {
  it("re-exports @twotower/utils' generator, seed derivation and shuffle (callers of @twotower/data keep working)", () => {
    expect(data.mulberry32).toBe(utils.mulberry32);
    expect(data.deriveSeed).toBe(utils.deriveSeed);
    expect(data.shuffleInPlace).toBe(utils.shuffleInPlace);
  });
});
