import { mulberry32 } from '@twotower/utils';
import { kMeansPlusPlus } from './kmeans-plus-plus';
import { plantedBlobs } from './test-blobs';

describe('kMeansPlusPlus', () => {
  it('picks data rows, one in each of far-apart blobs', () => {
    const { vectors, truth, rows } = plantedBlobs(8, 25, 4, 9, 50, 1);
    const x = Float64Array.from(vectors);
    for (const seed of [1, 2, 3, 4, 5]) {
      const centres = kMeansPlusPlus(x, rows, 4, 8, mulberry32(seed));
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
    const x = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]);
    for (const seed of [1, 2, 3]) {
      const centres = kMeansPlusPlus(x, 11, 1, 2, mulberry32(seed));
      expect(Array.from(centres)).toContain(1000);
    }
  });

  it('is deterministic for a seeded source', () => {
    const { vectors, rows } = plantedBlobs(5, 20, 3, 2, 3, 1);
    const x = Float64Array.from(vectors);
    expect(Array.from(kMeansPlusPlus(x, rows, 3, 5, mulberry32(7)))).toEqual(Array.from(kMeansPlusPlus(x, rows, 3, 5, mulberry32(7))));
  });
});

function findRow(x: Float64Array, centre: Float64Array, dim: number): number {
  for (let i = 0; i < x.length / dim; i++) {
    let same = true;
    for (let d = 0; d < dim; d++) if (x[i * dim + d] !== centre[d]) same = false;
    if (same) return i;
  }
  return -1;
}
