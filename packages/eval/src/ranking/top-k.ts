import { EvalInputError, checkInteger } from '../errors';

/**
 * Partial selection of the `k` best items of a score row with a bounded binary heap on typed
 * arrays: O(n log k) time, O(k) memory, no full sort of the row.
 *
 * Order: higher score first; equal scores by lower item index first (deterministic). NaN scores are
 * never selected.
 */
export class TopKSelector {
  /** The largest number of items kept. */
  readonly capacity: number;
  private readonly scores: Float64Array;
  private readonly items: Int32Array;
  private count = 0;

  /** @param capacity number of items to keep (>= 1). */
  constructor(capacity: number) {
    checkInteger('capacity', capacity, 1);
    this.capacity = capacity;
    this.scores = new Float64Array(capacity);
    this.items = new Int32Array(capacity);
  }

  /** Number of items currently kept. */
  get size(): number {
    return this.count;
  }

  /** Forgets every item offered so far. */
  reset(): void {
    this.count = 0;
  }

  /** Offers `item` with `score`; keeps it when it is among the best `capacity` seen so far. */
  push(item: number, score: number): void {
    if (score !== score) return; // NaN
    const s = this.scores;
    const it = this.items;
    if (this.count < this.capacity) {
      // Sift up: the root holds the worst kept item.
      let i = this.count++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const ps = s[parent]!;
        const pi = it[parent]!;
        // Stop when the parent is already worse than (or equal to) the new item.
        if (ps < score || (ps === score && pi > item)) break;
        s[i] = ps;
        it[i] = pi;
        i = parent;
      }
      s[i] = score;
      it[i] = item;
      return;
    }
    const rs = s[0]!;
    if (score < rs || (score === rs && item > it[0]!)) return;
    this.siftDownFromRoot(score, item, this.count);
  }

  private siftDownFromRoot(score: number, item: number, n: number): void {
    const s = this.scores;
    const it = this.items;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      const r = l + 1;
      if (r < n) {
        const ls = s[l]!;
        const rs = s[r]!;
        // Pick the worse child.
        if (rs < ls || (rs === ls && it[r]! > it[l]!)) c = r;
      }
      const cs = s[c]!;
      const ci = it[c]!;
      if (score < cs || (score === cs && item > ci)) break;
      s[i] = cs;
      it[i] = ci;
      i = c;
    }
    s[i] = score;
    it[i] = item;
  }

  /**
   * Writes the kept items into `out` best first and returns how many were written. Empties the
   * selector (call {@link reset} is not needed afterwards).
   * @param out receives up to `capacity` item indices; must have room for {@link size} items.
   */
  drainSorted(out: Int32Array): number {
    const n = this.count;
    if (out.length < n) {
      throw new EvalInputError('out', `has room for ${out.length} items but ${n} are kept; pass a buffer of at least capacity`);
    }
    const s = this.scores;
    const it = this.items;
    // Repeatedly pop the worst item into the last free slot: the result is best first.
    for (let size = n; size > 0; size--) {
      out[size - 1] = it[0]!;
      const lastS = s[size - 1]!;
      const lastI = it[size - 1]!;
      if (size > 1) this.siftDownFromRoot(lastS, lastI, size - 1);
    }
    this.count = 0;
    return n;
  }
}

/** Options of {@link topKIndices}. */
export interface TopKOptions {
  /** Items never returned (e.g. the user's training items). Default: none. */
  exclude?: ArrayLike<number>;
}

/**
 * The indices of the `k` highest scores, best first (ties by lower index, NaN never returned).
 * Returns fewer than `k` indices when fewer items are eligible.
 * @param scores one score per item, `[numItems]`.
 * @param k number of items wanted (>= 1; may exceed the catalogue).
 */
export function topKIndices(scores: ArrayLike<number>, k: number, options: TopKOptions = {}): Int32Array {
  checkInteger('k', k, 1);
  const n = scores.length;
  let skip: Uint8Array | undefined;
  if (options.exclude !== undefined) {
    skip = new Uint8Array(n);
    for (let i = 0; i < options.exclude.length; i++) {
      const j = options.exclude[i]!;
      if (!Number.isInteger(j) || j < 0 || j >= n) {
        throw new EvalInputError(`exclude[${i}]`, `item ${j} is outside the catalogue [0, ${n}); pass item indices`);
      }
      skip[j] = 1;
    }
  }
  const selector = new TopKSelector(Math.min(k, Math.max(n, 1)));
  for (let j = 0; j < n; j++) {
    if (skip !== undefined && skip[j] === 1) continue;
    selector.push(j, scores[j]!);
  }
  const out = new Int32Array(selector.size);
  selector.drainSorted(out);
  return out;
}
