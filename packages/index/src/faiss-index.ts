/**
 * FAISS behind {@link VectorIndex}: any factory string (`'Flat'`, `'IVF1024,Flat'`,
 * `'HNSW32'`, `'IVF256,PQ8'`, `'OPQ16,IVF4096,PQ16'`, ...), with training when the type needs it,
 * search parameters per index and per call, external ids, exclusions and removals.
 */
import { addInChunks, sliceIds } from './add-in-chunks';
import { writeIndexFile } from './index-file';
import { IdTable } from './id-table';
import { IndexError } from './errors';
import { faissError, FAISS_INSTALL_HELP, requireFaiss, threadsFor, UNPATCHED_MISSING, type FaissBinding, type NativeFaissIndex } from './faiss-native';
import { SearchResults } from './search-results';
import type { AddOptions, IndexInfo, Metric, SearchOptions, SearchParams, VectorId, VectorIndex } from './types';
import { checkDim, checkMetric, checkSearchArgs, normalizeRows, paramsToString, rowCount } from './vectors';

/** Options of {@link FaissIndex}. */
export interface FaissIndexOptions {
  /** Vector dimension. Required. */
  dim: number;
  /** How vectors are compared (see {@link Metric}); `'cosine'` is inner product on normalised vectors. Default `'ip'`. */
  metric?: Metric;
  /**
   * FAISS `index_factory` description: `'Flat'` (exact), `'IVF<nlist>,Flat'`, `'HNSW<M>'`,
   * `'PQ<m>'`, `'IVF<nlist>,PQ<m>'`, ... Default `'Flat'`.
   */
  factory?: string;
  /**
   * Parameters set before vectors are added, in FAISS `ParameterSpace` names, e.g.
   * `{ efConstruction: 40 }` for HNSW. Default: FAISS's defaults.
   */
  buildParams?: SearchParams;
  /**
   * Index-level search parameters, e.g. `{ efSearch: 64 }` (HNSW) or `{ nprobe: 16 }` (IVF).
   * Change later with {@link FaissIndex.setSearchParams}; override per call with
   * `search(..., { params })`. Default: FAISS's defaults (efSearch 16, nprobe 1).
   */
  searchParams?: SearchParams;
  /**
   * Most rows used to train a type that needs training (IVF, PQ) when the first `add` trains it:
   * an evenly spaced sample of that batch. Default 200,000.
   */
  maxTrainingRows?: number;
}

const METRIC_CODES: Record<Metric, number> = { ip: 0, cosine: 0, l2: 1 };

/** Labels at most this: FAISS labels are read from their low 32 bits. */
const MAX_LABELS = 2 ** 31 - 1;

/**
 * A FAISS index with the caller's ids. FAISS's own labels are row numbers in insertion order;
 * removing an id marks its label dead (FAISS keeps the vector, searches skip it), so no other id
 * ever moves. Many removals are best followed by a rebuild.
 */
export class FaissIndex implements VectorIndex {
  readonly kind = 'faiss' as const;
  readonly metric: Metric;
  readonly dim: number;
  readonly factory: string;
  private readonly binding: FaissBinding;
  private readonly native: NativeFaissIndex;
  private readonly table = new IdTable();
  private readonly maxTrainingRows: number;
  private searchParams = '';
  private dead = 0;

  /**
   * @param options see {@link FaissIndexOptions}.
   * @param native an existing faiss-node index to wrap (internal: used by `loadIndex`).
   */
  constructor(options: FaissIndexOptions, native?: NativeFaissIndex) {
    this.binding = requireFaiss();
    this.dim = checkDim(options?.dim);
    this.metric = checkMetric(options.metric ?? 'ip');
    this.factory = options.factory ?? 'Flat';
    if (typeof this.factory !== 'string' || this.factory.trim() === '') {
      throw new IndexError('BAD_ARGUMENT', `factory must be a FAISS index_factory string such as 'Flat', 'HNSW32' or 'IVF1024,Flat', got ${String(options.factory)}.`);
    }
    this.maxTrainingRows = options.maxTrainingRows ?? 200_000;
    if (native) {
      this.native = native;
    } else {
      try {
        this.native = this.binding.module.Index.fromFactory(this.dim, this.factory, METRIC_CODES[this.metric]);
      } catch (error) {
        throw new IndexError('BAD_ARGUMENT', `factory '${this.factory}' was refused by FAISS (${(error as Error).message}): see FAISS's index_factory syntax.`);
      }
      if (options.buildParams !== undefined) this.applyParams(paramsToString(options.buildParams), 'buildParams');
    }
    if (options.searchParams !== undefined) this.setSearchParams(options.searchParams);
  }

  get size(): number {
    return this.table.size;
  }

  /** Whether the FAISS index is trained (types without training always are). */
  get isTrained(): boolean {
    return this.native.isTrained();
  }

  has(id: VectorId): boolean {
    return this.table.has(id);
  }

  /**
   * Sets the index-level search parameters (FAISS `ParameterSpace` names), e.g.
   * `{ efSearch: 64 }` or `'nprobe=16'`.
   */
  setSearchParams(params: SearchParams): void {
    const text = paramsToString(params);
    this.applyParams(text, 'searchParams');
    this.searchParams = [this.searchParams, text].filter((s) => s !== '').join(',');
  }

  /**
   * Trains the FAISS index on `vectors` (`[n, dim]`). Needed only for types with a training
   * step (IVF, PQ) and done automatically by the first {@link add} when not called before.
   */
  train(vectors: Float32Array): void {
    rowCount(vectors, this.dim, 'vectors');
    const rows = this.metric === 'cosine' ? normalizeRows(vectors, this.dim) : vectors;
    threadsFor(this.binding, Infinity);
    try {
      this.native.train(this.toNative(rows));
    } catch (error) {
      throw new IndexError(
        'FAISS_ERROR',
        `training '${this.factory}' on ${rows.length / this.dim} vectors failed (${(error as Error).message}): ` +
          'give more training vectors (IVF needs at least nlist, PQ at least 2^nbits per sub-quantizer, ideally 30-256 times that).',
      );
    }
  }

  add(ids: ArrayLike<VectorId>, vectors: Float32Array, options: AddOptions = {}): void {
    const n = rowCount(vectors, this.dim, 'vectors');
    this.table.checkNew(ids, n);
    if (this.table.ids.length + n > MAX_LABELS) {
      throw new IndexError('BAD_ARGUMENT', `a FaissIndex holds at most ${MAX_LABELS} vectors (labels included removed ones): rebuild it.`);
    }
    const rows = this.metric === 'cosine' ? normalizeRows(vectors, this.dim) : vectors;
    threadsFor(this.binding, Infinity);
    const d = this.dim;
    addInChunks(n, options.onProgress, {
      prepare: () => {
        if (this.native.isTrained()) return;
        const sample = sampleRows(rows, d, this.maxTrainingRows);
        try {
          this.native.train(this.toNative(sample));
        } catch (error) {
          throw new IndexError(
            'FAISS_ERROR',
            `'${this.factory}' needs training and training on the ${sample.length / d} vectors of this add failed ` +
              `(${(error as Error).message}): add more vectors in the first add, or call train(vectors) first.`,
          );
        }
      },
      add: (start, end) => {
        try {
          this.native.add(this.toNative(start === 0 && end === n ? rows : rows.subarray(start * d, end * d)));
        } catch (error) {
          throw faissError(`adding ${end - start} vectors to '${this.factory}'`, error);
        }
        // Ids follow each successful add, so FAISS rows and the table never disagree.
        this.table.append(sliceIds(ids, start, end));
      },
      // A graph index (HNSW, NSG) built from several adds differs from one built in one: add it whole.
      chunked: !/HNSW|NSG/i.test(this.factory),
    });
  }

  remove(ids: Iterable<VectorId>): number {
    let removed = 0;
    for (const id of ids) {
      if (this.table.tombstone(id) !== undefined) removed++;
    }
    this.dead += removed;
    return removed;
  }

  search(queries: Float32Array, k: number, options: SearchOptions = {}): SearchResults {
    const d = this.dim;
    const exclude = options.exclude;
    const nq = checkSearchArgs(queries, d, k, exclude);
    const params = paramsToString(options.params);
    if (params !== '' && !this.binding.patched) {
      throw new IndexError('FAISS_ERROR', unpatchedMessage('per-call search parameters'));
    }
    const q = this.metric === 'cosine' ? normalizeRows(queries, d) : queries;
    const labels = new Int32Array(nq * k).fill(-1);
    const scores = new Float32Array(nq * k).fill(NaN);
    const total = this.table.ids.length;
    if (total === 0 || nq === 0) return new SearchResults(nq, k, labels, scores, this.table.ids);

    const excluded: Array<Set<number> | undefined> = new Array(nq);
    let maxExcluded = 0;
    if (exclude) {
      for (let i = 0; i < nq; i++) {
        const set = this.table.labelSet(exclude[i]);
        excluded[i] = set;
        if (set && set.size > maxExcluded) maxExcluded = set.size;
      }
    }
    const ids = this.table.ids;
    const filtering = this.dead > 0 || maxExcluded > 0;
    let fetch = Math.min(total, k + this.dead + maxExcluded);
    let pending: number[] | undefined; // queries still short of k results (undefined = all)
    for (;;) {
      const batch = pending === undefined ? q : gatherRows(q, d, pending);
      const count = pending === undefined ? nq : pending.length;
      const result = this.nativeSearch(batch, fetch, params);
      const next: number[] = [];
      for (let b = 0; b < count; b++) {
        const qi = pending === undefined ? b : pending[b]!;
        const ex = excluded[qi];
        const base = b * fetch;
        const out = qi * k;
        let found = 0;
        for (let i = 0; i < fetch && found < k; i++) {
          const label = result.label(base + i);
          if (label < 0) break;
          if (filtering && (ids[label] === undefined || (ex !== undefined && ex.has(label)))) continue;
          labels[out + found] = label;
          scores[out + found] = result.distances[base + i]!;
          found++;
        }
        if (found < k && fetch < total) {
          labels.fill(-1, out, out + k);
          scores.fill(NaN, out, out + k);
          next.push(qi);
        }
      }
      if (next.length === 0) break;
      pending = next;
      fetch = Math.min(total, fetch * 2);
    }
    return new SearchResults(nq, k, labels, scores, this.table.ids);
  }

  info(): IndexInfo {
    const info: IndexInfo = { kind: 'faiss', metric: this.metric, dim: this.dim, size: this.size, factory: this.factory };
    if (this.searchParams !== '') info.searchParams = this.searchParams;
    return info;
  }

  async save(file: string): Promise<void> {
    let payload: Buffer;
    try {
      payload = this.native.toBuffer();
    } catch (error) {
      throw faissError(`serialising '${this.factory}'`, error);
    }
    const header = { kind: 'faiss' as const, metric: this.metric, dim: this.dim, factory: this.factory, ids: this.table.ids };
    await writeIndexFile(file, this.searchParams === '' ? header : { ...header, searchParams: this.searchParams }, payload);
  }

  /** Rebuilds a FaissIndex from a saved FAISS payload and its label → id table (used by {@link loadIndex}). */
  static fromSaved(
    payload: Buffer,
    ids: ReadonlyArray<VectorId | null | undefined>,
    options: FaissIndexOptions,
  ): FaissIndex {
    const binding = requireFaiss();
    let native: NativeFaissIndex;
    try {
      native = binding.module.Index.fromBuffer(payload);
    } catch (error) {
      throw new IndexError('BAD_FILE', `the FAISS part of the file could not be read (${(error as Error).message}): save the index again.`);
    }
    if (native.getDimension() !== options.dim) {
      throw new IndexError('BAD_FILE', `the FAISS index in the file has dimension ${native.getDimension()} but its header says ${options.dim}: save it again.`);
    }
    if (native.ntotal() !== ids.length) {
      throw new IndexError('BAD_FILE', `the FAISS index in the file holds ${native.ntotal()} vectors but ${ids.length} ids: save it again.`);
    }
    const index = new FaissIndex(options, native);
    index.table.restore(ids);
    index.dead = ids.length - index.table.size;
    return index;
  }

  private applyParams(text: string, field: string): void {
    if (text === '') return;
    if (!this.binding.patched || !this.native.setSearchParameters) {
      throw new IndexError('FAISS_ERROR', unpatchedMessage(field));
    }
    try {
      this.native.setSearchParameters(text);
    } catch (error) {
      throw new IndexError('BAD_ARGUMENT', `${field} '${text}' was refused by FAISS for '${this.factory}' (${(error as Error).message}).`);
    }
  }

  private toNative(rows: Float32Array): Float32Array | number[] {
    return this.binding.patched ? rows : Array.from(rows);
  }

  private nativeSearch(q: Float32Array, k: number, params: string): { distances: ArrayLike<number>; label: (i: number) => number } {
    let result: { distances: ArrayLike<number>; labels: ArrayLike<number | bigint> };
    threadsFor(this.binding, q.length / this.dim);
    try {
      result = this.binding.patched
        ? params === ''
          ? this.native.search(q, k)
          : this.native.search(q, k, params)
        : this.native.search(Array.from(q), k);
    } catch (error) {
      if (params !== '') throw new IndexError('BAD_ARGUMENT', `search params '${params}' were refused by FAISS for '${this.factory}': ${(error as Error).message}`);
      throw faissError(`searching '${this.factory}'`, error);
    }
    const raw = result.labels;
    // A tag check, not instanceof: the native arrays may come from another realm (jest, vm).
    if (Object.prototype.toString.call(raw) === '[object BigInt64Array]') {
      // Labels are < 2^31: their low 32-bit words (little-endian) are the values, -1 stays -1.
      const big = raw as BigInt64Array;
      const words = new Int32Array(big.buffer, big.byteOffset, big.length * 2);
      return { distances: result.distances, label: (i) => words[2 * i]! };
    }
    const plain = raw as ArrayLike<number>;
    return { distances: result.distances, label: (i) => plain[i]! };
  }
}

function unpatchedMessage(what: string): string {
  return `${what} need @twotower/faiss-node, but FAISS comes from upstream faiss-node here: ${UNPATCHED_MISSING}. For them: ${FAISS_INSTALL_HELP}; or leave the parameters at their defaults.`;
}

/** An evenly spaced sample of at most `max` rows of `rows` (`[n, dim]`), or `rows` itself. */
function sampleRows(rows: Float32Array, dim: number, max: number): Float32Array {
  const n = rows.length / dim;
  if (n <= max) return rows;
  const out = new Float32Array(max * dim);
  const step = n / max;
  for (let i = 0; i < max; i++) {
    const r = Math.floor(i * step);
    out.set(rows.subarray(r * dim, r * dim + dim), i * dim);
  }
  return out;
}

/** The rows `which` of `rows` (`[n, dim]`) packed into a new array. */
function gatherRows(rows: Float32Array, dim: number, which: readonly number[]): Float32Array {
  const out = new Float32Array(which.length * dim);
  for (let i = 0; i < which.length; i++) out.set(rows.subarray(which[i]! * dim, which[i]! * dim + dim), i * dim);
  return out;
}
