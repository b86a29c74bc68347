import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '@twotower/utils';
import { lloyd } from './lloyd';
import { kMeansPlusPlus } from './kmeans-plus-plus';
import { createPool } from './kmeans-pool';
import { plantedBlobs } from './test-utils';

// The worker runs compiled JavaScript: from sources, use the built package's (pnpm build).
const BUILT_WORKER = join(__dirname, '../../dist/clustering/kmeans-worker.js');

function cluster(vectors: Float32Array, rows: number, threads: number, workerFile?: string) {
  const pool = createPool(vectors, rows, 6, 7, false, threads, workerFile);
  try {
    kMeansPlusPlus(pool, mulberry32(3));
    return { threads: pool.threads, ...lloyd(pool, 100, 0, () => {}) };
  } finally {
    pool.close();
  }
}

describe('KMeansPool', () => {
  const { vectors, rows } = plantedBlobs(7, 60, 6, 4, 3, 1);

  it('runs on the calling thread alone when no worker file exists', () => {
    expect(cluster(vectors, rows, 2, '/nonexistent/kmeans-worker.js').threads).toBe(1);
  });

  (existsSync(BUILT_WORKER) ? it : it.skip)('gives the same clustering with a worker thread as without (needs pnpm build)', () => {
    const one = cluster(vectors, rows, 1);
    const two = cluster(vectors, rows, 2, BUILT_WORKER);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(Array.from(two.assignments)).toEqual(Array.from(one.assignments));
    expect(Array.from(two.centroids)).toEqual(Array.from(one.centroids));
    expect(two.inertia).toBe(one.inertia);
  });
});
