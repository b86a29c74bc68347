import { clusteredVectors, seededRandom } from '@twotower/index';
import { UserGroupIndex } from './user-groups';

function bruteForce(vectors: Float32Array, rowUser: Int32Array, dim: number, q: Float32Array, k: number, skip: Set<number>) {
  const best = new Map<number, number>();
  rowUser.forEach((u, r) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += q[j]! * vectors[r * dim + j]!;
    if (!best.has(u) || s > best.get(u)!) best.set(u, s);
  });
  return [...best.entries()].filter(([u]) => !skip.has(u)).sort((a, b) => b[1] - a[1]).slice(0, k);
}

describe('UserGroupIndex', () => {
  const dim = 8;
  const users = 50;
  const rows = 1500;
  const vectors = clusteredVectors({ n: rows, dim, clusters: 6, seed: 3 });
  const rand = seededRandom(9);
  const rowUser = Int32Array.from({ length: rows }, () => Math.floor(rand() * users));
  rowUser[0] = users - 1; // make sure the last user has rows

  it.each([1, 4, 16, 1000])('equals a full scan, each user once (chunks of %i rows)', (chunkRows) => {
    const index = new UserGroupIndex(vectors, rowUser, users + 3 /* three users without rows */, dim, { chunkRows });
    for (let t = 0; t < 30; t++) {
      const q = vectors.slice((t * 37) * dim, (t * 37 + 1) * dim);
      const skip = new Set([rowUser[t * 37]!, t % users]);
      const k = 1 + (t % 12);
      const got = index.search(q, k, skip);
      const want = bruteForce(vectors, rowUser, dim, q, k, skip);
      expect(Array.from(got.users)).toEqual(want.map(([u]) => u));
      got.scores.forEach((s, i) => expect(s).toBeCloseTo(want[i]![1], 5));
      expect(got.scannedRows).toBeLessThanOrEqual(rows);
    }
  });

  it('returns fewer than k when fewer users are eligible, and nothing for an all-skipped query', () => {
    const index = new UserGroupIndex(vectors, rowUser, users, dim);
    const q = vectors.slice(0, dim);
    expect(index.search(q, 500).users.length).toBe(new Set(rowUser).size);
    expect(index.search(q, 5, new Set(Array.from({ length: users }, (_, u) => u))).users.length).toBe(0);
  });

  it('prunes: scans far fewer rows than a full scan on clustered users', () => {
    // each user's rows lie close together (as a user's query embeddings at different times do)
    const centres = clusteredVectors({ n: 200, dim, clusters: 10, seed: 1 });
    const perUser = 40;
    const v = new Float32Array(200 * perUser * dim);
    const ru = new Int32Array(200 * perUser);
    const r = seededRandom(2);
    for (let u = 0; u < 200; u++) {
      for (let i = 0; i < perUser; i++) {
        const row = u * perUser + i;
        ru[row] = u;
        for (let j = 0; j < dim; j++) v[row * dim + j] = centres[u * dim + j]! + 0.02 * (r() - 0.5);
      }
    }
    const index = new UserGroupIndex(v, ru, 200, dim);
    const q = centres.slice(5 * dim, 6 * dim);
    const got = index.search(q, 10);
    expect(got.scannedRows).toBeLessThan((200 * perUser) / 4);
    expect(Array.from(got.users)).toEqual(bruteForce(v, ru, dim, q, 10, new Set()).map(([u]) => u));
  });

  it('refuses inconsistent input', () => {
    expect(() => new UserGroupIndex(new Float32Array(10), new Int32Array(2), 1, 4)).toThrow(/10 values for 2 rows × dim 4/);
    expect(() => new UserGroupIndex(new Float32Array(8), Int32Array.from([0, 5]), 2, 4)).toThrow(/row user 5 outside 0..1/);
    expect(() => new UserGroupIndex(new Float32Array(8), Int32Array.from([0, 1]), 2, 4).search(new Float32Array(3), 1)).toThrow(/query has 3 values, dim is 4/);
  });
});
