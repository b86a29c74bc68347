import { cosineNeighbours } from './nearest-neighbours';

describe('cosineNeighbours', () => {
  it('lists the k most cosine-similar other rows, best first, ties by lower index, zero rows out', () => {
    // Rows: 0 (1, 0), 1 (2, 0) same direction as 0, 2 (1, 1), 3 zero, 4 (0, 3), 5 (1, 0) = row 0.
    const v = Float32Array.of(1, 0, 2, 0, 1, 1, 0, 0, 0, 3, 1, 0);
    const nn = cosineNeighbours(v, 2, 3);
    expect(Array.from(nn.subarray(0, 3))).toEqual([1, 5, 2]);
    expect(Array.from(nn.subarray(6, 9))).toEqual([0, 1, 4]);
    expect(Array.from(nn.subarray(9, 12))).toEqual([-1, -1, -1]);
    expect(Array.from(nn.subarray(12, 15))).toEqual([2, 0, 1]);
  });

  it('fills -1 where fewer than k rows exist and names a bad dim', () => {
    expect(Array.from(cosineNeighbours(Float32Array.of(1, 0, 0, 1), 2, 3))).toEqual([1, -1, -1, 0, -1, -1]);
    expect(() => cosineNeighbours(new Float32Array(5), 2, 1)).toThrow(/dim: 2 must be a positive integer dividing vectors.length \(5\)/);
  });
});
