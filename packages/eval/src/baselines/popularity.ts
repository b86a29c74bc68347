import { EvalInputError } from '../errors';
import { interactionColumns, type InteractionColumns } from '../protocols/interaction-columns';
import { itemPopularity } from '../protocols/item-popularity';
import type { ScoreBlock } from '../protocols/evaluate-retrieval';
import { queriesAsUsers } from './query-scorer';

/**
 * Most-popular baseline: every user gets the same scores, the item's training interaction count.
 * The floor any personalised model must beat.
 */
export class PopularityBaseline {
  /** `[numItems]` training counts (the scores). */
  readonly counts: Float32Array;

  private constructor(counts: Float32Array) {
    this.counts = counts;
  }

  /**
   * Counts the interactions of `trainRows` per item.
   * @param interactions columnar interactions, `{ user, item }` or `@twotower/data`'s `{ users, items }` (only items are read).
   * @param trainRows rows of `interactions` to count.
   * @param numItems catalogue size.
   */
  static fit(interactions: InteractionColumns, trainRows: Int32Array, numItems: number): PopularityBaseline {
    const { item } = interactionColumns('interactions', interactions);
    return new PopularityBaseline(itemPopularity(item, trainRows, numItems));
  }

  /** Catalogue size. */
  get numItems(): number {
    return this.counts.length;
  }

  /** Writes the counts for each user: `out` is `[users.length × numItems]`. */
  scoreUsers = (users: Int32Array, out: Float32Array): void => {
    const n = this.counts.length;
    if (out.length !== users.length * n) {
      throw new EvalInputError('out', `has length ${out.length}, expected users × numItems = ${users.length * n}`);
    }
    for (let b = 0; b < users.length; b++) out.set(this.counts, b * n);
  };

  /** A `scoreQueries` for `evaluateRetrieval` whose query rows have users `queryUser`. */
  queryScorer(queryUser: Int32Array): ScoreBlock {
    return queriesAsUsers(queryUser, this.counts.length, this.scoreUsers);
  }
}
