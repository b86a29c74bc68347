import { exactKnn } from './knn';
import { SeededRandom } from './random';

describe('exactKnn', () => {
  it('equals sorting all distances', () => {
    const rng = new SeededRandom(3);
    const n = 70;
    const dim = 5;
    const data = Float32Array.from({ length: n * dim }, () => rng.normal());
    const k = 7;
    const r = exactKnn(data, dim, k);
    for (let i = 0; i < n; i++) {
      const all = Array.from({ length: n }, (_, j) => {
        let d = 0;
        for (let c = 0; c < dim; c++) d += (data[i * dim + c]! - data[j * dim + c]!) ** 2;
        return { j, d };
      })
        .filter((x) => x.j !== i)
        .sort((a, b) => a.d - b.d || a.j - b.j);
      expect(Array.from(r.indices.subarray(i * k, i * k + k))).toEqual(all.slice(0, k).map((x) => x.j));
      expect(r.distances[i * k]).toBeCloseTo(all[0]!.d, 10);
    }
  });

  it('breaks ties by index and never returns the row itself', () => {
    const data = Float64Array.from([0, 0, 1, 0, -1, 0, 0, 1, 0, -1]); // centre and four equidistant points
    const r = exactKnn(data, 2, 4);
    expect(Array.from(r.indices.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    for (let i = 0; i < 5; i++) expect(Array.from(r.indices.subarray(i * 4, i * 4 + 4))).not.toContain(i);
  });

  it('rejects k outside [1, n − 1]', () => {
    expect(() => exactKnn(new Float32Array(6), 2, 3)).toThrow(/k: must be an integer in \[1, 2\]/);
  });
});
