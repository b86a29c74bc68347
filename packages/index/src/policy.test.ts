import { buildChosenIndex, chooseIndex, defaultFactory } from './policy';
import { faissStatus } from './faiss-native';
import { clusteredVectors } from './synthetic';

describe('index policy', () => {
  it('picks an inverted file with about √rows lists', () => {
    expect(defaultFactory(1_000_000)).toBe('IVF1024,Flat');
    expect(defaultFactory(80_000)).toBe('IVF256,Flat');
    expect(defaultFactory(1)).toBe('IVF4,Flat');
  });

  it('is exact below exactBelow, FAISS above when it loads, and honours an explicit kind', () => {
    expect(chooseIndex(99_999)).toEqual({ kind: 'exact' });
    const above = chooseIndex(100_000);
    if (faissStatus().available) expect(above).toEqual({ kind: 'faiss', factory: 'IVF256,Flat', searchParams: { nprobe: 8 } });
    else expect(above).toEqual({ kind: 'exact' });
    expect(chooseIndex(10, { kind: 'exact' })).toEqual({ kind: 'exact' });
    expect(chooseIndex(10, { kind: 'faiss', factory: 'HNSW32' })).toEqual({ kind: 'faiss', factory: 'HNSW32' });
    expect(chooseIndex(10, { kind: 'faiss', factory: 'IVF4,Flat', searchParams: { nprobe: 2 } })).toEqual({ kind: 'faiss', factory: 'IVF4,Flat', searchParams: { nprobe: 2 } });
  });

  it('builds what it chose, holding every id', () => {
    const vectors = clusteredVectors({ n: 300, dim: 8, clusters: 4, seed: 3 });
    const ids = Array.from({ length: 300 }, (_, i) => `v${i}`);
    const exact = buildChosenIndex(ids, vectors, 8, { kind: 'exact' });
    expect(exact.size).toBe(300);
    if (!faissStatus().available) return;
    const flat = buildChosenIndex(ids, vectors, 8, { kind: 'faiss', factory: 'Flat' });
    expect(flat.size).toBe(300);
    expect(flat.search(vectors.subarray(8, 16), 5).ids(0)).toEqual(exact.search(vectors.subarray(8, 16), 5).ids(0));
  });
});
