/**
 * Partial top-k selection: a bounded min-heap on typed arrays. Keeping the best `k` of `n`
 * candidates costs O(n + m log k) for m candidates that beat the current k-th best, instead of
 * sorting all n.
 */
export class TopK {
  /** Capacity (the `k` of the current query). */
  private k = 0;
  private n = 0;
  private keys: Float64Array;
  private labels: Int32Array;
  /**
   * The key a candidate must exceed to enter: `-Infinity` until `k` candidates are held, then
   * the k-th best key. Reading it before each `push` skips most candidates.
   */
  threshold = -Infinity;

  constructor(capacity = 16) {
    this.keys = new Float64Array(capacity);
    this.labels = new Int32Array(capacity);
  }

  /** Empties the heap for a new query that keeps the best `k`. */
  reset(k: number): void {
    if (k > this.keys.length) {
      this.keys = new Float64Array(k);
      this.labels = new Int32Array(k);
    }
    this.k = k;
    this.n = 0;
    this.threshold = -Infinity;
  }

  /** Number of candidates held. */
  get size(): number {
    return this.n;
  }

  /** Offers a candidate; it is kept when `key > threshold` (callers usually test that first). */
  push(key: number, label: number): void {
    const keys = this.keys;
    const labels = this.labels;
    if (this.n < this.k) {
      // Sift up.
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (keys[parent]! <= key) break;
        keys[i] = keys[parent]!;
        labels[i] = labels[parent]!;
        i = parent;
      }
      keys[i] = key;
      labels[i] = label;
      if (this.n === this.k) this.threshold = keys[0]!;
      return;
    }
    if (!(key > keys[0]!)) return;
    // Replace the root (the worst kept) and sift down.
    this.siftDown(key, label, this.n);
    this.threshold = keys[0]!;
  }

  /** Places (key, label) at the root of the first `n` heap slots and sifts it down. */
  private siftDown(key: number, label: number, n: number): void {
    const keys = this.keys;
    const labels = this.labels;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && keys[r]! < keys[l]! ? r : l;
      if (keys[c]! >= key) break;
      keys[i] = keys[c]!;
      labels[i] = labels[c]!;
      i = c;
    }
    keys[i] = key;
    labels[i] = label;
  }

  /**
   * Writes the held candidates best first into `outLabels`/`outScores` at `offset` (`k` slots;
   * slots past `size` get label -1 and score NaN) and empties the heap.
   * @param negate write `-key` as the score (keys of "lower is better" metrics are negated).
   */
  drain(outLabels: Int32Array, outScores: Float32Array, offset: number, negate: boolean): void {
    const keys = this.keys;
    const labels = this.labels;
    const count = this.n;
    for (let i = count; i < this.k; i++) {
      outLabels[offset + i] = -1;
      outScores[offset + i] = NaN;
    }
    // Pop the minimum repeatedly, filling from the back: heap-sort, O(k log k).
    for (let pos = count - 1; pos >= 0; pos--) {
      outLabels[offset + pos] = labels[0]!;
      outScores[offset + pos] = negate ? -keys[0]! : keys[0]!;
      const n = --this.n;
      if (n === 0) break;
      this.siftDown(keys[n]!, labels[n]!, n);
    }
    this.n = 0;
    this.threshold = -Infinity;
  }
}
