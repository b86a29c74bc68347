import { TopK as Heap } from '@twotower/utils';

/**
 * The bounded top-k heap of `@twotower/utils` (`TopK` with `ties: 'score-only'`) behind this
 * package's original interface: `push(key, label)` and `drain` into fixed `k`-slot rows with
 * `-1` / NaN padding. Kept so that code written against `@twotower/index`'s `TopK` keeps
 * working; new code should use `@twotower/utils`' `TopK` directly.
 */
export class TopK {
  private readonly heap: Heap;

  /** @param capacity room allocated up front (the heap keeps nothing until {@link reset}). */
  constructor(capacity = 16) {
    this.heap = new Heap(capacity, { ties: 'score-only' });
    this.heap.reset(0);
  }

  /**
   * The key a candidate must exceed to enter: `-Infinity` until `k` candidates are held, then
   * the k-th best key. Reading it before each `push` skips most candidates.
   */
  get threshold(): number {
    return this.heap.threshold;
  }

  /** Empties the heap for a new query that keeps the best `k`. */
  reset(k: number): void {
    this.heap.reset(k);
  }

  /** Number of candidates held. */
  get size(): number {
    return this.heap.size;
  }

  /** Offers a candidate; it is kept when `key > threshold` (callers usually test that first). */
  push(key: number, label: number): void {
    this.heap.push(label, key);
  }

  /**
   * Writes the held candidates best first into `outLabels`/`outScores` at `offset` (`k` slots;
   * slots past `size` get label -1 and score NaN) and empties the heap.
   * @param negate write `-key` as the score (keys of "lower is better" metrics are negated).
   */
  drain(outLabels: Int32Array, outScores: Float32Array, offset: number, negate: boolean): void {
    drainPadded(this.heap, outLabels, outScores, offset, negate);
  }
}

/**
 * Drains `heap` best first into the `heap.capacity` slots of `outLabels`/`outScores` from `offset`:
 * slots past its size get label -1 and score NaN; with `negate`, scores are written as `-key`.
 * @internal shared by {@link TopK.drain} and the exact index's search.
 */
export function drainPadded(heap: Heap, outLabels: Int32Array, outScores: Float32Array, offset: number, negate: boolean): void {
  const k = heap.capacity;
  const count = heap.drainSorted(outLabels, offset, outScores);
  outLabels.fill(-1, offset + count, offset + k);
  outScores.fill(NaN, offset + count, offset + k);
  if (negate) for (let i = offset; i < offset + count; i++) outScores[i] = -outScores[i]!;
}
