import { lloydHamerly } from './hamerly';

describe('lloydHamerly', () => {
  it('re-seeds an empty cluster with the row farthest from its centre', () => {
    // Rows 0, 1, 2, 10 on a line; centre 1 (at 100) wins no row in the first E-step, so it moves
    // onto row 3 (10), the farthest from its centre (1).
    const x = Float64Array.of(0, 1, 2, 10);
    const centroids = Float64Array.of(1, 100);
    const run = lloydHamerly(x, 4, 1, centroids, 2, 100, 0, () => {});
    expect(Array.from(run.assignments)).toEqual([0, 0, 0, 1]);
    expect(Array.from(run.centroids)).toEqual([1, 10]);
    expect(run.inertia).toBeCloseTo(2, 12);
  });

  it('matches plain Lloyd iterations (nearest centre, lowest index on ties)', () => {
    // Two rows equidistant from both centres go to centre 0.
    const x = Float64Array.of(-1, 0, 1, 0, 0, 1, 0, -1);
    const run = lloydHamerly(x, 4, 2, Float64Array.of(0, 1, 0, -1), 2, 1, 0, () => {});
    // One iteration: rows 0 and 1 tie and join centre 0 with row 2; row 3 alone in centre 1.
    expect(Array.from(run.assignments)).toEqual([0, 0, 0, 1]);
    expect(run.iterations).toBe(1);
  });
});
