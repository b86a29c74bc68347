import { VizInputError } from './errors';
import { countRows, type Vectors } from './vectors';

/** The k nearest neighbours of every row (the row itself excluded). */
export interface KnnResult {
  /** Neighbours per row. */
  k: number;
  /** `[n, k]` neighbour row indices, nearest first (ties: lower index first). */
  indices: Int32Array;
  /** `[n, k]` squared euclidean distances, ascending within each row. */
  distances: Float64Array;
}

/**
 * Exact k-nearest neighbours by squared euclidean distance, every pair computed once
 * (O(n² · dim) time, O(n · k) memory). Fast enough for tens of thousands of rows of
 * embedding width; deterministic.
 *
 * @param data `[n, dim]` row-major vectors.
 */
export function exactKnn(data: Vectors, dim: number, k: number): KnnResult {
  const n = countRows(data, dim);
  if (!Number.isInteger(k) || k < 1 || k > n - 1) {
    throw new VizInputError('k', `must be an integer in [1, ${n - 1}] (rows − 1); got ${k}`);
  }
  const heapD = new Float64Array(n * k);
  const heapI = new Int32Array(n * k);
  const size = new Int32Array(n);
  // Float64 copy: the inner loop reads one array type (monomorphic, faster in V8).
  const x = data instanceof Float64Array ? data : Float64Array.from(data);
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    for (let j = i + 1; j < n; j++) {
      const oj = j * dim;
      const d = squaredDistanceUnrolled(x, oi, oj, dim);
      // most pairs are farther than both rows' current k-th neighbour: skip the calls
      if (size[i] === k && d > heapD[i * k]! && size[j] === k && d > heapD[j * k]!) continue;
      heapPush(heapD, heapI, size, i, k, d, j);
      heapPush(heapD, heapI, size, j, k, d, i);
    }
  }
  return sortedResult(heapD, heapI, n, k);
}

/** Squared euclidean distance of rows at offsets `oi`, `oj` (4-way unrolled; symmetric bit for bit). */
function squaredDistanceUnrolled(x: Float64Array, oi: number, oj: number, dim: number): number {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let c = 0;
  for (; c + 3 < dim; c += 4) {
    const t0 = x[oi + c]! - x[oj + c]!;
    const t1 = x[oi + c + 1]! - x[oj + c + 1]!;
    const t2 = x[oi + c + 2]! - x[oj + c + 2]!;
    const t3 = x[oi + c + 3]! - x[oj + c + 3]!;
    d0 += t0 * t0;
    d1 += t1 * t1;
    d2 += t2 * t2;
    d3 += t3 * t3;
  }
  for (; c < dim; c++) {
    const t = x[oi + c]! - x[oj + c]!;
    d0 += t * t;
  }
  return d0 + d1 + (d2 + d3);
}

/** Heaps → rows sorted by (distance, index). */
function sortedResult(heapD: Float64Array, heapI: Int32Array, n: number, k: number): KnnResult {
  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k);
  const order = Array.from({ length: k }, (_, t) => t);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    const sorted = order.slice().sort((a, b) => heapD[base + a]! - heapD[base + b]! || heapI[base + a]! - heapI[base + b]!);
    for (let t = 0; t < k; t++) {
      indices[base + t] = heapI[base + sorted[t]!]!;
      distances[base + t] = heapD[base + sorted[t]!]!;
    }
  }
  return { k, indices, distances };
}

/** `a` is "worse" than `b` when farther, or as far with a higher index. */
function worse(da: number, ia: number, db: number, ib: number): boolean {
  return da > db || (da === db && ia > ib);
}

/** Bounded max-heap per row: keeps the k best (d, idx) pairs of row `row`. */
function heapPush(
  hd: Float64Array,
  hi: Int32Array,
  size: Int32Array,
  row: number,
  k: number,
  d: number,
  idx: number,
): void {
  const base = row * k;
  let s = size[row]!;
  if (s < k) {
    let pos = s;
    size[row] = s + 1;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!worse(d, idx, hd[base + parent]!, hi[base + parent]!)) break;
      hd[base + pos] = hd[base + parent]!;
      hi[base + pos] = hi[base + parent]!;
      pos = parent;
    }
    hd[base + pos] = d;
    hi[base + pos] = idx;
    return;
  }
  if (!worse(hd[base]!, hi[base]!, d, idx)) return;
  s = k;
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= s) break;
    const r = l + 1;
    let c = l;
    if (r < s && worse(hd[base + r]!, hi[base + r]!, hd[base + l]!, hi[base + l]!)) c = r;
    if (!worse(hd[base + c]!, hi[base + c]!, d, idx)) break;
    hd[base + pos] = hd[base + c]!;
    hi[base + pos] = hi[base + c]!;
    pos = c;
  }
  hd[base + pos] = d;
  hi[base + pos] = idx;
}
