import { buildChosenIndex, chooseIndex, defaultFactory } from './policy';
import { faissStatus } from './faiss-native';
import { clusteredVectors } from './synthetic';
import { naiveTopK } from './test-utils';

const faiss = faissStatus();
if (!faiss.available) console.warn(`index policy: the FAISS build test is skipped: ${faiss.reason}`);
const itFaiss = faiss.available ? it : it.skip;

describe('index policy', () => {
  it('picks an inverted file with about √rows lists', () => {
    expect(defaultFactory(1_000_000)).toBe('IVF1024,Flat');
    expect(defaultFactory(80_000)).toBe('IVF256,Flat');
    expect(defaultFactory(1)).toBe('IVF4,Flat');
  });

  it('is exact below exactBelow, FAISS above when it loads, and honours an explicit kind', () => {
    expect(chooseIndex(99_999)).toEqual({ kind: 'exact' });
    const above = chooseIndex(100_000);
    if (faiss.available) expect(above).toEqual({ kind: 'faiss', factory: 'IVF256,Flat', searchParams: { nprobe: 8 } });
    else expect(above).toEqual({ kind: 'exact' });
    // upstream faiss-node (no per-call nprobe): 'auto' stays exact; an explicit kind is still honoured
    expect(chooseIndex(1_000_000, {}, { available: true, patched: false, source: 'faiss-node' })).toEqual({ kind: 'exact' });
    expect(chooseIndex(1_000_000, {}, { available: true, patched: true, source: '@twotower/faiss-node' })).toEqual({ kind: 'faiss', factory: 'IVF1024,Flat', searchParams: { nprobe: 8 } });
    expect(chooseIndex(1_000_000, {}, { available: false, reason: 'absent' })).toEqual({ kind: 'exact' });
    expect(chooseIndex(10, { kind: 'exact' })).toEqual({ kind: 'exact' });
    expect(chooseIndex(10, { kind: 'faiss', factory: 'HNSW32' })).toEqual({ kind: 'faiss', factory: 'HNSW32' });
    expect(chooseIndex(10, { kind: 'faiss', factory: 'IVF4,Flat', searchParams: { nprobe: 2 } })).toEqual({ kind: 'faiss', factory: 'IVF4,Flat', searchParams: { nprobe: 2 } });
  });

  const vectors = clusteredVectors({ n: 300, dim: 8, clusters: 4, seed: 3 });
  const ids = Array.from({ length: 300 }, (_, i) => `v${i}`);

  it('builds the exact index it chose, holding every id', () => {
    const exact = buildChosenIndex(ids, vectors, 8, { kind: 'exact' });
    expect(exact.kind).toBe('exact');
    expect(exact.size).toBe(300);
    // the inner-product top 5 of one of the vectors, as a naive scan finds it
    const oracle = naiveTopK(ids, vectors, vectors.subarray(8, 16), 5, 'ip');
    expect(exact.search(vectors.subarray(8, 16), 5).ids(0)).toEqual(oracle.map((o) => o.id));
  });

  itFaiss('builds the FAISS index it chose, holding every id, with the exact top-k for Flat', () => {
    const exact = buildChosenIndex(ids, vectors, 8, { kind: 'exact' });
    const flat = buildChosenIndex(ids, vectors, 8, { kind: 'faiss', factory: 'Flat' });
    expect(flat.kind).toBe('faiss');
    expect(flat.size).toBe(300);
    expect(flat.search(vectors.subarray(8, 16), 5).ids(0)).toEqual(exact.search(vectors.subarray(8, 16), 5).ids(0));
  });
});
