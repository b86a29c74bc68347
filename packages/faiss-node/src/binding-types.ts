/**
 * The binding's API: faiss-node 0.5.1's (https://github.com/ewfian/faiss-node, MIT) with
 * twotower's additions — typed-array input and results, search parameters, thread control.
 */

/** Results of a search with `number[]` queries: `[queries × k]`, row-major. */
export interface SearchResult {
  distances: number[];
  labels: number[];
}

/**
 * Results of a search with `Float32Array` queries: `[queries × k]`, row-major; label `-1` (and
 * distance `±Infinity` or FAISS's filler) where the index holds fewer than `k` vectors.
 */
export interface TypedSearchResult {
  distances: Float32Array;
  labels: BigInt64Array;
}

/** FAISS's metric codes (faiss/MetricType.h). */
export enum MetricType {
  /** Maximum inner product search. */
  METRIC_INNER_PRODUCT = 0,
  /** Squared L2 search. */
  METRIC_L2 = 1,
  METRIC_L1 = 2,
  METRIC_Linf = 3,
  METRIC_Lp = 4,
  METRIC_Canberra = 20,
  METRIC_BrayCurtis = 21,
  METRIC_JensenShannon = 22,
  METRIC_Jaccard = 23,
}

/** A FAISS index (any `index_factory` type). Vectors are `[n × d]` rows, row-major. */
export interface IndexInstance {
  /** Vectors held. */
  ntotal(): number;
  /** Vector dimension `d`. */
  getDimension(): number;
  /** Whether the index is trained (types without training always are). */
  isTrained(): boolean;
  /** Adds `[n × d]` vectors; a `Float32Array` is read in place. */
  add(x: number[] | Float32Array): void;
  /** Trains on `[n × d]` vectors (IVF, PQ, ...); a `Float32Array` is read in place. */
  train(x: number[] | Float32Array): void;
  /**
   * The `k` nearest of each query row. `params`: FAISS `ParameterSpace` names for this call only,
   * e.g. `'nprobe=16'` (IVF) or `'efSearch=64'` (HNSW). Default: the index's own parameters.
   */
  search(x: number[], k: number, params?: string): SearchResult;
  search(x: Float32Array, k: number, params?: string): TypedSearchResult;
  /** Sets index-level parameters, e.g. `'nprobe=8,efSearch=64'` (`efConstruction` before adding). */
  setSearchParameters(params: string): void;
  /** Writes the index to a file (FAISS's format). */
  write(fname: string): void;
  /** The index in FAISS's serialisation. */
  toBuffer(): Buffer;
  /** Moves `otherIndex`'s vectors into this one. */
  mergeFrom(otherIndex: IndexInstance): void;
  /** Removes vectors by label (renumbers the rest in flat indexes); returns how many. */
  removeIds(ids: number[]): number;
}

/** The `Index` class: constructors and readers. */
export interface IndexClass {
  /** A flat L2 index of dimension `d`. */
  new (d: number): IndexInstance;
  readonly prototype: IndexInstance;
  read(fname: string): IndexInstance;
  fromBuffer(src: Buffer): IndexInstance;
  /** Any FAISS `index_factory` description (`'Flat'`, `'IVF1024,Flat'`, `'HNSW32'`, ...). Default metric: L2. */
  fromFactory(dims: number, descriptor: string, metric?: MetricType): IndexInstance;
}

/** What the native module exports. */
export interface FaissNative {
  Index: IndexClass;
  IndexFlatL2: IndexClass;
  IndexFlatIP: IndexClass;
  /** OpenMP threads FAISS uses from now on. */
  setNumThreads(n: number): void;
  /** OpenMP threads FAISS uses (default: the machine's cores). */
  getNumThreads(): number;
}
