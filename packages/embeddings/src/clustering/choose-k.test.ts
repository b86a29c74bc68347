import { chooseK } from './choose-k';
import { plantedBlobs } from './test-utils';

describe('chooseK', () => {
  it('finds the planted number of blobs and reports every candidate', () => {
    const { vectors, truth } = plantedBlobs(6, 40, 6, 8, 12, 1);
    const progress: number[] = [];
    const { k, scores, result } = chooseK(vectors, 6, { candidates: [2, 4, 6, 8, 10], seed: 1, onProgress: (done) => progress.push(done) });
    expect(k).toBe(6);
    expect(scores.map((s) => s.k)).toEqual([2, 4, 6, 8, 10]);
    const best = Math.max(...scores.map((s) => s.silhouette));
    expect(scores.find((s) => s.k === 6)!.silhouette).toBe(best);
    expect(result.k).toBe(6);
    expect(result.assignments).toHaveLength(truth.length);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects a candidate above the row count', () => {
    const { vectors } = plantedBlobs(2, 5, 2, 1);
    expect(() => chooseK(vectors, 2, { candidates: [2, 11] })).toThrow(/candidates\[1\]: k = 11 must be an integer in \[2, 10\]/);
    expect(() => chooseK(vectors, 2, { candidates: [] })).toThrow(/candidates: is empty/);
  });
});
