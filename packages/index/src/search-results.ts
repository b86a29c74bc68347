/** The typed-array result of a batch search, with lazy id resolution. */
import type { VectorId } from './types';

/**
 * Results of one {@link VectorIndex.search} call for `queries` queries, best first.
 *
 * The hot data are typed arrays: `labels` (`[queries, k]`, positions in `table`; `-1` where a
 * query has fewer than `k` results) and `scores` (`[queries, k]`; inner product / cosine
 * similarity, higher first, or squared L2 distance, lower first; `NaN` where the label is `-1`).
 * Ids are resolved only when asked for ({@link ids}, {@link id}). `table` is the index's own
 * label → id table: resolve ids before the index is changed again.
 */
export class SearchResults {
  /** Number of queries. */
  readonly queries: number;
  /** Results per query (the `k` asked for). */
  readonly k: number;
  /** `[queries, k]` labels into `table`, `-1` = no result. */
  readonly labels: Int32Array;
  /** `[queries, k]` scores, best first (see class doc for their meaning per metric). */
  readonly scores: Float32Array;
  /** label → id (entries of removed vectors are `undefined`). */
  readonly table: ReadonlyArray<VectorId | undefined>;

  constructor(queries: number, k: number, labels: Int32Array, scores: Float32Array, table: ReadonlyArray<VectorId | undefined>) {
    this.queries = queries;
    this.k = k;
    this.labels = labels;
    this.scores = scores;
    this.table = table;
  }

  /** Number of results of query `q` (`k` unless the index holds fewer eligible vectors). */
  count(q: number): number {
    const base = q * this.k;
    let n = 0;
    while (n < this.k && this.labels[base + n]! >= 0) n++;
    return n;
  }

  /** Id at `rank` (0-based) of query `q`, or `undefined` when there is none. */
  id(q: number, rank: number): VectorId | undefined {
    if (rank < 0 || rank >= this.k) return undefined;
    const label = this.labels[q * this.k + rank]!;
    return label < 0 ? undefined : this.table[label];
  }

  /** The ids of query `q`, best first. */
  ids(q: number): VectorId[] {
    const n = this.count(q);
    const out = new Array<VectorId>(n);
    const base = q * this.k;
    for (let i = 0; i < n; i++) out[i] = this.table[this.labels[base + i]!]!;
    return out;
  }

  /** The scores of query `q`, best first (a view, not a copy). */
  scoresOf(q: number): Float32Array {
    return this.scores.subarray(q * this.k, q * this.k + this.count(q));
  }

  /** Every query's ids and scores as plain arrays (for JSON answers and tests). */
  toJSON(): Array<{ ids: VectorId[]; scores: number[] }> {
    const out: Array<{ ids: VectorId[]; scores: number[] }> = [];
    for (let q = 0; q < this.queries; q++) out.push({ ids: this.ids(q), scores: Array.from(this.scoresOf(q)) });
    return out;
  }
}
