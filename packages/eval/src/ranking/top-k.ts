import { TopK, UtilsInputError, topKIndices as selectTopK } from '@twotower/utils';
import { EvalInputError, checkInteger } from '../errors';

/**
 * Partial selection of the `k` best items of a score row: `@twotower/utils`' bounded heap
 * (`TopK`, O(n log k) time, O(k) memory, no full sort of the row) with this package's
 * argument checks and errors.
 *
 * Order: higher score first; equal scores by lower item index first (deterministic). NaN scores are
 * never selected.
 */
export class TopKSelector extends TopK {
  /** @param capacity number of items to keep (>= 1). */
  constructor(capacity: number) {
    checkInteger('capacity', capacity, 1);
    super(capacity, { ties: 'lower-index' });
  }

  /**
   * Writes the kept items into `out` best first and returns how many were written. Empties the
   * selector (call {@link reset} is not needed afterwards).
   * @param out receives up to `capacity` item indices; must have room for {@link size} items.
   */
  override drainSorted(out: Int32Array): number {
    if (out.length < this.size) {
      throw new EvalInputError('out', `has room for ${out.length} items but ${this.size} are kept; pass a buffer of at least capacity`);
    }
    return super.drainSorted(out);
  }
}

/** Options of {@link topKIndices}. */
export interface TopKOptions {
  /** Items never returned (e.g. the user's training items). Default: none. */
  exclude?: ArrayLike<number>;
}

/**
 * The indices of the `k` highest scores, best first (ties by lower index, NaN never returned).
 * Returns fewer than `k` indices when fewer items are eligible. `@twotower/utils`' `topKIndices`
 * with this package's errors.
 * @param scores one score per item, `[numItems]`.
 * @param k number of items wanted (>= 1; may exceed the catalogue).
 */
export function topKIndices(scores: ArrayLike<number>, k: number, options: TopKOptions = {}): Int32Array {
  checkInteger('k', k, 1);
  try {
    return selectTopK(scores, k, { exclude: options.exclude, ties: 'lower-index' });
  } catch (error) {
    if (error instanceof UtilsInputError) throw new EvalInputError(error.field, error.detail);
    throw error;
  }
}
