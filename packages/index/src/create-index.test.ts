import { BruteForceIndex } from './brute-force-index';
import { buildIndex, createIndex } from './create-index';
import { FaissIndex } from './faiss-index';
import { faissStatus } from './faiss-native';
import { dataset } from './test-utils';

const faiss = faissStatus();
if (!faiss.available) console.warn(`createIndex: the FAISS factory test is skipped: ${faiss.reason}`);
const itFaiss = faiss.available ? it : it.skip;

describe('createIndex / buildIndex', () => {
  it('creates the exact index by default and builds one from ids and vectors', () => {
    expect(createIndex({ dim: 8 })).toBeInstanceOf(BruteForceIndex);
    const { ids, vectors, queries } = dataset(100, 8, 2);
    const index = buildIndex(ids, vectors, 8, { metric: 'cosine' });
    expect(index.info()).toEqual({ kind: 'exact', metric: 'cosine', dim: 8, size: 100 });
    expect(index.search(queries, 3).count(1)).toBe(3);
    expect(() => buildIndex(ids, vectors, 8, { dim: 4 })).toThrow(/pass one dimension/);
    expect(() => buildIndex(ids, vectors, 7)).toThrow(/not a multiple of the index dimension 7/);
    expect(() => createIndex({ dim: 8, kind: 'annoy' as never })).toThrow(/kind must be 'exact' or 'faiss'/);
  });

  itFaiss('creates a FAISS index from a factory string with parameters', () => {
    const { ids, vectors } = dataset(500, 8, 1);
    const index = buildIndex(ids, vectors, 8, { kind: 'faiss', factory: 'HNSW8', buildParams: { efConstruction: 20 }, searchParams: { efSearch: 32 } });
    expect(index).toBeInstanceOf(FaissIndex);
    expect(index.info()).toEqual({ kind: 'faiss', metric: 'ip', dim: 8, size: 500, factory: 'HNSW8', searchParams: 'efSearch=32' });
  });

  it('falls back to the exact index, warning once why, when FAISS cannot be loaded', () => {
    const previous = process.env.TWOTOWER_DISABLE_FAISS;
    process.env.TWOTOWER_DISABLE_FAISS = '1';
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    const emit = jest.spyOn(process, 'emitWarning').mockImplementation(((message: string) => onWarning(new Error(message))) as never);
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const fresh = require('./index') as typeof import('./index');
        expect(fresh.faissStatus()).toEqual({ available: false, reason: 'FAISS is turned off by TWOTOWER_DISABLE_FAISS=1.' });
        const a = fresh.createIndex({ kind: 'faiss', dim: 4, factory: 'HNSW32' });
        const b = fresh.createIndex({ kind: 'faiss', dim: 4 });
        expect(a.kind).toBe('exact');
        expect(b.kind).toBe('exact');
        expect(() => fresh.createIndex({ kind: 'faiss', dim: 4, fallbackToExact: false })).toThrow(/turned off by TWOTOWER_DISABLE_FAISS=1/);
        expect(() => new fresh.FaissIndex({ dim: 4 })).toThrow(expect.objectContaining({ code: 'FAISS_UNAVAILABLE' }));
      });
    } finally {
      emit.mockRestore();
      if (previous === undefined) delete process.env.TWOTOWER_DISABLE_FAISS;
      else process.env.TWOTOWER_DISABLE_FAISS = previous;
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/turned off by TWOTOWER_DISABLE_FAISS=1\. Using the exact index instead\./);
  });
});
