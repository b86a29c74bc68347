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
    const res = await runBaselines({ interactions, train, test, numUsers: 3, numItems: 4, ks: [1, 2], lambda: 1 });
    // Popularity counts [3, 2, 0, 0]: whole ranks of test items 2, 3, 0 -> 2, 2, 0.
    expect(res.popularity!.wholeCatalogue).toMatchObject({ top1: 1 / 3, top2: 1 / 3 });
    // Excluding seen: user 0 {0,1} -> item 2 rank 0; user 1 {0,1} -> item 3 rank 0; user 2 keeps item 0.
    expect(res.popularity!.excludeSeen).toMatchObject({ top1: 1, top2: 1 });
    expect(res.ease!.excludeSeen!.top2).toBeDefined();
    expect(res.ease!.counts.users).toBe(3);
    expect(res.seconds.ease!.fit).toBeGreaterThanOrEqual(0);
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
