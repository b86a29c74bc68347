import { EvalInputError, checkInteger } from '../errors';
import type { UserItemCsr } from '../protocols/user-item-csr';
import { topKIndices } from '../ranking/top-k';
import type { ItemSimilarity } from './item-similarity';

/**
 * Largest numItems² for which the full similarity rows are cached (2²⁵ floats, 128 MB: up to
 * 5,792 items). Above it a row is filled again for every history item that needs it.
 */
export const ROW_CACHE_MAX = 2 ** 25;

/**
 * Users' item-to-item scores: the sum over the user's training items i of row i of the
 * similarity, the item itself excluded (`sim(i, i)` contributes nothing), accumulated in double
 * precision in the order of the CSR and written as floats — the order and precision of
 * `EaseBaseline.scoreUsers`. With `neighbours` set, row i keeps only its `neighbours` highest
 * entries (itself and `missing` items excluded, ties by lower index). Rows (or neighbour lists,
 * `[numItems × neighbours]`) are computed once per item, on first use.
 */
export class ItemScorer {
  private readonly n: number;
  private readonly rows: Float32Array | undefined;
  private readonly nbIndex: Int32Array | undefined;
  private readonly nbValue: Float32Array | undefined;
  private readonly ready: Uint8Array;
  private readonly scratch: Float32Array;
  private readonly acc: Float64Array;

  /**
   * @param sim the similarity source.
   * @param seen training items per user (`offsets` `[numUsers + 1]`).
   * @param neighbours contributions kept per item (>= 1); default all items.
   */
  constructor(
    private readonly sim: ItemSimilarity,
    private readonly seen: UserItemCsr,
    private readonly neighbours?: number,
  ) {
    const n = sim.numItems;
    checkInteger('sim.numItems', n, 1);
    if (neighbours !== undefined) checkInteger('neighbours', neighbours, 1);
    this.n = n;
    this.ready = new Uint8Array(n);
    this.scratch = new Float32Array(n);
    this.acc = new Float64Array(n);
    if (neighbours !== undefined) {
      const m = Math.min(neighbours, n);
      this.nbIndex = new Int32Array(n * m).fill(-1);
      this.nbValue = new Float32Array(n * m);
    } else if (n * n <= ROW_CACHE_MAX) {
      this.rows = new Float32Array(n * n);
    }
  }

  /** Row i of the similarity with `row[i] = 0`, from the cache when there is one. */
  private row(i: number): Float32Array {
    const n = this.n;
    if (this.rows === undefined) {
      this.sim.fill(i, this.scratch);
      this.scratch[i] = 0;
      return this.scratch;
    }
    const r = this.rows.subarray(i * n, (i + 1) * n);
    if (this.ready[i] === 0) {
      this.sim.fill(i, r);
      r[i] = 0;
      this.ready[i] = 1;
    }
    return r;
  }

  /** Fills item i's neighbour list (indices, -1 padded when fewer exist, and similarities). */
  private neighbourList(i: number): void {
    const m = this.nbIndex!.length / this.n;
    const s = this.scratch;
    this.sim.fill(i, s);
    s[i] = NaN;
    const missing = this.sim.missing;
    if (missing !== undefined) for (let j = 0; j < this.n; j++) if (missing[j] === 1) s[j] = NaN;
    const top = topKIndices(s, m);
    for (let p = 0; p < top.length; p++) {
      this.nbIndex![i * m + p] = top[p]!;
      this.nbValue![i * m + p] = s[top[p]!]!;
    }
    this.ready[i] = 1;
  }

  /** Writes the scores of `users` row-major into `out`, `[users.length × numItems]` (a `ScoreBlock`). */
  readonly scoreUsers = (users: Int32Array, out: Float32Array): void => {
    const n = this.n;
    if (out.length !== users.length * n) {
      throw new EvalInputError('out', `has length ${out.length}, expected users × numItems = ${users.length * n}`);
    }
    const { offsets, items } = this.seen;
    const numUsers = offsets.length - 1;
    const acc = this.acc;
    for (let b = 0; b < users.length; b++) {
      const u = users[b]!;
      if (!(u >= 0 && u < numUsers)) {
        throw new EvalInputError(`users[${b}]`, `is ${u}, outside the ${numUsers} users of the training items`);
      }
      acc.fill(0);
      for (let p = offsets[u]!, e = offsets[u + 1]!; p < e; p++) {
        const i = items[p]!;
        if (this.nbIndex !== undefined) {
          if (this.ready[i] === 0) this.neighbourList(i);
          const m = this.nbIndex.length / n;
          for (let q = i * m, end = q + m; q < end; q++) {
            const j = this.nbIndex[q]!;
            if (j < 0) break;
            acc[j]! += this.nbValue![q]!;
          }
        } else {
          const r = this.row(i);
          for (let j = 0; j < n; j++) acc[j]! += r[j]!;
        }
      }
      const o = b * n;
      for (let j = 0; j < n; j++) out[o + j] = acc[j]!;
    }
  };
}
