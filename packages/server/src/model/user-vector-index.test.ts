import { clusteredVectors, faissStatus } from '@twotower/index';
import { buildUserVectorIndex } from './user-vector-index';

/** The top k users by dot product with q, users in `skip` left out (ties: lower index first). */
function bruteForce(vectors: Float32Array, dim: number, q: Float32Array, k: number, skip: Set<number>): Array<[number, number]> {
  const n = vectors.length / dim;
  const scored: Array<[number, number]> = [];
  for (let u = 0; u < n; u++) {
    if (skip.has(u)) continue;
    let s = 0;
    for (let j = 0; j < dim; j++) s += q[j]! * vectors[u * dim + j]!;
    scored.push([u, s]);
  }
  return scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k);
}

describe('buildUserVectorIndex (one row per user)', () => {
  const dim = 8;
  const users = 300;
  const vectors = clusteredVectors({ n: users, dim, clusters: 7, seed: 11 });

  it('equals a brute-force top k over the user vectors, skipped users left out and not counted', () => {
    const index = buildUserVectorIndex(vectors, users, dim, { kind: 'exact' });
    expect(index).toMatchObject({ kind: 'exact', rows: users });
    for (let t = 0; t < 25; t++) {
      const q = vectors.slice(t * 11 * dim, (t * 11 + 1) * dim);
      const skip = new Set([t * 11, (t * 7) % users]);
      const k = 1 + (t % 15);
      const got = index.search(q, k, skip);
      const want = bruteForce(vectors, dim, q, k, skip);
      expect(Array.from(got.users)).toEqual(want.map(([u]) => u));
      got.scores.forEach((s, i) => expect(s).toBeCloseTo(want[i]![1], 5));
    }
  });

  it('gives every eligible user when k exceeds them, and nothing when all are skipped', () => {
    const index = buildUserVectorIndex(vectors, users, dim, { kind: 'exact' });
    const q = vectors.slice(0, dim);
    expect(index.search(q, users + 50).users.length).toBe(users);
    expect(index.search(q, users + 50, new Set([0, 1, 2])).users.length).toBe(users - 3);
    const all = new Set(Array.from({ length: users }, (_, u) => u));
    expect(index.search(q, 5, all).users.length).toBe(0);
  });

  it('builds FAISS when the choice says so, with the exact answers for a flat factory', () => {
    if (!faissStatus().available) {
      console.warn(`FAISS unavailable (${faissStatus().reason}): skipping the FAISS per-user index check`);
      return;
    }
    const exact = buildUserVectorIndex(vectors, users, dim, { kind: 'exact' });
    const ann = buildUserVectorIndex(vectors, users, dim, { kind: 'faiss', factory: 'Flat' });
    expect(ann).toMatchObject({ kind: 'faiss', rows: users, factory: 'Flat' });
    for (let u = 0; u < 10; u++) {
      const q = vectors.slice(u * dim, (u + 1) * dim);
      const skip = new Set([u]);
      expect(Array.from(ann.search(q, 6, skip).users)).toEqual(Array.from(exact.search(q, 6, skip).users));
    }
  });

  it('refuses vectors that are not one row of dim values per user, naming the sizes', () => {
    expect(() => buildUserVectorIndex(new Float32Array(10), 3, 4, { kind: 'exact' })).toThrow(/10 values for 3 users × dim 4/);
  });
});
