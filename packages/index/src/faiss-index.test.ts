import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BruteForceIndex } from './brute-force-index';
import { loadIndex } from './create-index';
import { FaissIndex } from './faiss-index';
import { faissStatus } from './faiss-native';
import { recallAtK } from './recall';
import { dataset, expectExactTopK, naiveTopK } from './test-utils';
import { METRICS } from './types';

const status = faissStatus();
if (!status.available) {
  console.warn(`Skipping FaissIndex tests: ${status.reason}`);
}
const describeFaiss = status.available ? describe : describe.skip;
const DIM = 16;

describeFaiss('FaissIndex', () => {
  it('loads the patched binding (typed arrays, search parameters)', () => {
    expect(status.patched).toBe(true);
  });

  it.each(METRICS)('Flat returns the exact top-k for metric %s', (metric) => {
    const { ids, vectors, queries } = dataset(2000, DIM, 30);
    const index = new FaissIndex({ dim: DIM, metric, factory: 'Flat' });
    index.add(ids, vectors);
    const result = index.search(queries, 10);
    for (let q = 0; q < 30; q++) {
      expectExactTopK(result, q, naiveTopK(ids, vectors, queries.subarray(q * DIM, (q + 1) * DIM), 11, metric), 10);
    }
  });

  it.each([
    ['HNSW16', { efConstruction: 40 }, { efSearch: 200 }, 0.9, 3000],
    ['IVF16,Flat', undefined, { nprobe: 8 }, 0.9, 3000],
    ['IVF8,PQ8x4', undefined, { nprobe: 8 }, 0.3, 800],
    ['PQ8x4', undefined, undefined, 0.3, 800],
  ] as const)('%s reaches its recall@10 against the exact index', (factory, buildParams, searchParams, minRecall, n) => {
    const { ids, vectors, queries } = dataset(n, DIM, 50);
    const exact = new BruteForceIndex({ dim: DIM });
    exact.add(ids, vectors);
    const index = new FaissIndex({
      dim: DIM,
      factory,
      ...(buildParams ? { buildParams } : {}),
      ...(searchParams ? { searchParams } : {}),
    });
    index.add(ids, vectors);
    expect(index.isTrained).toBe(true);
    expect(index.size).toBe(n);
    const recall = recallAtK(index.search(queries, 10), exact.search(queries, 10));
    expect(recall).toBeGreaterThanOrEqual(minRecall);
  });

  it('applies search parameters per call without changing the index default', () => {
    const { ids, vectors, queries } = dataset(3000, DIM, 50, 11);
    const exact = new BruteForceIndex({ dim: DIM });
    exact.add(ids, vectors);
    const truth = exact.search(queries, 10);
    const ivf = new FaissIndex({ dim: DIM, factory: 'IVF64,Flat', searchParams: 'nprobe=1' });
    ivf.add(ids, vectors);
    const low = recallAtK(ivf.search(queries, 10), truth);
    const full = recallAtK(ivf.search(queries, 10, { params: { nprobe: 64 } }), truth);
    expect(full).toBe(1);
    expect(low).toBeLessThan(full);
    expect(recallAtK(ivf.search(queries, 10), truth)).toBe(low);
    ivf.setSearchParams({ nprobe: 64 });
    expect(recallAtK(ivf.search(queries, 10), truth)).toBe(1);
    expect(ivf.info()).toMatchObject({ kind: 'faiss', factory: 'IVF64,Flat', size: 3000 });
    expect(() => ivf.search(queries, 10, { params: { efSearch: 8 } })).toThrow(/efSearch/);
    const exactL2 = new BruteForceIndex({ dim: DIM, metric: 'l2' });
    exactL2.add(ids, vectors);
    const truthL2 = exactL2.search(queries, 10);
    const hnsw = new FaissIndex({ dim: DIM, metric: 'l2', factory: 'HNSW8', searchParams: { efSearch: 10 } });
    hnsw.add(ids, vectors);
    const narrow = recallAtK(hnsw.search(queries, 10), truthL2);
    const wide = recallAtK(hnsw.search(queries, 10, { params: 'efSearch=400' }), truthL2);
    expect(wide).toBeGreaterThan(narrow);
    expect(wide).toBeGreaterThanOrEqual(0.99);
    expect(recallAtK(hnsw.search(queries, 10), truthL2)).toBe(narrow);
    expect(() => new FaissIndex({ dim: DIM, factory: 'HNSW8', searchParams: { bogus: 1 } })).toThrow(/bogus/);
  });

  it.each(['Flat', 'HNSW16'])('%s excludes per-query ids and still returns k results', (factory) => {
    const { ids, vectors, queries } = dataset(1000, DIM, 4);
    const index = new FaissIndex({ dim: DIM, factory, searchParams: factory === 'HNSW16' ? { efSearch: 128 } : {} });
    index.add(ids, vectors);
    const plain = index.search(queries, 10);
    // Exclude each query's whole first page plus many other ids: the index must look further.
    const seen = [0, 1, 2, 3].map((q) => new Set([...plain.ids(q), ...ids.slice(0, 300)]));
    const result = index.search(queries, 10, { exclude: seen });
    const exact = new BruteForceIndex({ dim: DIM });
    exact.add(ids, vectors);
    const truth = exact.search(queries, 10, { exclude: seen });
    for (let q = 0; q < 4; q++) {
      expect(result.count(q)).toBe(10);
      for (const id of result.ids(q)) expect(seen[q]!.has(id)).toBe(false);
    }
    expect(recallAtK(result, truth)).toBeGreaterThanOrEqual(factory === 'Flat' ? 1 : 0.9);
  });

  it.each(['Flat', 'HNSW16', 'IVF8,Flat'])('%s removes ids without shifting any other id', (factory) => {
    const { ids, vectors } = dataset(600, DIM, 1);
    const index = new FaissIndex({ dim: DIM, factory, metric: 'l2', searchParams: factory === 'IVF8,Flat' ? { nprobe: 8 } : {} });
    index.add(ids, vectors);
    const gone = ids.filter((_, i) => i % 3 === 0);
    expect(index.remove([...gone, 'unknown'])).toBe(gone.length);
    expect(index.size).toBe(600 - gone.length);
    const result = index.search(vectors, 3);
    for (let row = 0; row < 600; row++) {
      const found = result.ids(row);
      expect(found).toHaveLength(3);
      for (const id of found) expect(gone.includes(id as string)).toBe(false);
      // A surviving row finds itself (distance 0) under its own id.
      if (row % 3 !== 0) expect(found[0]).toBe(ids[row]);
    }
    index.add(['again'], vectors.subarray(0, DIM));
    expect(index.search(vectors.subarray(0, DIM), 1).ids(0)).toEqual(['again']);
  });

  it('answers an empty index, k larger than the index, and an untrained first add clearly', () => {
    const index = new FaissIndex({ dim: 4, factory: 'HNSW8' });
    expect(index.search(new Float32Array(4), 5).count(0)).toBe(0);
    index.add([10, 20], new Float32Array([1, 0, 0, 0, 0, 1, 0, 0]));
    const result = index.search(new Float32Array([1, 0.1, 0, 0]), 5);
    expect(result.ids(0)).toEqual([10, 20]);
    expect(Array.from(result.labels.subarray(2))).toEqual([-1, -1, -1]);
    const ivf = new FaissIndex({ dim: 4, factory: 'IVF64,Flat' });
    expect(() => ivf.add(['a', 'b'], new Float32Array(8))).toThrow(/needs training/);
  });

  it('refuses wrong dimensions, duplicate ids and bad factories', () => {
    const index = new FaissIndex({ dim: 8 });
    expect(() => index.add(['a'], new Float32Array(7))).toThrow(/not a multiple of the index dimension 8/);
    index.add(['a'], new Float32Array(8));
    expect(() => index.add(['a'], new Float32Array(8))).toThrow(/already in the index/);
    expect(() => index.search(new Float32Array(12), 1)).toThrow(/not a multiple/);
    expect(() => new FaissIndex({ dim: 8, factory: 'NoSuchIndex' })).toThrow(/factory 'NoSuchIndex' was refused/);
  });

  it.each([
    ['Flat', 'ip'],
    ['HNSW16', 'cosine'],
    ['IVF8,PQ4x4', 'l2'],
  ] as const)('%s (%s) saves and loads with ids, removals and search parameters kept', async (factory, metric) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tt-faiss-'));
    try {
      const { ids, vectors, queries } = dataset(factory.includes('PQ') ? 600 : 1200, DIM, 8);
      const index = new FaissIndex({ dim: DIM, factory, metric, searchParams: factory === 'HNSW16' ? { efSearch: 40 } : {} });
      index.add(ids, vectors);
      index.remove(['v1', 'v2', 'v500']);
      const file = path.join(dir, 'items.faiss');
      await index.save(file);
      const loaded = await loadIndex(file, { dim: DIM, metric });
      expect(loaded).toBeInstanceOf(FaissIndex);
      expect(loaded.info()).toEqual(index.info());
      expect(loaded.has('v1')).toBe(false);
      expect(loaded.search(queries, 6).toJSON()).toEqual(index.search(queries, 6).toJSON());
      await expect(loadIndex(file, { dim: 3 })).rejects.toMatchObject({ code: 'DIMENSION_MISMATCH' });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
