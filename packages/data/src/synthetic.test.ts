import { describe as summarise } from './describe';
import { fingerprint } from './fingerprint';
import { itemsByUser } from './group-rows';
import { syntheticDataset } from './synthetic';

describe('syntheticDataset', () => {
  it('is deterministic for a seed and different across seeds', () => {
    expect(fingerprint(syntheticDataset({ seed: 1 }).interactions)).toBe(fingerprint(syntheticDataset({ seed: 1 }).interactions));
    expect(fingerprint(syntheticDataset({ seed: 1 }).interactions)).not.toBe(fingerprint(syntheticDataset({ seed: 2 }).interactions));
  });

  it('has the requested shape, unique pairs, ratings 1..5, times in the span and aligned metadata', () => {
    const ds = syntheticDataset({ numUsers: 50, numItems: 40, numInteractions: 1000, numGenres: 4, seed: 7 });
    const log = ds.interactions;
    expect(log.length).toBe(1000);
    expect(log.userIds).toHaveLength(50);
    expect(log.itemIds[39]).toBe('i39');
    const pairs = new Set<number>();
    for (let i = 0; i < log.length; i++) pairs.add(log.users[i]! * 40 + log.items[i]!);
    expect(pairs.size).toBe(1000);
    const s = summarise(log);
    expect(s.ratings!.min).toBeGreaterThanOrEqual(1);
    expect(s.ratings!.max).toBeLessThanOrEqual(5);
    expect(s.timestamps!.min).toBeGreaterThanOrEqual(880_000_000);
    expect(s.timestamps!.max).toBeLessThan(880_000_000 + 200 * 86_400);
    expect(ds.items.titles).toHaveLength(40);
    expect(ds.items.genreNames).toEqual(['Action', 'Comedy', 'Drama', 'Horror']);
    for (let j = 0; j < 40; j++) expect(ds.items.genres[j]).toContain(ds.truth.itemGenre[j]);
    expect(ds.truth.userFactors).toHaveLength(50 * 8);
    let norm = 0;
    for (let d = 0; d < 8; d++) norm += ds.truth.userFactors[d]! ** 2;
    expect(norm).toBeCloseTo(1, 5);
  });

  it('carries learnable signal: the true factors rank held items far above chance', () => {
    const ds = syntheticDataset({ numUsers: 100, numItems: 80, numInteractions: 2000, popularityExponent: 0.5, seed: 11 });
    const { userFactors: U, itemFactors: V, dim } = ds.truth;
    const held = itemsByUser(ds.interactions);
    // Mean over users of (average affinity of their items) - (average affinity of all items).
    let gap = 0;
    let users = 0;
    for (let u = 0; u < 100; u++) {
      const s = held.offsets[u]!;
      const e = held.offsets[u + 1]!;
      if (e === s) continue;
      const aff = (j: number): number => {
        let x = 0;
        for (let d = 0; d < dim; d++) x += U[u * dim + d]! * V[j * dim + d]!;
        return x;
      };
      let mine = 0;
      for (let r = s; r < e; r++) mine += aff(held.values[r]!);
      let all = 0;
      for (let j = 0; j < 80; j++) all += aff(j);
      gap += mine / (e - s) - all / 80;
      users++;
    }
    expect(gap / users).toBeGreaterThan(0.2);
    // Popularity is skewed: the most popular item is chosen far more often than the least.
    const s = summarise(ds.interactions);
    expect(s.rowsPerItem.max).toBeGreaterThan(3 * s.rowsPerItem.min);
  });

  it('refuses impossible or bad requests, naming the option', () => {
    expect(() => syntheticDataset({ numUsers: 2, numItems: 2, numInteractions: 4 })).toThrow(/numInteractions = 4 is more than 90%/);
    expect(syntheticDataset({ numUsers: 2, numItems: 2, numInteractions: 10, unique: false }).interactions.length).toBe(10);
    expect(() => syntheticDataset({ numGenres: 9 })).toThrow(/numGenres must be an integer in \[1, 8\]/);
    expect(() => syntheticDataset({ affinity: -1 })).toThrow(/affinity must be a finite number >= 0/);
  });
});
