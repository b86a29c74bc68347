import { buildIndex } from './create-index';
import { faissStatus } from './faiss-native';
import { buildChosenIndex } from './policy';
import { clusteredVectors } from './synthetic';
import type { VectorIndex } from './types';

const faiss = faissStatus();
if (!faiss.available) console.warn(`add progress: the FAISS cases are skipped: ${faiss.reason}`);
const itFaiss = faiss.available ? it : it.skip;

const DIM = 8;
const N = 10_000;
const vectors = clusteredVectors({ n: N, dim: DIM, clusters: 16, seed: 5 });
const ids = Array.from({ length: N }, (_, i) => i);
const queries = clusteredVectors({ n: 20, dim: DIM, clusters: 16, seed: 6 });

function recorder(): { calls: Array<[number, number]>; onProgress: (done: number, total: number) => void } {
  const calls: Array<[number, number]> = [];
  return { calls, onProgress: (done, total) => calls.push([done, total]) };
}

/** `done` starts at 0, increases, and ends at `total`, which never changes. */
function expectProgress(calls: Array<[number, number]>, total: number): void {
  expect(calls[0]).toEqual([0, total]);
  for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
  expect(calls.every(([, t]) => t === total)).toBe(true);
  expect(calls.at(-1)).toEqual([total, total]);
}

/** Both indexes answer the queries with the same labels and scores. */
function expectSameSearch(a: VectorIndex, b: VectorIndex): void {
  const ra = a.search(queries, 10);
  const rb = b.search(queries, 10);
  expect(Array.from(rb.labels)).toEqual(Array.from(ra.labels));
  expect(Array.from(rb.scores)).toEqual(Array.from(ra.scores));
}

describe('add / buildIndex onProgress', () => {
  it.each(['ip', 'l2', 'cosine'] as const)('reports rows added by the exact index (%s), which holds the same rows as without it', (metric) => {
    const { calls, onProgress } = recorder();
    const withProgress = buildIndex(ids, vectors, DIM, { metric, onProgress });
    expectProgress(calls, N);
    expect(calls.map(([done]) => done)).toEqual([0, 4096, 8192, N]);
    expect(withProgress.size).toBe(N);
    expectSameSearch(buildIndex(ids, vectors, DIM, { metric }), withProgress);
  });

  it('reports an empty add once, and is not called at all without the option', () => {
    const { calls, onProgress } = recorder();
    buildIndex([], new Float32Array(0), DIM, { onProgress });
    expect(calls).toEqual([[0, 0]]);
    expect(() => buildIndex(ids.slice(0, 10), vectors.subarray(0, 10 * DIM), DIM)).not.toThrow();
  });

  itFaiss('reports FAISS adds in chunks after training (IVF), with the same index as one add', () => {
    const { calls, onProgress } = recorder();
    const choice = { kind: 'faiss', factory: 'IVF16,Flat', searchParams: { nprobe: 16 } } as const;
    const withProgress = buildChosenIndex(ids, vectors, DIM, choice, { onProgress });
    expectProgress(calls, N);
    expect(calls.length).toBe(4);
    expectSameSearch(buildChosenIndex(ids, vectors, DIM, choice), withProgress);
  });

  itFaiss('adds an HNSW index in one call, reporting its start and end', () => {
    const { calls, onProgress } = recorder();
    const index = buildIndex(ids.slice(0, 2000), vectors.subarray(0, 2000 * DIM), DIM, { kind: 'faiss', factory: 'HNSW8', onProgress });
    expect(calls).toEqual([
      [0, 2000],
      [2000, 2000],
    ]);
    expect(index.size).toBe(2000);
  });
});
