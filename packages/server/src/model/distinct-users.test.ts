import { buildIndex, clusteredVectors, seededRandom, type VectorIndex } from '@twotower/index';
import { searchDistinctUsers } from './distinct-users';

describe('searchDistinctUsers (over-fetching de-duplication for ANN indexes)', () => {
  const dim = 8;
  const rows = 2000;
  const users = 30;
  const vectors = clusteredVectors({ n: rows, dim, clusters: 5, seed: 4 });
  const rand = seededRandom(5);
  const rowUser = Int32Array.from({ length: rows }, () => Math.floor(rand() * users));
  const index: VectorIndex = buildIndex(Int32Array.from({ length: rows }, (_, r) => r), vectors, dim);

  it('gives k distinct users in the order of their best rows, skipping users, fetching more when needed', () => {
    const q = vectors.slice(0, dim);
    const skip = new Set([rowUser[0]!]);
    const got = searchDistinctUsers(index, rowUser, q, 20, { skip, skippedRows: 10 });
    const best = new Map<number, number>();
    const all = index.search(q, rows);
    for (let r = 0; r < rows; r++) {
      const u = rowUser[all.table[all.labels[r]!] as number]!;
      if (!best.has(u) && !skip.has(u)) best.set(u, all.scores[r]!);
    }
    expect(Array.from(got.users)).toEqual([...best.keys()].slice(0, 20));
    expect(new Set(got.users).size).toBe(20);
    // 20 of 30 users need far more than the first 64 + 10 rows: it fetched more
    expect(got.fetched).toBeGreaterThan(74);
  });

  it('stops when the index has no more rows', () => {
    const got = searchDistinctUsers(index, rowUser, vectors.slice(0, dim), 100);
    expect(got.users.length).toBe(new Set(rowUser).size);
  });
});
