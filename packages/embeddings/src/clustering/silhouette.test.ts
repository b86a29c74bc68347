import { EmbeddingsInputError } from '../errors';
import { kMeans } from './kmeans';
import { silhouette } from './silhouette';
import { plantedBlobs } from './test-utils';

describe('silhouette', () => {
  it('matches a hand-computed example (and scikit-learn: 0.65373...)', () => {
    // Clusters {0, 1} and {4, 6} on a line: s = 0.8, 0.75, 1.5/3.5, 3.5/5.5.
    const expected = (0.8 + 0.75 + 1.5 / 3.5 + 3.5 / 5.5) / 4;
    expect(silhouette(Float32Array.of(0, 1, 4, 6), 1, Int32Array.of(0, 0, 1, 1), 2)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.6537337662337662, 12);
  });

  it('scores a row alone in its cluster 0 (scikit-learn: 0.52298...)', () => {
    expect(silhouette(Float32Array.of(0, 1, 4, 6, 20), 1, Int32Array.of(0, 0, 1, 1, 2), 3)).toBeCloseTo(0.522987012987013, 12);
  });

  it('uses 1 − cos with metric cosine (scikit-learn: 0.99905...)', () => {
    const v = Float32Array.of(1, 0, 2, 0.1, 0, 1, 0.1, 3);
    expect(silhouette(v, 2, Int32Array.of(0, 0, 1, 1), 2, { metric: 'cosine' })).toBeCloseTo(0.9990589604890956, 6);
  });

  it('is near 1 on separated blobs, exactly or on a seeded sample', () => {
    const { vectors, truth } = plantedBlobs(4, 300, 6, 3, 30, 1);
    const exact = silhouette(vectors, 6, truth, 4, { sample: 5000 });
    expect(exact).toBeGreaterThan(0.9);
    const sampled = silhouette(vectors, 6, truth, 4, { sample: 200, seed: 1 });
    expect(sampled).toBe(silhouette(vectors, 6, truth, 4, { sample: 200, seed: 1 }));
    expect(sampled).not.toBe(exact);
    expect(Math.abs(sampled - exact)).toBeLessThan(0.02);
  });

  it('is lower for a worse clustering of the same rows', () => {
    const { vectors, truth } = plantedBlobs(3, 50, 4, 5, 10, 1);
    const shuffled = Int32Array.from(truth, (_, i) => Math.floor(i / 50)); // rows interleave the blobs
    expect(silhouette(vectors, 4, shuffled, 3)).toBeLessThan(silhouette(vectors, 4, kMeans(vectors, 4, { k: 3 }).assignments, 3));
  });

  it('needs two clusters among the scored rows', () => {
    expect(() => silhouette(Float32Array.of(0, 1), 1, Int32Array.of(0, 0), 2)).toThrow(EmbeddingsInputError);
    expect(() => silhouette(Float32Array.of(0, 1), 1, Int32Array.of(0, 2), 2)).toThrow(/assignments\[1\]: segment 2 is outside \[0, 2\)/);
  });
});
