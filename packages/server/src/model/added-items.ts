import { BruteForceIndex } from '@twotower/index';

/** The best added items for a query, best first. */
export interface AddedHits {
  /** Rows (see {@link AddedItems.row}) of the hits. */
  rows: Int32Array;
  /** Their scores (inner product with the query). */
  scores: Float32Array;
}

/**
 * Items added to a served model after training (`POST /admin/items`): their ids, titles and
 * candidate-tower embeddings, with an exact inner-product index of their own. The model's item
 * index (exact, or a FAISS index built or loaded at start) is left as it was: searches ask both
 * and merge by score (see `searchItems`), so adding works whatever the main index is, and an
 * added item is searchable as soon as {@link add} returns. Grows only; lives as long as its model.
 */
export class AddedItems {
  readonly dim: number;
  /** Ids of the added items, in the order added (row r is `ids[r]`). */
  readonly ids: string[] = [];
  /** Their titles. */
  readonly titles: string[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly index: BruteForceIndex;

  constructor(dim: number) {
    this.dim = dim;
    this.index = new BruteForceIndex({ dim, metric: 'ip', initialCapacity: 16 });
  }

  /** Items added. */
  get size(): number {
    return this.ids.length;
  }

  /** Row of an added item, or -1. */
  row(id: string): number {
    return this.rowOf.get(id) ?? -1;
  }

  /** Embedding `[dim]` of the added item at `row` (a view, valid until the next {@link add}). */
  vector(row: number): Float32Array {
    return this.index.vectors().subarray(row * this.dim, (row + 1) * this.dim);
  }

  /**
   * Adds items (ids new to the model: the caller checks them against its catalogue).
   * @param vectors `[n × dim]` their candidate-tower embeddings
   * @throws when an id was added before, or the sizes do not agree (nothing is added then)
   */
  add(ids: readonly string[], titles: readonly string[], vectors: Float32Array): void {
    const n = ids.length;
    if (titles.length !== n || vectors.length !== n * this.dim) throw new Error(`AddedItems.add: ${n} ids, ${titles.length} titles and ${vectors.length / this.dim} vectors of width ${this.dim}: give one of each per item`);
    this.index.add(ids, vectors); // refuses an id it holds, before changing anything
    ids.forEach((id, j) => {
      this.rowOf.set(id, this.ids.length);
      this.ids.push(id);
      this.titles.push(titles[j]!);
    });
  }

  /**
   * The `k` added items with the best inner product with `query` (`[dim]`), best first.
   * @param exclude ids to leave out (ids not added are ignored)
   */
  search(query: Float32Array, k: number, exclude?: readonly string[]): AddedHits {
    if (this.size === 0) return { rows: new Int32Array(0), scores: new Float32Array(0) };
    const found = this.index.search(query, k, exclude && exclude.length > 0 ? { exclude: [exclude] } : {});
    const n = found.count(0);
    const rows = new Int32Array(n);
    for (let r = 0; r < n; r++) rows[r] = this.rowOf.get(found.table[found.labels[r]!] as string)!;
    return { rows, scores: found.scores.slice(0, n) };
  }
}
