/**
 * Exact nearest-neighbour search in pure TypeScript: blocked dot products over typed arrays and
 * partial top-k selection. The reference every approximate index is measured against.
 */
import { addInChunks, sliceIds } from './add-in-chunks';
import { writeIndexFile } from './index-file';
import { IdTable } from './id-table';
import { SearchResults } from './search-results';
import { TopK } from '@twotower/utils';
import { drainPadded } from './top-k';
import type { AddOptions, IndexInfo, Metric, SearchOptions, VectorId, VectorIndex } from './types';
import { checkDim, checkMetric, checkSearchArgs, normalizeRows, rowCount } from './vectors';

/** Options of {@link BruteForceIndex}. */
export interface BruteForceIndexOptions {
  /** Vector dimension. Required. */
  dim: number;
  /** How vectors are compared (see {@link Metric}). Default `'ip'`. */
  metric?: Metric;
  /**
   * Rows scored per block: a block stays in cache while every query of a batch is scored
   * against it. Default 1024.
   */
  blockSize?: number;
  /** Rows to allocate room for up front (grows by doubling). Default 1024. */
  initialCapacity?: number;
}

/** Queries scored together against one block of rows. */
const QUERY_CHUNK = 64;

/**
 * Exact search over every stored vector. Adding is O(n·dim) copying; removal moves the last row
 * into the freed slot (O(dim)); search is O(nq·n·dim) in cache-sized blocks with an O(n + m log k)
 * top-k per query.
 */
export class BruteForceIndex implements VectorIndex {
  readonly kind = 'exact' as const;
  readonly metric: Metric;
  readonly dim: number;
  private readonly blockSize: number;
  private data: Float32Array;
  /** Squared norms of the rows (`'l2'` only). */
  private norms: Float32Array;
  private rows = 0;
  private readonly table = new IdTable();

  constructor(options: BruteForceIndexOptions) {
    this.dim = checkDim(options?.dim);
    this.metric = checkMetric(options.metric ?? 'ip');
    this.blockSize = options.blockSize === undefined ? 1024 : checkDim(options.blockSize, 'blockSize');
    const capacity = options.initialCapacity === undefined ? 1024 : checkDim(options.initialCapacity, 'initialCapacity');
    this.data = new Float32Array(capacity * this.dim);
    this.norms = new Float32Array(this.metric === 'l2' ? capacity : 0);
  }

  get size(): number {
    return this.rows;
  }

  has(id: VectorId): boolean {
    return this.table.has(id);
  }

  /** The stored vectors, `[size, dim]` (normalised for `'cosine'`); a view, valid until the next change. */
  vectors(): Float32Array {
    return this.data.subarray(0, this.rows * this.dim);
  }

  /** The ids in row order (row i of {@link vectors} belongs to `ids()[i]`). */
  ids(): VectorId[] {
    return this.table.ids.slice(0, this.rows) as VectorId[];
  }

  add(ids: ArrayLike<VectorId>, vectors: Float32Array, options: AddOptions = {}): void {
    const n = rowCount(vectors, this.dim, 'vectors');
    this.table.checkNew(ids, n);
    this.reserve(this.rows + n);
    const d = this.dim;
    addInChunks(n, options.onProgress, { add: (start, end) => this.appendRows(sliceIds(ids, start, end), vectors.subarray(start * d, end * d)) });
  }

  /** Appends rows under ids already checked, in room already reserved. */
  private appendRows(ids: ArrayLike<VectorId>, vectors: Float32Array): void {
    const n = vectors.length / this.dim;
    const rows = this.metric === 'cosine' ? normalizeRows(vectors, this.dim) : vectors;
    this.data.set(rows, this.rows * this.dim);
    if (this.metric === 'l2') {
      const d = this.dim;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const v = rows[i * d + j]!;
          s += v * v;
        }
        this.norms[this.rows + i] = s;
      }
    }
    this.table.append(ids);
    this.rows += n;
  }

  remove(ids: Iterable<VectorId>): number {
    let removed = 0;
    const d = this.dim;
    for (const id of ids) {
      const label = this.table.tombstone(id);
      if (label === undefined) continue;
      const last = this.rows - 1;
      if (label !== last) {
        this.data.copyWithin(label * d, last * d, last * d + d);
        if (this.metric === 'l2') this.norms[label] = this.norms[last]!;
        this.table.move(last, label);
      }
      this.table.truncate(last);
      this.rows = last;
      removed++;
    }
    return removed;
  }

  search(queries: Float32Array, k: number, options: SearchOptions = {}): SearchResults {
    const d = this.dim;
    const exclude = options.exclude;
    const nq = checkSearchArgs(queries, d, k, exclude);
    const q = this.metric === 'cosine' ? normalizeRows(queries, d) : queries;
    const labels = new Int32Array(nq * k);
    const scores = new Float32Array(nq * k);
    const l2 = this.metric === 'l2';
    const data = this.data;
    const norms = this.norms;
    const n = this.rows;
    const block = this.blockSize;

    for (let q0 = 0; q0 < nq; q0 += QUERY_CHUNK) {
      const q1 = Math.min(nq, q0 + QUERY_CHUNK);
      const heaps: TopK[] = [];
      const excluded: Array<Set<number> | undefined> = [];
      const qNorms = new Float64Array(q1 - q0);
      for (let qi = q0; qi < q1; qi++) {
        // Ties by score only: the exact search's results are pinned to this rule.
        heaps.push(new TopK(k, { ties: 'score-only' }));
        excluded.push(exclude ? this.table.labelSet(exclude[qi]) : undefined);
        if (l2) {
          let s = 0;
          for (let j = 0; j < d; j++) s += q[qi * d + j]! * q[qi * d + j]!;
          qNorms[qi - q0] = s;
        }
      }
      for (let r0 = 0; r0 < n; r0 += block) {
        const r1 = Math.min(n, r0 + block);
        for (let qi = q0; qi < q1; qi++) {
          const heap = heaps[qi - q0]!;
          const ex = excluded[qi - q0];
          const qo = qi * d;
          const qn = qNorms[qi - q0]!;
          let r = r0;
          // Four rows at a time: each query value is loaded once for four products.
          for (; r + 4 <= r1; r += 4) {
            const o0 = r * d;
            const o1 = o0 + d;
            const o2 = o1 + d;
            const o3 = o2 + d;
            let s0 = 0;
            let s1 = 0;
            let s2 = 0;
            let s3 = 0;
            for (let j = 0; j < d; j++) {
              const x = q[qo + j]!;
              s0 += x * data[o0 + j]!;
              s1 += x * data[o1 + j]!;
              s2 += x * data[o2 + j]!;
              s3 += x * data[o3 + j]!;
            }
            if (l2) {
              s0 = 2 * s0 - norms[r]! - qn;
              s1 = 2 * s1 - norms[r + 1]! - qn;
              s2 = 2 * s2 - norms[r + 2]! - qn;
              s3 = 2 * s3 - norms[r + 3]! - qn;
            }
            if (s0 > heap.threshold && (ex === undefined || !ex.has(r))) heap.push(r, s0);
            if (s1 > heap.threshold && (ex === undefined || !ex.has(r + 1))) heap.push(r + 1, s1);
            if (s2 > heap.threshold && (ex === undefined || !ex.has(r + 2))) heap.push(r + 2, s2);
            if (s3 > heap.threshold && (ex === undefined || !ex.has(r + 3))) heap.push(r + 3, s3);
          }
          for (; r < r1; r++) {
            const o = r * d;
            let s = 0;
            for (let j = 0; j < d; j++) s += q[qo + j]! * data[o + j]!;
            if (l2) s = 2 * s - norms[r]! - qn;
            if (s > heap.threshold && (ex === undefined || !ex.has(r))) heap.push(r, s);
          }
        }
      }
      for (let qi = q0; qi < q1; qi++) {
        const offset = qi * k;
        drainPadded(heaps[qi - q0]!, labels, scores, offset, l2);
        if (l2) {
          // Rounding can leave a tiny negative distance for a query equal to a row.
          for (let i = offset; i < offset + k; i++) if (scores[i]! < 0) scores[i] = 0;
        }
      }
    }
    return new SearchResults(nq, k, labels, scores, this.table.ids);
  }

  info(): IndexInfo {
    return { kind: 'exact', metric: this.metric, dim: this.dim, size: this.rows };
  }

  async save(file: string): Promise<void> {
    await writeIndexFile(
      file,
      { kind: 'exact', metric: this.metric, dim: this.dim, ids: this.ids() },
      Buffer.from(this.data.buffer, this.data.byteOffset, this.rows * this.dim * 4),
    );
  }

  /**
   * Rebuilds an exact index from stored rows (used by {@link loadIndex}). `vectors` are taken
   * as already normalised for `'cosine'`.
   */
  static fromRows(ids: VectorId[], vectors: Float32Array, options: BruteForceIndexOptions): BruteForceIndex {
    const index = new BruteForceIndex({ ...options, initialCapacity: Math.max(1, ids.length) });
    const n = rowCount(vectors, index.dim, 'vectors');
    index.table.checkNew(ids, n);
    index.data.set(vectors);
    if (index.metric === 'l2') {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < index.dim; j++) s += vectors[i * index.dim + j]! ** 2;
        index.norms[i] = s;
      }
    }
    index.table.append(ids);
    index.rows = n;
    return index;
  }

  private reserve(rows: number): void {
    const capacity = this.data.length / this.dim;
    if (rows <= capacity) return;
    const next = Math.max(rows, capacity * 2);
    const data = new Float32Array(next * this.dim);
    data.set(this.data.subarray(0, this.rows * this.dim));
    this.data = data;
    if (this.metric === 'l2') {
      const norms = new Float32Array(next);
      norms.set(this.norms.subarray(0, this.rows));
      this.norms = norms;
    }
  }
}
