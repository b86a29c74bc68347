import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BruteForceIndex } from './brute-force-index';
import { loadIndex } from './create-index';
import { IndexError } from './errors';
import { dataset, expectExactTopK, naiveTopK } from './test-utils';
import { METRICS } from './types';

const DIM = 12;

describe('BruteForceIndex', () => {
  it.each(METRICS)('returns the exact top-k for metric %s, in one batch and per query', (metric) => {
    const { ids, vectors, queries } = dataset(1500, DIM, 9);
    const index = new BruteForceIndex({ dim: DIM, metric, blockSize: 100 });
    index.add(ids.slice(0, 700), vectors.subarray(0, 700 * DIM));
    index.add(ids.slice(700), vectors.subarray(700 * DIM));
    expect(index.size).toBe(1500);
    const batch = index.search(queries, 10);
    for (let q = 0; q < 9; q++) {
      const query = queries.subarray(q * DIM, (q + 1) * DIM);
      const oracle = naiveTopK(ids, vectors, query, 11, metric);
      expectExactTopK(batch, q, oracle, 10);
      expect(index.search(query, 10).ids(0)).toEqual(batch.ids(q));
    }
  });

  it('excludes per-query ids and still returns k results', () => {
    const { ids, vectors, queries } = dataset(300, DIM, 3);
    const index = new BruteForceIndex({ dim: DIM });
    index.add(ids, vectors);
    const plain = index.search(queries, 5);
    const seen = [new Set(plain.ids(0)), undefined, [...plain.ids(2).slice(0, 2), 'not-in-index']];
    const result = index.search(queries, 5, { exclude: seen });
    for (let q = 0; q < 3; q++) {
      const excluded = new Set(seen[q] ?? []);
      const oracle = naiveTopK(ids, vectors, queries.subarray(q * DIM, (q + 1) * DIM), 6, 'ip', excluded);
      expect(result.count(q)).toBe(5);
      for (const id of result.ids(q)) expect(excluded.has(id)).toBe(false);
      expectExactTopK(result, q, oracle, 5);
    }
  });

  it('removes ids without changing any other id, and accepts them again afterwards', () => {
    const { ids, vectors, queries } = dataset(200, DIM, 4);
    const index = new BruteForceIndex({ dim: DIM, metric: 'l2' });
    index.add(ids, vectors);
    const before = index.search(queries, 8);
    const gone = new Set([before.id(0, 0)!, before.id(1, 3)!, 'v0', 'v199', 'unknown']);
    const known = [...gone].filter((id) => ids.includes(id as string)).length;
    expect(index.remove(gone)).toBe(known);
    expect(index.size).toBe(200 - known);
    expect(index.has('v0')).toBe(false);
    const after = index.search(queries, 8);
    const keptIds = ids.filter((id) => !gone.has(id));
    const keptVectors = new Float32Array(keptIds.length * DIM);
    keptIds.forEach((id, i) => keptVectors.set(vectors.subarray(ids.indexOf(id) * DIM, ids.indexOf(id) * DIM + DIM), i * DIM));
    for (let q = 0; q < 4; q++) {
      expectExactTopK(after, q, naiveTopK(keptIds, keptVectors, queries.subarray(q * DIM, (q + 1) * DIM), 9, 'l2'), 8);
    }
    // Every surviving id still maps to its own vector: its distance to itself is 0.
    for (const id of ['v1', 'v198', 'v57']) {
      const row = ids.indexOf(id);
      const self = index.search(vectors.subarray(row * DIM, row * DIM + DIM), 1);
      expect(self.ids(0)).toEqual([id]);
      expect(self.scores[0]).toBeCloseTo(0, 4);
    }
    index.add(['v0'], vectors.subarray(0, DIM));
    expect(index.search(vectors.subarray(0, DIM), 1).ids(0)).toEqual(['v0']);
  });

  it('answers an empty index with no results, and pads when k exceeds the size', () => {
    const index = new BruteForceIndex({ dim: 4 });
    const empty = index.search(new Float32Array(8), 3);
    expect(empty.queries).toBe(2);
    expect(empty.count(0)).toBe(0);
    expect(Array.from(empty.labels)).toEqual([-1, -1, -1, -1, -1, -1]);
    index.add([1, 'b'], new Float32Array([1, 0, 0, 0, 0, 1, 0, 0]));
    const small = index.search(new Float32Array([1, 0.5, 0, 0]), 5);
    expect(small.ids(0)).toEqual([1, 'b']);
    expect(Number.isNaN(small.scores[2]!)).toBe(true);
  });

  it('refuses wrong dimensions, duplicate ids and bad k with messages that say what to do', () => {
    const index = new BruteForceIndex({ dim: 4 });
    expect(() => index.add(['a'], new Float32Array(5))).toThrow(/not a multiple of the index dimension 4/);
    expect(() => index.add(['a', 'b'], new Float32Array(4))).toThrow(/one id per row/);
    index.add(['a'], new Float32Array(4));
    expect(() => index.add(['a'], new Float32Array(4))).toThrow(/ids\[0\] \("a"\) is already in the index/);
    expect(() => index.search(new Float32Array(3), 1)).toThrow(IndexError);
    expect(() => index.search(new Float32Array(4), 0)).toThrow(/k must be a positive integer/);
    expect(() => index.search([1, 2, 3, 4] as unknown as Float32Array, 1)).toThrow(/must be a Float32Array/);
    expect(() => new BruteForceIndex({ dim: 0 })).toThrow(/dim must be a positive integer/);
    expect(() => new BruteForceIndex({ dim: 3, metric: 'dot' as never })).toThrow(/metric must be one of/);
    try {
      index.search(new Float32Array(6), 1);
    } catch (error) {
      expect((error as IndexError).code).toBe('DIMENSION_MISMATCH');
    }
  });

  it('saves and loads a file that searches the same, with removals and the metric kept', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tt-index-'));
    try {
      const { ids, vectors, queries } = dataset(400, DIM, 5);
      const index = new BruteForceIndex({ dim: DIM, metric: 'cosine' });
      index.add(ids, vectors);
      index.remove(['v3', 'v10']);
      const file = path.join(dir, 'items.index');
      await index.save(file);
      const loaded = await loadIndex(file, { dim: DIM, metric: 'cosine' });
      expect(loaded.info()).toEqual(index.info());
      expect(loaded.search(queries, 7).toJSON()).toEqual(index.search(queries, 7).toJSON());
      await expect(loadIndex(file, { dim: DIM + 1 })).rejects.toMatchObject({ code: 'DIMENSION_MISMATCH' });
      await expect(loadIndex(file, { metric: 'ip' })).rejects.toMatchObject({ code: 'METRIC_MISMATCH' });
      await fs.writeFile(path.join(dir, 'junk'), 'not an index');
      await expect(loadIndex(path.join(dir, 'junk'))).rejects.toMatchObject({ code: 'BAD_FILE' });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
