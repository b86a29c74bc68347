/**
 * The one contract every AsyncVectorIndex meets, as jest tests (not shipped): run it against an
 * implementation with {@link indexContract}. The reference is `@twotower/index`'s exact index.
 */
import { BruteForceIndex, clusteredVectors, IndexError, METRICS, recallAtK } from '@twotower/index';
import type { AsyncVectorIndex, Metric, SearchParams, SearchResults, VectorId } from '@twotower/index';

/** One implementation under the contract. */
export interface ContractTarget {
  /** Shown in the suite's name. */
  name: string;
  /** Set when the implementation cannot run here: the suite is skipped with this reason. */
  skip?: string;
  /** A new, empty index. */
  create(dim: number, metric: Metric): Promise<AsyncVectorIndex>;
  /** Run after a bulk add, before searching (pgvector: `buildIndex`). Default: nothing. */
  build?(index: AsyncVectorIndex): Promise<void>;
  /** `'exact'`: results equal the reference's; a number: the least recall@10 on clustered data. */
  accuracy: 'exact' | number;
  /** Per-call parameters: `narrow` gives lower (or equal) recall than `wide`. Absent: parameters are ignored. */
  params?: { narrow: SearchParams; wide: SearchParams };
  /** Called once after the suite. */
  teardown?(): Promise<void>;
}

const DIM = 16;
const N = 1500;
const NQ = 20;
const K = 10;

/** Seeded clustered data with ids `'v0'...` (odd rows get number ids: both kinds are exercised). */
function dataset(seed: number): { ids: VectorId[]; vectors: Float32Array; queries: Float32Array } {
  return {
    ids: Array.from({ length: N }, (_, i) => (i % 2 === 1 ? i : `v${i}`)),
    vectors: clusteredVectors({ n: N, dim: DIM, clusters: 20, spread: 0.5, seed }),
    queries: clusteredVectors({ n: NQ, dim: DIM, clusters: 20, spread: 0.5, seed: seed + 1000 }),
  };
}

/**
 * Asserts that `got` equals the exact reference `ref` (searched with k + 1): per query the same
 * count, scores within `tol` (relative), and the same ids unless the k-th and (k+1)-th reference
 * scores tie within `tol`.
 */
function expectSameTopK(got: SearchResults, ref: SearchResults, k: number, tol = 1e-3): void {
  expect(got.queries).toBe(ref.queries);
  for (let q = 0; q < ref.queries; q++) {
    const refIds = ref.ids(q);
    const refScores = Array.from(ref.scoresOf(q));
    const n = Math.min(k, refIds.length);
    expect(got.count(q)).toBe(n);
    const scores = got.scoresOf(q);
    for (let i = 0; i < n; i++) expect(Math.abs(scores[i]! - refScores[i]!)).toBeLessThan(tol * Math.max(1, Math.abs(refScores[i]!)));
    const tie = refIds.length > k && Math.abs(refScores[k - 1]! - refScores[k]!) < tol * Math.max(1, Math.abs(refScores[k]!));
    if (!tie) expect(new Set(got.ids(q))).toEqual(new Set(refIds.slice(0, k)));
  }
}

function rows(...values: number[][]): Float32Array {
  return Float32Array.from(values.flat());
}

/** Defines the contract's tests for `target` (call at the top level of a test file). */
export function indexContract(target: ContractTarget): void {
  if (target.skip) console.warn(`Skipping the index contract for ${target.name}: ${target.skip}`);
  const suite = target.skip ? describe.skip : describe;
  suite(`AsyncVectorIndex contract: ${target.name}`, () => {
    if (target.teardown) afterAll(() => target.teardown!());
    const build = (index: AsyncVectorIndex) => target.build?.(index) ?? Promise.resolve();

    it('adds, tells size and membership, and removes by id', async () => {
      const index = await target.create(2, 'ip');
      expect([index.metric, index.dim]).toEqual(['ip', 2]);
      await index.add(['a', 'b', 3], rows([1, 0], [0, 1], [1, 1]));
      expect(await index.size()).toBe(3);
      expect(await index.has('a')).toBe(true);
      expect(await index.has(3)).toBe(true);
      expect(await index.has('3')).toBe(false);
      expect(await index.remove(['a', 'not-there'])).toBe(1);
      expect(await index.size()).toBe(2);
      expect(await index.has('a')).toBe(false);
      expect((await index.search(rows([1, 0]), 3)).ids(0).sort()).toEqual([3, 'b']);
      expect(await index.info()).toMatchObject({ kind: index.kind, metric: 'ip', dim: 2, size: 2 });
    });

    it('refuses a duplicate id, naming it, and keeps nothing of that add', async () => {
      const index = await target.create(2, 'l2');
      await index.add(['x'], rows([1, 2]));
      const again = index.add(['new', 'x'], rows([0, 0], [3, 4]));
      await expect(again).rejects.toThrow(IndexError);
      await expect(again).rejects.toMatchObject({ code: 'DUPLICATE_ID', message: expect.stringContaining('"x"') });
      await expect(index.add(['y', 'y'], rows([0, 0], [1, 1]))).rejects.toMatchObject({ code: 'DUPLICATE_ID', message: expect.stringContaining('"y"') });
      expect(await index.size()).toBe(1);
      expect(await index.has('new')).toBe(false);
    });

    it("keeps 1 and '1' apart", async () => {
      const index = await target.create(2, 'ip');
      await index.add([1, '1'], rows([1, 0], [0, 1]));
      expect(await index.size()).toBe(2);
      const found = await index.search(rows([1, 0.5]), 2);
      expect(found.ids(0)).toEqual([1, '1']);
      expect(await index.remove([1])).toBe(1);
      expect(await index.has(1)).toBe(false);
      expect(await index.has('1')).toBe(true);
      expect((await index.search(rows([1, 0]), 2, { exclude: [[1]] })).ids(0)).toEqual(['1']);
    });

    it.each(METRICS)('searches like the exact reference (metric %s)', async (metric) => {
      const { ids, vectors, queries } = dataset(7);
      const index = await target.create(DIM, metric);
      await index.add(ids, vectors);
      await build(index);
      const reference = new BruteForceIndex({ dim: DIM, metric });
      reference.add(ids, vectors);
      const got = await index.search(queries, K);
      if (target.accuracy === 'exact') expectSameTopK(got, reference.search(queries, K + 1), K);
      else expect(recallAtK(got, reference.search(queries, K), K)).toBeGreaterThanOrEqual(target.accuracy);
      for (let q = 0; q < NQ; q++) {
        const s = Array.from(got.scoresOf(q));
        const sorted = [...s].sort((a, b) => (metric === 'l2' ? a - b : b - a));
        expect(s).toEqual(sorted);
      }
    });

    it('leaves excluded ids out without counting them towards k; batches answer as single queries', async () => {
      const { ids, vectors, queries } = dataset(11);
      const index = await target.create(DIM, 'ip');
      await index.add(ids, vectors);
      await build(index);
      const reference = new BruteForceIndex({ dim: DIM, metric: 'ip' });
      reference.add(ids, vectors);
      const top = reference.search(queries, 30);
      // Each query excludes its own exact top 30 (arrays and Sets mixed), the last query nothing.
      const exclude = Array.from({ length: NQ }, (_, q) => (q === NQ - 1 ? undefined : q % 2 ? new Set(top.ids(q)) : top.ids(q)));
      const got = await index.search(queries, K, { exclude });
      const expected = reference.search(queries, K + 1, { exclude });
      for (let q = 0; q < NQ; q++) {
        expect(got.count(q)).toBe(K);
        const banned = new Set(exclude[q] ?? []);
        for (const id of got.ids(q)) expect(banned.has(id)).toBe(false);
      }
      if (target.accuracy === 'exact') expectSameTopK(got, expected, K);
      else expect(recallAtK(got, expected, K)).toBeGreaterThanOrEqual(target.accuracy - 0.05);
      const single = [];
      for (let q = 0; q < 4; q++) single.push(await index.search(queries.subarray(q * DIM, (q + 1) * DIM), K, { exclude: [exclude[q]] }));
      const batch = await index.search(queries.subarray(0, 4 * DIM), K, { exclude: exclude.slice(0, 4) });
      for (let q = 0; q < 4; q++) {
        expect(batch.ids(q)).toEqual(single[q]!.ids(0));
        expect(Array.from(batch.scoresOf(q))).toEqual(Array.from(single[q]!.scoresOf(0)));
      }
    });

    it('applies search parameters per call only', async () => {
      const { ids, vectors, queries } = dataset(13);
      const index = await target.create(DIM, 'l2');
      await index.add(ids, vectors);
      await build(index);
      const reference = new BruteForceIndex({ dim: DIM, metric: 'l2' });
      reference.add(ids, vectors);
      const truth = reference.search(queries, K);
      const before = await index.search(queries, K);
      if (target.params) {
        const narrow = recallAtK(await index.search(queries, K, { params: target.params.narrow }), truth, K);
        const wide = recallAtK(await index.search(queries, K, { params: target.params.wide }), truth, K);
        expect(wide).toBeGreaterThanOrEqual(narrow);
        expect(wide).toBeGreaterThanOrEqual(target.accuracy === 'exact' ? 1 : target.accuracy);
      } else {
        expect((await index.search(queries, K, { params: {} })).toJSON()).toEqual(before.toJSON());
      }
      expect((await index.search(queries, K)).toJSON()).toEqual(before.toJSON());
    });

    it('returns what there is when k exceeds the index, and nothing from an empty one', async () => {
      const index = await target.create(2, 'cosine');
      const empty = await index.search(rows([1, 0], [0, 1]), 3);
      expect([empty.count(0), empty.count(1)]).toEqual([0, 0]);
      expect(Array.from(empty.labels)).toEqual([-1, -1, -1, -1, -1, -1]);
      expect(await index.size()).toBe(0);
      await index.add(['p', 'q'], rows([2, 0], [1, 1]));
      const few = await index.search(rows([1, 0]), 5);
      expect(few.ids(0)).toEqual(['p', 'q']);
      expect(few.scoresOf(0)[0]).toBeCloseTo(1, 5);
      expect(few.scoresOf(0)[1]).toBeCloseTo(Math.SQRT1_2, 5);
      expect(Array.from(few.labels.subarray(2))).toEqual([-1, -1, -1]);
      expect(Number.isNaN(few.scores[4]!)).toBe(true);
    });

    it('checks dimensions with a clear error', async () => {
      const index = await target.create(3, 'ip');
      await expect(index.add(['a'], rows([1, 2]))).rejects.toMatchObject({ code: 'DIMENSION_MISMATCH', message: expect.stringMatching(/vectors has 2 values.*dimension 3/) });
      await expect(index.search(rows([1, 2, 3, 4]), 1)).rejects.toMatchObject({ code: 'DIMENSION_MISMATCH', message: expect.stringMatching(/queries has 4 values.*dimension 3/) });
      await expect(index.search(rows([1, 2, 3]), 0)).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('k must be') });
      expect(await index.size()).toBe(0);
    });
  });
}
