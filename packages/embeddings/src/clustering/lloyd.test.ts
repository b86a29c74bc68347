import { lloyd } from './lloyd';
import { createPool } from './kmeans-pool';

function run(values: number[], dim: number, centres: number[], maxIterations: number) {
  const pool = createPool(Float32Array.from(values), values.length / dim, dim, centres.length / dim, false, 1);
  pool.state.centroids.set(centres);
  return lloyd(pool, maxIterations, 0, () => {});
}

describe('lloyd', () => {
  it('re-seeds an empty cluster with the row farthest from its centre', () => {
    // Rows 0, 1, 2, 10 on a line; centre 1 (at 100) wins no row in the first E-step, so it moves
    // onto row 3 (10), the farthest from its centre (1).
    const r = run([0, 1, 2, 10], 1, [1, 100], 100);
    expect(Array.from(r.assignments)).toEqual([0, 0, 0, 1]);
    expect(Array.from(r.centroids)).toEqual([1, 10]);
    expect(r.inertia).toBeCloseTo(2, 12);
  });

  it('matches plain Lloyd iterations (nearest centre, lowest index on ties)', () => {
    // Rows 0 and 1 are equidistant from both centres and join centre 0 with row 2; row 3 alone in centre 1.
    const r = run([-1, 0, 1, 0, 0, 1, 0, -1], 2, [0, 1, 0, -1], 1);
    expect(Array.from(r.assignments)).toEqual([0, 0, 0, 1]);
    expect(r.iterations).toBe(1);
  });
});
