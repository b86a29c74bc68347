import type { RankingModel } from '@twotower/towers';
import type { Ranker } from './recommender';
import type { TowerBatch } from '@twotower/towers';

/** What a {@link ModelRanker} needs from its recommender. */
export interface RankerHost {
  queryBatch(users: ArrayLike<string>, timestamps: ArrayLike<number>): TowerBatch;
  candidatesFor(items: ArrayLike<number>): TowerBatch;
  defaultTimestamp(user: string): number;
}

/** A {@link Ranker} backed by a {@link RankingModel} fed with the recommender's features. */
export class ModelRanker implements Ranker {
  readonly kind: 'probability' | 'rating';

  constructor(
    readonly model: RankingModel,
    private readonly host: RankerHost,
  ) {
    this.kind = model.head === 'binary' ? 'probability' : 'rating';
  }

  scorePairs(users: ArrayLike<string>, items: ArrayLike<number>, timestamps?: ArrayLike<number>): Float32Array {
    const n = users.length;
    if (items.length !== n) throw new Error(`scorePairs: ${n} users but ${items.length} items; give one item per user`);
    if (n === 0) return new Float32Array(0);
    const ts = timestamps ?? Float64Array.from({ length: n }, (_, i) => this.host.defaultTimestamp(users[i]!));
    return this.model.predict(this.host.queryBatch(users, ts), this.host.candidatesFor(items), n);
  }
}
