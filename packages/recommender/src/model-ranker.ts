import type { RankingModel, TowerBatch } from '@twotower/towers';
import type { LikedScorer, Ranker, RankingInputs } from './recommender';
import { combineRankingPredictions, ensembleKind, type RankingEnsembleOptions } from './ranking-ensemble';

/** What a {@link ModelRanker} needs from its recommender. */
export interface RankerHost {
  rankingInputs(users: ArrayLike<string>, items: ArrayLike<number>, timestamps: ArrayLike<number>, inputs: RankingInputs): { query: TowerBatch; candidate: TowerBatch };
  defaultTimestamp(user: string): number;
}

/** A ranking model and what it reads. */
export interface RankerPart {
  model: RankingModel;
  inputs: RankingInputs;
}

/**
 * A {@link Ranker} backed by twotower's ranking models fed with the recommender's features.
 * With ranking models only: their prediction (P(liked | rated), or the rating), combined by
 * {@link combineRankingPredictions} when there are several. With an engagement model:
 * P(interaction among the retrieved) × prediction^likedWeight (0: engagement alone; 1: the
 * chance that the candidate is an item the user interacts with and likes).
 */
export class ModelRanker implements Ranker {
  readonly kind: 'probability' | 'rating';
  readonly liked: LikedScorer | undefined;

  constructor(
    readonly ranking: readonly RankerPart[],
    readonly engagement: RankerPart | undefined,
    private readonly host: RankerHost,
    readonly likedWeight = 0,
    readonly ensemble: RankingEnsembleOptions = {},
  ) {
    if (this.ranking.length === 0 && !engagement) throw new Error('a ranker needs a ranking or an engagement model');
    const rankingKind = this.ranking.length > 0 ? ensembleKind(this.ranking.map((p) => p.model.head)) : undefined;
    this.kind = rankingKind && !engagement ? rankingKind : 'probability';
    this.liked = rankingKind && {
      kind: rankingKind,
      sameAsScorePairs: !engagement,
      score: (users, items, timestamps) => {
        const n = this.checkPairs(users, items);
        if (n === 0) return new Float32Array(0);
        return this.rankingScore(users, items, timestamps ?? this.defaultTimestamps(users));
      },
    };
  }

  /** The number of pairs, after checking there is one item per user. */
  private checkPairs(users: ArrayLike<string>, items: ArrayLike<number>): number {
    if (items.length !== users.length) throw new Error(`scorePairs: ${users.length} users but ${items.length} items; give one item per user`);
    return users.length;
  }

  private defaultTimestamps(users: ArrayLike<string>): Float64Array {
    return Float64Array.from({ length: users.length }, (_, i) => this.host.defaultTimestamp(users[i]!));
  }

  private predict(part: RankerPart, users: ArrayLike<string>, items: ArrayLike<number>, ts: ArrayLike<number>): Float32Array {
    const { query, candidate } = this.host.rankingInputs(users, items, ts, part.inputs);
    return part.model.predict(query, candidate, users.length);
  }

  /** The ranking models' combined prediction for each pair ([n]). */
  private rankingScore(users: ArrayLike<string>, items: ArrayLike<number>, ts: ArrayLike<number>): Float32Array {
    const probabilities: Float32Array[] = [];
    const ratings: Float32Array[] = [];
    for (const part of this.ranking) (part.model.head === 'binary' ? probabilities : ratings).push(this.predict(part, users, items, ts));
    return combineRankingPredictions(probabilities, ratings, users.length, this.ensemble);
  }

  scorePairs(users: ArrayLike<string>, items: ArrayLike<number>, timestamps?: ArrayLike<number>): Float32Array {
    const n = this.checkPairs(users, items);
    if (n === 0) return new Float32Array(0);
    const ts = timestamps ?? this.defaultTimestamps(users);
    if (!this.engagement) return this.rankingScore(users, items, ts);
    const engage = this.predict(this.engagement, users, items, ts);
    const w = this.likedWeight;
    if (this.ranking.length === 0 || w === 0) return engage;
    const base = this.rankingScore(users, items, ts);
    // a rating is made a positive weight so that the product keeps its order within a user
    for (let i = 0; i < n; i++) engage[i] = engage[i]! * Math.pow(Math.max(base[i]!, 1e-6), w);
    return engage;
  }
}
