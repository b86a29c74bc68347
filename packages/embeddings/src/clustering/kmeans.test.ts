import { EmbeddingsInputError } from '../errors';
import { kMeans } from './kmeans';
import { plantedBlobs, samePartition } from './test-utils';

describe('kMeans', () => {
  it('recovers well-separated planted blobs up to relabelling', () => {
    const { vectors, truth } = plantedBlobs(6, 80, 8, 1);
    const result = kMeans(vectors, 8, { k: 6, seed: 3 });
    expect(samePartition(result.assignments, truth)).toBe(true);
    expect(Array.from(result.sizes)).toEqual([80, 80, 80, 80, 80, 80]);
    expect(result.centroids).toHaveLength(6 * 8);
    expect(result.restarts).toBe(3);
    // Each centroid sits near its blob's centre: the mean squared distance is about dim × spread².
    expect(result.inertia / 480).toBeGreaterThan(6);
    expect(result.inertia / 480).toBeLessThan(10);
  });

  it('is deterministic under a seed, and other seeds still find the blobs', () => {
    const { vectors, truth } = plantedBlobs(5, 40, 4, 2);
    const a = kMeans(vectors, 4, { k: 5, seed: 11 });
    const b = kMeans(vectors, 4, { k: 5, seed: 11 });
    expect(Array.from(a.assignments)).toEqual(Array.from(b.assignments));
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
    expect(a.inertia).toBe(b.inertia);
    for (const seed of [1, 2, 3]) expect(samePartition(kMeans(vectors, 4, { k: 5, seed }).assignments, truth)).toBe(true);
  });

  it('never increases the inertia from one Lloyd iteration to the next', () => {
    // Overlapping blobs, so Lloyd takes many iterations; maxIterations t stops the same run after t.
    const { vectors } = plantedBlobs(8, 50, 3, 4, 1.5, 1);
    const full = kMeans(vectors, 3, { k: 8, seed: 5, restarts: 1, tolerance: 0 });
    expect(full.iterations).toBeGreaterThan(3);
    let previous = Infinity;
    for (let t = 1; t <= full.iterations; t++) {
      const { inertia } = kMeans(vectors, 3, { k: 8, seed: 5, restarts: 1, tolerance: 0, maxIterations: t });
      expect(inertia).toBeLessThanOrEqual(previous * (1 + 1e-12));
      previous = inertia;
    }
    expect(previous).toBeCloseTo(full.inertia, 6);
  });

  it('assigns every row to its nearest centroid and reports sizes that add up', () => {
    const { vectors, rows } = plantedBlobs(4, 30, 5, 6, 2, 1);
    const r = kMeans(vectors, 5, { k: 7, seed: 1 });
    let inertia = 0;
    for (let i = 0; i < rows; i++) {
      const d2 = (j: number) => {
        let s = 0;
        for (let d = 0; d < 5; d++) s += (vectors[i * 5 + d]! - r.centroids[j * 5 + d]!) ** 2;
        return s;
      };
      for (let j = 0; j < 7; j++) expect(d2(r.assignments[i]!)).toBeLessThanOrEqual(d2(j) + 1e-5);
      inertia += d2(r.assignments[i]!);
    }
    expect(r.inertia).toBeCloseTo(inertia, 2);
    expect(r.sizes.reduce((a, b) => a + b, 0)).toBe(rows);
  });

  it('keeps every cluster non-empty when rows repeat (empty clusters are re-seeded)', () => {
    // 3 distinct points, 2 copies each, and k = 5: k-means++ must pick duplicates, whose clusters
    // start empty (ties go to the lower index) and are re-seeded from the farthest rows.
    const points = [0, 0, 10, 0, 0, 10];
    const vectors = new Float32Array(12);
    for (let i = 0; i < 6; i++) vectors.set(points.slice((i % 3) * 2, (i % 3) * 2 + 2), i * 2);
    const r = kMeans(vectors, 2, { k: 5, seed: 0, restarts: 1 });
    expect(r.sizes.reduce((a, b) => a + b, 0)).toBe(6);
    expect(Math.min(...r.sizes)).toBe(1);
    expect(r.inertia).toBeCloseTo(0, 6);
  });

  it('clusters by direction with metric cosine', () => {
    // Two directions, rows at very different lengths: Euclidean would split by length.
    const rows: number[] = [];
    for (let i = 1; i <= 20; i++) rows.push(i, 0.01 * i, 0.01 * i, i);
    const vectors = Float32Array.from(rows);
    const truth = Int32Array.from({ length: 40 }, (_, i) => i % 2);
    const r = kMeans(vectors, 2, { k: 2, seed: 1, metric: 'cosine' });
    expect(samePartition(r.assignments, truth)).toBe(true);
    // The unit rows of each arm coincide, so nothing is left over; Euclidean sees the lengths.
    expect(r.inertia).toBeLessThan(1e-9);
    expect(kMeans(vectors, 2, { k: 2, seed: 1 }).inertia).toBeGreaterThan(100);
  });

  it('reports progress up to restarts × maxIterations', () => {
    const { vectors } = plantedBlobs(3, 20, 2, 7);
    const calls: number[] = [];
    kMeans(vectors, 2, { k: 3, restarts: 2, maxIterations: 50, onProgress: (done, total) => calls.push(done / total) });
    expect(calls[calls.length - 1]).toBe(1);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!).toBeGreaterThan(calls[i - 1]!);
  });

  it('names the field at fault', () => {
    const v = new Float32Array(12);
    expect(() => kMeans(v, 4, { k: 4 })).toThrow(/k: 4 clusters need at least 4 rows, got 3/);
    expect(() => kMeans(v, 5, { k: 1 })).toThrow(/not a multiple of dim 5/);
    expect(() => kMeans(Float32Array.of(0, NaN), 1, { k: 1 })).toThrow(/vectors\[row 1\]/);
    expect(() => kMeans(v, 4, { k: 2, restarts: 0 })).toThrow(EmbeddingsInputError);
  });
});
