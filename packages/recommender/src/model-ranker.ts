import type { RankingModel, TowerBatch } from '@twotower/towers';
import { combineRankingPredictions, ensembleKind, type RankingEnsembleOptions } from './ranking-ensemble';
import { rankingInputParts, type PairVectors, type RankingInputs } from './ranking-inputs';

/**
 * Scores (user, item) pairs with a ranking model, for re-ranking retrieved candidates.
 * Higher is better (a probability of "liked", or a predicted rating).
 */
export interface Ranker {
  /** What the score means: `'probability'` (of rating >= threshold) or `'rating'`. */
  readonly kind: 'probability' | 'rating';
  /**
   * @param users user id of each pair
   * @param items item index of each pair
   * @param timestamps query time of each pair (default: each user's latest training time)
   * @param vectors the pairs' query and item embeddings when the caller has them (e.g. cached at
   *   the users' default times): models that read the retrieval score use them instead of
   *   running the towers
   * @returns [pairs] scores
   */
  scorePairs(users: ArrayLike<string>, items: ArrayLike<number>, timestamps?: ArrayLike<number>, vectors?: PairVectors): Float32Array;
  /**
   * "Will the user like it?" from the ranking models alone — P(liked | rated), or the predicted
   * rating — even where {@link scorePairs} orders by engagement. Absent without ranking models.
   */
  readonly liked?: LikedScorer;
}

/** Scores pairs by the ranking models alone (see {@link Ranker.liked}). */
export interface LikedScorer {
  /** `'probability'` of a rating >= the liked threshold, or a predicted `'rating'`. */
  readonly kind: 'probability' | 'rating';
  /**
   * True when {@link Ranker.scorePairs} returns these very scores (there is no engagement
   * model): a caller that wants both computes one.
   */
  readonly sameAsScorePairs: boolean;
  /** Same arguments as {@link Ranker.scorePairs}; returns [pairs]. */
  score(users: ArrayLike<string>, items: ArrayLike<number>, timestamps?: ArrayLike<number>, vectors?: PairVectors): Float32Array;
}

/** What a {@link ModelRanker} needs from its recommender. */
export interface RankerHost {
  /** The inputs of one ranking model for the pairs; `vectors`, when given, are the pairs' embeddings. */
  rankingInputs(users: ArrayLike<string>, items: ArrayLike<number>, timestamps: ArrayLike<number>, inputs: RankingInputs, options?: { vectors?: PairVectors }): { query: TowerBatch; candidate: TowerBatch };
  /** The pairs' query and item embeddings (the towers run). */
  embedPairs(users: ArrayLike<string>, items: ArrayLike<number>, timestamps: ArrayLike<number>): PairVectors;
  defaultTimestamp(user: string): number;
}

/** A ranking model and what it reads. */
export interface RankerPart {
  model: RankingModel;
  inputs: RankingInputs;
}

/** The pairs of one scoring call; their embeddings are computed at most once, for every model that reads them. */
interface Pairs {
  users: ArrayLike<string>;
  items: ArrayLike<number>;
  timestamps: ArrayLike<number>;
  vectors: PairVectors | undefined;
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
      score: (users, items, timestamps, vectors) => {
        const n = this.checkPairs(users, items);
        if (n === 0) return new Float32Array(0);
        return this.rankingScore(this.pairs(users, items, timestamps, vectors));
      },
    };
  }

  /** The number of pairs, after checking there is one item per user. */
  private checkPairs(users: ArrayLike<string>, items: ArrayLike<number>): number {
    if (items.length !== users.length) throw new Error(`scorePairs: ${users.length} users but ${items.length} items; give one item per user`);
    return users.length;
  }

  private pairs(users: ArrayLike<string>, items: ArrayLike<number>, timestamps: ArrayLike<number> | undefined, vectors: PairVectors | undefined): Pairs {
    const ts = timestamps ?? Float64Array.from({ length: users.length }, (_, i) => this.host.defaultTimestamp(users[i]!));
    return { users, items, timestamps: ts, vectors };
  }

  private predict(part: RankerPart, p: Pairs): Float32Array {
    if (rankingInputParts(part.inputs).retrieval) p.vectors ??= this.host.embedPairs(p.users, p.items, p.timestamps);
    const { query, candidate } = this.host.rankingInputs(p.users, p.items, p.timestamps, part.inputs, { vectors: p.vectors });
    return part.model.predict(query, candidate, p.users.length);
  }

  /** The ranking models' combined prediction for each pair ([n]). */
  private rankingScore(p: Pairs): Float32Array {
    const probabilities: Float32Array[] = [];
    const ratings: Float32Array[] = [];
    for (const part of this.ranking) (part.model.head === 'binary' ? probabilities : ratings).push(this.predict(part, p));
    return combineRankingPredictions(probabilities, ratings, p.users.length, this.ensemble);
  }

  scorePairs(users: ArrayLike<string>, items: ArrayLike<number>, timestamps?: ArrayLike<number>, vectors?: PairVectors): Float32Array {
    const n = this.checkPairs(users, items);
    if (n === 0) return new Float32Array(0);
    const p = this.pairs(users, items, timestamps, vectors);
    if (!this.engagement) return this.rankingScore(p);
    const engage = this.predict(this.engagement, p);
    const w = this.likedWeight;
    if (this.ranking.length === 0 || w === 0) return engage;
    const base = this.rankingScore(p);
    // a rating is made a positive weight so that the product keeps its order within a user
    for (let i = 0; i < n; i++) engage[i] = engage[i]! * Math.pow(Math.max(base[i]!, 1e-6), w);
    return engage;
  }
}
