import { keepProbabilities } from './subsample';

describe('keepProbabilities', () => {
  it("follows word2vec's / gensim's formula min(1, (√(c/t) + 1) · t/c) with t = sample · N", () => {
    const counts = Int32Array.from([1000, 200, 10, 3, 400]);
    const trained = Uint8Array.from([1, 1, 1, 1, 0]);
    const sample = 0.01;
    const keep = keepProbabilities(counts, trained, sample);
    const threshold = sample * (1000 + 200 + 10 + 3); // untrained tokens do not count
    for (let t = 0; t < 4; t++) {
      const c = counts[t]!;
      expect(keep[t]).toBeCloseTo(Math.min(1, (Math.sqrt(c / threshold) + 1) * (threshold / c)), 6);
    }
    expect(keep[0]).toBeLessThan(1);
    expect(keep[3]).toBe(1);
    expect(keep[4]).toBe(0);
  });

  it('keeps every occurrence with sample 0', () => {
    expect(Array.from(keepProbabilities(Int32Array.from([5, 1e6]), Uint8Array.from([1, 1]), 0))).toEqual([1, 1]);
  });
});
