import { gaussJordanInverse, randomSpd } from '../test-utils';
import { invertSpdInPlace } from './spd-inverse';

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('invertSpdInPlace', () => {
  it('inverts a hand-checked 3×3 matrix', () => {
    // [[3,2,1],[2,4,2],[1,2,3]]: det 16, inverse = [[8,-4,0],[-4,8,-4],[0,-4,8]] / 16
    const a = new Float64Array([3, 2, 1, 2, 4, 2, 1, 2, 3]);
    invertSpdInPlace(a, 3);
    const expected = [0.5, -0.25, 0, -0.25, 0.5, -0.25, 0, -0.25, 0.5];
    expected.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 12));
  });

  it('matches a naive Gauss-Jordan inverse on random SPD matrices of several sizes', () => {
    for (const [n, seed] of [
      [1, 1],
      [2, 2],
      [5, 3],
      [37, 4],
      [64, 5],
    ] as const) {
      const a = randomSpd(n, seed);
      const ref = gaussJordanInverse(a, n);
      invertSpdInPlace(a, n);
      expect(maxAbsDiff(a, ref)).toBeLessThan(1e-10);
    }
  });

  it('returns a symmetric matrix whose product with the input is the identity', () => {
    const n = 29;
    const orig = randomSpd(n, 9, 0.5);
    const a = Float64Array.from(orig);
    invertSpdInPlace(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(a[i * n + j]).toBe(a[j * n + i]);
        let s = 0;
        for (let k = 0; k < n; k++) s += orig[i * n + k]! * a[k * n + j]!;
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-9);
      }
    }
  });

  it('reads only the lower triangle', () => {
    const a = new Float64Array([3, 99, 99, 2, 4, 99, 1, 2, 3]);
    invertSpdInPlace(a, 3);
    expect(a[1]).toBeCloseTo(-0.25, 12);
  });

  it('handles the empty and the 1×1 matrix', () => {
    const empty = new Float64Array(0);
    invertSpdInPlace(empty, 0);
    expect(empty).toHaveLength(0);
    const one = new Float64Array([4]);
    invertSpdInPlace(one, 1);
    expect(one[0]).toBe(0.25);
  });

  it('names the pivot of a matrix that is not positive definite, and checks the size', () => {
    expect(() => invertSpdInPlace(new Float64Array([1, 2, 2, 1]), 2)).toThrow(/a\[1\]\[1\].*not positive definite/);
    expect(() => invertSpdInPlace(new Float64Array(5), 2)).toThrow(/expected n × n = 4/);
  });
});
