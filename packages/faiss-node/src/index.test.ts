import { FaissBindingError, BUILD_HELP } from './errors';

type Binding = typeof import('./index');

let faiss: Binding | undefined;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  faiss = require('./index') as Binding;
} catch (error) {
  console.warn(`Skipping the binding's tests: ${(error as Error).message}`);
}
const describeBuilt = faiss ? describe : describe.skip;

/** Seeded clustered rows `[n × dim]`: 32 centres, small spread (a Park-Miller generator, no dependency). */
function clustered(n: number, dim: number, seed: number): Float32Array {
  let s = seed;
  const r = (): number => ((s = (s * 48271) % 2147483647) / 2147483647) * 2 - 1;
  const centres = Float32Array.from({ length: 32 * dim }, r);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = i % 32;
    for (let d = 0; d < dim; d++) out[i * dim + d] = centres[c * dim + d]! + 0.3 * r();
  }
  return out;
}

/** Mean fraction of `exact`'s labels that `approx` found, over `nq` queries of `k`. */
function recall(approx: BigInt64Array, exact: BigInt64Array, nq: number, k: number): number {
  let hits = 0;
  for (let q = 0; q < nq; q++) {
    const want = new Set(Array.from(exact.subarray(q * k, (q + 1) * k)));
    for (const l of approx.subarray(q * k, (q + 1) * k)) if (want.has(l)) hits++;
  }
  return hits / (nq * k);
}

describe('FaissBindingError', () => {
  it('says why the binding is missing and what to install', () => {
    const e = new FaissBindingError('FAISS was not found (no include/faiss/Index.h under /usr)');
    expect(e.code).toBe('FAISS_BINDING_NOT_BUILT');
    expect(e.message).toBe(`@twotower/faiss-node was not built: FAISS was not found (no include/faiss/Index.h under /usr). To build it: ${BUILD_HELP}.`);
    expect(BUILD_HELP).toMatch(/libfaiss-dev.*npm rebuild @twotower\/faiss-node/);
  });
});

describeBuilt('the binding', () => {
  const dim = 16;
  const n = 4000;
  const nq = 40;
  const k = 10;
  const vectors = clustered(n, dim, 7);
  const queries = clustered(nq, dim, 99);

  it('searches Float32Array queries in place and returns typed results, -1 past ntotal', () => {
    const { Index, MetricType } = faiss!;
    const flat = Index.fromFactory(dim, 'Flat', MetricType.METRIC_L2);
    flat.add(vectors.subarray(0, 5 * dim));
    const { distances, labels } = flat.search(queries.subarray(0, dim), 8);
    // tag checks, not instanceof: the native arrays come from Node's realm, not jest's
    expect(Object.prototype.toString.call(distances)).toBe('[object Float32Array]');
    expect(Object.prototype.toString.call(labels)).toBe('[object BigInt64Array]');
    expect(Array.from(labels.subarray(5))).toEqual([-1n, -1n, -1n]);
    expect(new Set(Array.from(labels.subarray(0, 5)))).toEqual(new Set([0n, 1n, 2n, 3n, 4n]));
  });

  it('honours nprobe per call and per index on IVF', () => {
    const { Index, MetricType } = faiss!;
    const exact = Index.fromFactory(dim, 'Flat', MetricType.METRIC_INNER_PRODUCT);
    exact.add(vectors);
    const truth = exact.search(queries, k).labels;
    const ivf = Index.fromFactory(dim, 'IVF64,Flat', MetricType.METRIC_INNER_PRODUCT);
    ivf.train(vectors);
    ivf.add(vectors);
    const one = recall(ivf.search(queries, k).labels, truth, nq, k); // FAISS's default: nprobe 1
    const all = recall(ivf.search(queries, k, 'nprobe=64').labels, truth, nq, k); // every list: exact
    expect(all).toBe(1);
    expect(one).toBeLessThan(0.9);
    ivf.setSearchParameters('nprobe=64');
    expect(recall(ivf.search(queries, k).labels, truth, nq, k)).toBe(1);
    expect(recall(ivf.search(queries, k, 'nprobe=1').labels, truth, nq, k)).toBe(one); // this call only
  });

  it('sets efSearch per call on HNSW and OpenMP threads', () => {
    const { Index, setNumThreads, getNumThreads } = faiss!;
    const hnsw = Index.fromFactory(dim, 'HNSW16');
    hnsw.add(vectors);
    expect(hnsw.search(queries, k, 'efSearch=128').labels.length).toBe(nq * k);
    const before = getNumThreads();
    setNumThreads(1);
    expect(getNumThreads()).toBe(1);
    setNumThreads(before);
  });

  it('turns FAISS exceptions into JS errors and round-trips through a buffer', () => {
    const { Index } = faiss!;
    const ivf = Index.fromFactory(dim, 'IVF64,Flat');
    expect(() => ivf.add(vectors.subarray(0, dim))).toThrow(); // untrained: an error, not an abort
    expect(() => ivf.search(queries, k, 'nosuchparameter=3')).toThrow();
    const flat = Index.fromFactory(dim, 'Flat');
    flat.add(vectors.subarray(0, 100 * dim));
    const again = Index.fromBuffer(flat.toBuffer());
    expect(again.ntotal()).toBe(100);
    expect(Array.from(again.search(queries, 3).labels)).toEqual(Array.from(flat.search(queries, 3).labels));
  });
});
