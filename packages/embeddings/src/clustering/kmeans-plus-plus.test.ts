import { mulberry32 } from '@twotower/utils';
import { kMeansPlusPlus } from './kmeans-plus-plus';
import { createPool } from './kmeans-pool';
import { plantedBlobs } from './test-utils';

describe('kMeansPlusPlus', () => {
  it('picks data rows, one in each of far-apart blobs', () => {
    const { vectors, truth, rows } = plantedBlobs(8, 25, 4, 9, 50, 1);
    const x = Float64Array.from(vectors);
    for (const seed of [1, 2, 3, 4, 5]) {
      const centres = seeds(vectors, rows, 4, 8, seed);
      const blobsHit = new Set<number>();
      for (let c = 0; c < 8; c++) {
        const row = findRow(x, centres.subarray(c * 4, c * 4 + 4), 4);
        expect(row).toBeGreaterThanOrEqual(0);
        blobsHit.add(truth[row]!);
      }
      expect(blobsHit.size).toBe(8);
    }
  });

  it('prefers the farthest candidates: on a line, the second seed of two is an end', () => {
    // Rows 0..9 and one outlier at 1000: after any first seed, the outlier holds nearly all the potential.
    const x = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]);
    for (const seed of [1, 2, 3]) {
      const centres = seeds(x, 11, 1, 2, seed);
      expect(Array.from(centres)).toContain(1000);
    }
  });

  it('is deterministic for a seeded source', () => {
    const { vectors, rows } = plantedBlobs(5, 20, 3, 2, 3, 1);
    expect(Array.from(seeds(vectors, rows, 3, 5, 7))).toEqual(Array.from(seeds(vectors, rows, 3, 5, 7)));
  });
});

function seeds(vectors: Float32Array, rows: number, dim: number, k: number, seed: number): Float64Array {
  const pool = createPool(vectors, rows, dim, k, false, 1);
  kMeansPlusPlus(pool, mulberry32(seed));
  return pool.state.centroids;
}

function findRow(x: Float64Array, centre: Float64Array, dim: number): number {
  for (let i = 0; i < x.length / dim; i++) {
    let same = true;
    for (let d = 0; d < dim; d++) if (x[i * dim + d] !== centre[d]) same = false;
    if (same) return i;
  }
  return -1;
}
