import { UtilsInputError } from './input-error';

/**
 * How {@link TopK} treats equal scores.
 *
 * - `'lower-index'` (default): items are ordered by score, higher first, and equal scores by
 *   index, lower first. This is a total order, so the result is the first `k` of a full sort by
 *   `(score desc, index asc)` whatever order the items are pushed in. `@twotower/eval` ranks with
 *   it (recall, nDCG), `@twotower/viz` finds neighbours with it.
 * - `'score-only'`: only scores are compared. Once the heap is full a candidate must beat the
 *   k-th best score strictly to enter (so the earlier of two equal candidates at the boundary
 *   usually stays), and among equal scores, which are kept and in which order follows the heap's
 *   history: deterministic for a given sequence of pushes, but not ordered by index. A little
 *   cheaper; `@twotower/index`'s exact search uses it (its results are pinned to it).
 */
export type TopKTies = 'lower-index' | 'score-only';

/** Options of {@link TopK}. */
export interface TopKOptions {
  /** How equal scores are ordered (see {@link TopKTies}). Default `'lower-index'`. */
  ties?: TopKTies;
}

/** `a` ranks strictly below `b`: a lower score, or (with index ties) an equal score and a higher index. */
function worse(scoreA: number, indexA: number, scoreB: number, indexB: number, byIndex: boolean): boolean {
  return scoreA < scoreB || (byIndex && scoreA === scoreB && indexA > indexB);
}

function checkCapacity(field: string, capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 0) {
    throw new UtilsInputError(field, `expected an integer >= 0, got ${capacity}`);
  }
}

/**
 * Bounded selection of the `capacity` best `(index, score)` pairs offered: a binary heap on
 * typed arrays whose root is the worst pair kept. Keeping the best k of n candidates costs
 * O(n + m log k) for the m candidates that enter, O(k) memory, and no sort of the n.
 *
 * Higher scores are better (negate distances). NaN scores are never kept. Reusable: after
 * {@link drainSorted} (or {@link reset}) it is empty and keeps its buffers.
 *
 * ```ts
 * const heap = new TopK(2);
 * [0.3, 0.9, 0.5, 0.9].forEach((score, item) => heap.push(item, score));
 * const best = new Int32Array(2);
 * heap.drainSorted(best); // 2 items: [1, 3] (ties by lower index)
 * ```
 */
export class TopK {
  /** How equal scores are ordered. */
  readonly ties: TopKTies;
  /**
   * The score a candidate must reach to enter: `-Infinity` until the heap is full, then the worst
   * kept score. With `'score-only'` a candidate enters only when its score is strictly above it;
   * with `'lower-index'` an equal score enters when its index is lower than the kept one's.
   * Testing `score > threshold` (or `>=`) before {@link push} skips most candidates cheaply.
   * Read it; do not write it.
   */
  threshold = -Infinity;
  private readonly byIndex: boolean;
  private k: number;
  private n = 0;
  private scores: Float64Array;
  private indices: Int32Array;

  /**
   * @param capacity number of pairs to keep (an integer >= 0; change it with {@link reset}).
   * @throws UtilsInputError when `capacity` is not an integer >= 0.
   */
  constructor(capacity: number, options: TopKOptions = {}) {
    checkCapacity('capacity', capacity);
    const ties = options.ties ?? 'lower-index';
    if (ties !== 'lower-index' && ties !== 'score-only') {
      throw new UtilsInputError('ties', `expected 'lower-index' or 'score-only', got ${String(ties)}`);
    }
    this.ties = ties;
    this.byIndex = ties === 'lower-index';
    this.k = capacity;
    // At least one slot, so that the root read of a full heap stays in bounds at capacity 0.
    this.scores = new Float64Array(Math.max(1, capacity));
    this.indices = new Int32Array(Math.max(1, capacity));
  }

  /** The number of pairs kept at most. */
  get capacity(): number {
    return this.k;
  }

  /** The number of pairs currently kept. */
  get size(): number {
    return this.n;
  }

  /**
   * Forgets every pair offered so far, optionally with a new capacity (buffers grow when needed).
   * @param capacity number of pairs to keep from now on. Default: the current capacity.
   */
  reset(capacity: number = this.k): void {
    if (capacity !== this.k) {
      checkCapacity('capacity', capacity);
      if (capacity > this.scores.length) {
        this.scores = new Float64Array(capacity);
        this.indices = new Int32Array(capacity);
      }
      this.k = capacity;
    }
    this.n = 0;
    this.threshold = -Infinity;
  }

  /**
   * Offers `index` with `score`; keeps it when it is among the best `capacity` seen so far.
   * @param index an int32 item index (the tie-breaker with `'lower-index'`).
   * @param score higher is better; NaN is ignored.
   * @returns whether the pair was kept (it may still be pushed out later).
   */
  push(index: number, score: number): boolean {
    if (score !== score) return false; // NaN
    const s = this.scores;
    if (this.n === this.k) {
      // Full: the common case is a candidate worse than the root, rejected at once.
      const root = s[0]!;
      if (score < root || (score === root && (!this.byIndex || index > this.indices[0]!))) return false;
      if (this.k === 0) return false;
      this.siftDown(score, index, this.n);
      this.threshold = s[0]!;
      return true;
    }
    // Not full: sift up, moving worse parents down until the new pair's slot is found.
    const ix = this.indices;
    const byIndex = this.byIndex;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(score, index, s[parent]!, ix[parent]!, byIndex)) break;
      s[i] = s[parent]!;
      ix[i] = ix[parent]!;
      i = parent;
    }
    s[i] = score;
    ix[i] = index;
    if (this.n === this.k) this.threshold = s[0]!;
    return true;
  }

  /** Places `(score, index)` at the root of the first `n` slots and sifts it down. */
  private siftDown(score: number, index: number, n: number): void {
    const s = this.scores;
    const ix = this.indices;
    const byIndex = this.byIndex;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      // The worse child.
      const c = r < n && worse(s[r]!, ix[r]!, s[l]!, ix[l]!, byIndex) ? r : l;
      if (!worse(s[c]!, ix[c]!, score, index, byIndex)) break;
      s[i] = s[c]!;
      ix[i] = ix[c]!;
      i = c;
    }
    s[i] = score;
    ix[i] = index;
  }

  /**
   * Writes the kept pairs best first and empties the heap (heap-sort, O(k log k)).
   * @param outIndices receives the indices at `offset`, `offset + 1`, ...
   * @param offset first slot written. Default 0.
   * @param outScores when given, receives the scores in the same slots.
   * @returns how many pairs were written ({@link size} before the call).
   * @throws UtilsInputError when `outIndices` (or `outScores`) has fewer than `size` slots from `offset`.
   */
  drainSorted(outIndices: Int32Array, offset = 0, outScores?: Float32Array | Float64Array): number {
    const count = this.n;
    if (outIndices.length - offset < count || (outScores !== undefined && outScores.length - offset < count)) {
      throw new UtilsInputError('out', `has room for ${Math.min(outIndices.length, outScores?.length ?? Infinity) - offset} items from offset ${offset} but ${count} are kept; pass a buffer of at least capacity`);
    }
    const s = this.scores;
    const ix = this.indices;
    // Pop the worst pair into the last free slot, repeatedly: the result is best first.
    for (let pos = count - 1; pos >= 0; pos--) {
      outIndices[offset + pos] = ix[0]!;
      if (outScores !== undefined) outScores[offset + pos] = s[0]!;
      if (pos > 0) this.siftDown(s[pos]!, ix[pos]!, pos);
    }
    this.n = 0;
    this.threshold = -Infinity;
    return count;
  }
}

/** Options of {@link topKIndices}. */
export interface TopKIndicesOptions extends TopKOptions {
  /** Indices never returned (e.g. a user's training items). Each must be in `[0, scores.length)`. Default: none. */
  exclude?: ArrayLike<number>;
}

/**
 * The indices of the `k` highest scores, best first; NaN scores and excluded indices are never
 * returned, so fewer than `k` come back when fewer are eligible. Ties as `options.ties` says
 * (default `'lower-index'`: equal scores by lower index).
 *
 * ```ts
 * topKIndices([1, 2, 2, 1, 2], 4); // Int32Array [1, 2, 4, 0]
 * topKIndices([5, NaN, 4, 3, 9], 3, { exclude: [4] }); // Int32Array [0, 2, 3]
 * ```
 *
 * @param scores one score per index.
 * @param k number of indices wanted (an integer >= 0; may exceed `scores.length`).
 * @throws UtilsInputError for a bad `k` or an excluded index outside the scores.
 */
export function topKIndices(scores: ArrayLike<number>, k: number, options: TopKIndicesOptions = {}): Int32Array {
  checkCapacity('k', k);
  const n = scores.length;
  let skip: Uint8Array | undefined;
  const exclude = options.exclude;
  if (exclude !== undefined) {
    skip = new Uint8Array(n);
    for (let i = 0; i < exclude.length; i++) {
      const j = exclude[i]!;
      if (!Number.isInteger(j) || j < 0 || j >= n) {
        throw new UtilsInputError(`exclude[${i}]`, `item ${j} is outside the catalogue [0, ${n}); pass item indices`);
      }
      skip[j] = 1;
    }
  }
  const heap = new TopK(Math.min(k, n), options);
  for (let j = 0; j < n; j++) {
    if (skip === undefined || skip[j] === 0) heap.push(j, scores[j]!);
  }
  const out = new Int32Array(heap.size);
  heap.drainSorted(out);
  return out;
}
