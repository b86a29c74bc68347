import { topKIndices } from '@twotower/utils';

/**
 * Sparse item-item weights W: for each item i, its strongest neighbours j and the weight W[i][j]
 * (compressed rows). A user's item-item score of an item j is Σ over the user's history items i
 * of W[i][j] — with W an EASE matrix B, EASE's own score `x_u B`, kept to each row's
 * `neighbours` largest weights so that it grows with the catalogue as numItems × neighbours.
 */
export class ItemItemWeights {
  /** Catalogue size. */
  readonly numItems: number;
  /** Per-call sums over the catalogue, reused (scoring is synchronous). */
  private readonly scratch: Float32Array;

  /**
   * @param offsets `[numItems + 1]` row i's entries are `offsets[i] .. offsets[i + 1]`
   * @param neighbours `[entries]` item index j of each entry
   * @param weights `[entries]` W[i][j] of each entry
   */
  constructor(
    readonly offsets: Int32Array,
    readonly neighbours: Int32Array,
    readonly weights: Float32Array,
  ) {
    const n = offsets.length - 1;
    if (n < 1 || offsets[0] !== 0) throw new Error(`item-item weights: offsets must start at 0 and hold numItems + 1 values; got ${offsets.length} starting at ${offsets[0]}`);
    if (neighbours.length !== weights.length) throw new Error(`item-item weights: ${neighbours.length} neighbours but ${weights.length} weights; give one weight per neighbour`);
    if (offsets[n] !== neighbours.length) throw new Error(`item-item weights: the last offset is ${offsets[n]} but there are ${neighbours.length} entries; the files disagree (retrain or restore the model)`);
    for (let i = 0; i < n; i++) if (offsets[i + 1]! < offsets[i]!) throw new Error(`item-item weights: offsets decrease at item ${i}; they must not`);
    for (let e = 0; e < neighbours.length; e++) {
      const j = neighbours[e]!;
      if (!(j >= 0 && j < n)) throw new Error(`item-item weights: entry ${e} names item ${j}, outside the ${n} items`);
      if (!Number.isFinite(weights[e]!)) throw new Error(`item-item weights: entry ${e} has weight ${weights[e]}; weights must be finite`);
    }
    this.numItems = n;
    this.scratch = new Float32Array(n);
  }

  /**
   * Keeps each row's `neighbours` largest weights (by magnitude, the diagonal left out) of a dense
   * matrix, in descending magnitude.
   * @param dense `[numItems × numItems]` row-major W
   * @param neighbours entries kept per row (at most numItems − 1)
   */
  static fromDense(dense: Float32Array, numItems: number, neighbours: number): ItemItemWeights {
    if (!(Number.isInteger(numItems) && numItems >= 1)) throw new Error(`item-item weights: numItems is ${numItems}; give a whole number >= 1`);
    if (dense.length !== numItems * numItems) throw new Error(`item-item weights: a dense matrix of ${dense.length} values is not ${numItems} × ${numItems}`);
    if (!(Number.isInteger(neighbours) && neighbours >= 1)) throw new Error(`item-item weights: neighbours is ${neighbours}; give a whole number >= 1`);
    const m = Math.min(neighbours, numItems - 1);
    const offsets = new Int32Array(numItems + 1);
    const ids = new Int32Array(numItems * m);
    const values = new Float32Array(numItems * m);
    const magnitude = new Float32Array(numItems);
    let e = 0;
    for (let i = 0; i < numItems; i++) {
      const row = dense.subarray(i * numItems, (i + 1) * numItems);
      for (let j = 0; j < numItems; j++) magnitude[j] = Math.abs(row[j]!);
      for (const j of topKIndices(magnitude, m, { exclude: [i] })) {
        if (row[j] === 0) break;
        ids[e] = j;
        values[e++] = row[j]!;
      }
      offsets[i + 1] = e;
    }
    return new ItemItemWeights(offsets, ids.slice(0, e), values.slice(0, e));
  }

  /** Entries kept in the busiest row. */
  get maxNeighbours(): number {
    let m = 0;
    for (let i = 0; i < this.numItems; i++) m = Math.max(m, this.offsets[i + 1]! - this.offsets[i]!);
    return m;
  }

  /**
   * The item-item score of each candidate for one history: Σ over the history's items i of
   * W[i][candidate]. Indices outside the catalogue (items added after training) read nothing and
   * score 0; a history item repeated counts once.
   * @param history item indices the user interacted with
   * @param candidates `[n]` item indices
   * @returns `[n]` scores
   */
  scoreCandidates(history: ArrayLike<number>, candidates: ArrayLike<number>): Float32Array {
    const acc = this.scratch;
    const n = this.numItems;
    const rows = new Set<number>();
    for (let h = 0; h < history.length; h++) {
      const i = history[h]!;
      if (i >= 0 && i < n) rows.add(i);
    }
    for (const i of rows) for (let e = this.offsets[i]!, end = this.offsets[i + 1]!; e < end; e++) acc[this.neighbours[e]!]! += this.weights[e]!;
    const out = new Float32Array(candidates.length);
    for (let c = 0; c < candidates.length; c++) {
      const j = candidates[c]!;
      out[c] = Number.isInteger(j) && j >= 0 && j < n ? acc[j]! : 0;
    }
    for (const i of rows) for (let e = this.offsets[i]!, end = this.offsets[i + 1]!; e < end; e++) acc[this.neighbours[e]!] = 0;
    return out;
  }
}
