import { runBaselines } from './run-baselines';

describe('runBaselines', () => {
  // 3 users, 4 items. Item 0 is liked by everyone in training; user 2 tests on item 0 again.
  const interactions = {
    user: new Int32Array([0, 1, 2, 0, 1, 0, 1, 2]),
    item: new Int32Array([0, 0, 0, 1, 1, 2, 3, 0]),
  };
  const train = new Int32Array([0, 1, 2, 3, 4]);
  const test = new Int32Array([5, 6, 7]);

  it('returns both protocols for popularity and EASE', async () => {
    const started = performance.now();
    const res = await runBaselines({ interactions, train, test, numUsers: 3, numItems: 4, ks: [1, 2], lambda: 1 });
    const elapsed = (performance.now() - started) / 1000;
    // Popularity counts [3, 2, 0, 0]: whole ranks of test items 2, 3, 0 -> 2, 2, 0.
    expect(res.popularity!.wholeCatalogue).toMatchObject({ top1: 1 / 3, top2: 1 / 3 });
    // Excluding seen: user 0 {0,1} -> item 2 rank 0; user 1 {0,1} -> item 3 rank 0; user 2 keeps item 0.
    expect(res.popularity!.excludeSeen).toMatchObject({ top1: 1, top2: 1 });

    // EASE by hand. Training X: u0 {0, 1}, u1 {0, 1}, u2 {0}; with λ = 1,
    // G = XᵀX + I = [[4,2,0,0],[2,3,0,0],[0,0,1,0],[0,0,0,1]], P = G⁻¹ has the block
    // [[4,2],[2,3]]⁻¹ = [[3/8,-1/4],[-1/4,1/2]] and 1, 1 for the untrained items 2, 3;
    // B[i][j] = -P[i][j] / P[j][j]: B[0][1] = 1/2, B[1][0] = 2/3, every other weight 0.
    // Scores x_u·B: u0 = u1 = [2/3, 1/2, 0, 0], u2 = [0, 1/2, 0, 0].
    // Whole catalogue (rank = items scored strictly higher): u0's item 2 -> 2, u1's item 3 -> 2,
    // u2's item 0 -> 1 (item 1 above it).
    expect(res.ease!.wholeCatalogue).toMatchObject({ top1: 0, top2: 1 / 3 });
    // Training items excluded: u0's item 2 and u1's item 3 -> 0 (tied with the other untrained
    // item, ties in the item's favour); u2's item 0 stays a candidate and item 1 still beats it -> 1.
    expect(res.ease!.excludeSeen).toMatchObject({ top1: 2 / 3, top2: 1 });
    expect(res.ease!.counts.users).toBe(3);
    // the time of each step is measured inside the call
    for (const name of ['popularity', 'ease'] as const) {
      const { fit, evaluate } = res.seconds[name]!;
      expect(fit + evaluate).toBeLessThanOrEqual(elapsed);
    }
  });

  it('runs only the baselines asked for and rejects unknown ones', async () => {
    const res = await runBaselines({ interactions, train, test, numUsers: 3, numItems: 4, baselines: ['popularity'] });
    expect(res.ease).toBeUndefined();
    await expect(
      runBaselines({ interactions, train, test, numUsers: 3, numItems: 4, baselines: ['knn' as 'ease'] }),
    ).rejects.toThrow(/baselines: contains 'knn'/);
    await expect(runBaselines({ interactions, train, test: new Int32Array([9]), numUsers: 3, numItems: 4 })).rejects.toThrow(/test\[0\]/);
  });
});
