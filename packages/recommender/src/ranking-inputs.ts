import type { TowerBatch } from '@twotower/towers';
import { RATING_FEATURE_WIDTH, type RatingFeatures } from './rating-statistics';

/** What a ranking model reads (see {@link RankingOptions.inputs}). */
export type RankingInputs = 'features' | 'retrieval' | 'both' | 'statistics' | 'features+statistics' | 'all';

/** Every {@link RankingInputs} value. */
export const RANKING_INPUTS: readonly RankingInputs[] = ['features', 'retrieval', 'both', 'statistics', 'features+statistics', 'all'];

/** What a {@link RankingInputs} value reads: tower features, retrieval numbers, rating statistics. */
export function rankingInputParts(inputs: RankingInputs): { features: boolean; retrieval: boolean; statistics: boolean } {
  if (!RANKING_INPUTS.includes(inputs)) throw new Error(`ranking inputs must be one of ${RANKING_INPUTS.join(', ')}; got ${JSON.stringify(inputs)}`);
  return {
    features: inputs === 'features' || inputs === 'both' || inputs === 'features+statistics' || inputs === 'all',
    retrieval: inputs === 'retrieval' || inputs === 'both' || inputs === 'all',
    statistics: inputs === 'statistics' || inputs === 'features+statistics' || inputs === 'all',
  };
}

/** Names of the rating-statistics inputs (query side, candidate side), each {@link RATING_FEATURE_WIDTH} wide. */
export const STATISTICS_INPUTS = { query: 'user_rating_stats', candidate: 'item_rating_stats' } as const;

/** Numeric candidate inputs of the `'retrieval'` inputs. */
export const RETRIEVAL_FEATURE_INPUTS = ['retrieval_score', 'log_popularity'] as const;

/** The numeric query input of the `'retrieval'` inputs: the user's log activity. */
export const ACTIVITY_INPUT = 'log_activity';

/** Embeddings of (user, item) pairs, as the retrieval towers give them. */
export interface PairVectors {
  /** [n × dim] the query embedding of each pair (its user at its time). */
  query: Float32Array;
  /** [n × dim] the candidate embedding of each pair's item. */
  item: Float32Array;
}

/**
 * What {@link rankingInputsFrom} builds the inputs of n pairs from. Each part is needed only when
 * the inputs read it.
 */
export interface RankingInputSources {
  /** Tower features of each pair, query side and candidate side (inputs that read features). */
  features?: { query: TowerBatch; candidate: TowerBatch };
  /** Embeddings of each pair, for the retrieval score (inputs that read retrieval numbers). */
  vectors?: PairVectors;
  /** [n] training interactions of each pair's item (retrieval numbers). */
  popularity?: ArrayLike<number>;
  /** [n] training interactions of each pair's user, 0 for a user unknown at training (retrieval numbers). */
  activity?: ArrayLike<number>;
  /** Rating statistics of each pair's user and item, e.g. `RatingStatistics.features` (inputs that read statistics). */
  statistics?: RatingFeatures;
}

function need<T>(value: T | undefined, inputs: RankingInputs, what: string): T {
  if (value === undefined) throw new Error(`ranking inputs '${inputs}' read ${what}; give it`);
  return value;
}

function checkLength(length: number, expected: number, what: string): void {
  if (length !== expected) throw new Error(`ranking inputs: ${what} has ${length} values; expected ${expected}`);
}

/**
 * The inputs of a ranking model for n (user, item) pairs, from numbers the caller already has — no
 * tower is run (see {@link RankingOptions.inputs} for what each value reads):
 * - tower features, as given;
 * - retrieval numbers: the dot product of each pair's query and item embeddings
 *   (`retrieval_score`), `log1p(popularity) / 5` of its item (`log_popularity`) and
 *   `log1p(activity) / 5` of its user (`log_activity`);
 * - rating statistics, as given (`user_rating_stats`, `item_rating_stats`).
 *
 * `Recommender.rankingInputs` computes the sources from user ids and item indices.
 */
export function rankingInputsFrom(n: number, inputs: RankingInputs, sources: RankingInputSources): { query: TowerBatch; candidate: TowerBatch } {
  const parts = rankingInputParts(inputs);
  const query: TowerBatch = {};
  const candidate: TowerBatch = {};
  if (parts.features) {
    const features = need(sources.features, inputs, 'tower features (sources.features)');
    Object.assign(query, features.query);
    Object.assign(candidate, features.candidate);
  }
  if (parts.retrieval) {
    const { query: q, item: c } = need(sources.vectors, inputs, "the pairs' embeddings (sources.vectors)");
    const popularity = need(sources.popularity, inputs, "the items' popularity (sources.popularity)");
    const activity = need(sources.activity, inputs, "the users' activity (sources.activity)");
    const d = n === 0 ? 0 : q.length / n;
    if (!Number.isInteger(d)) throw new Error(`ranking inputs: ${q.length} query embedding values for ${n} pairs; give [n × dim]`);
    checkLength(c.length, q.length, 'the item embeddings');
    checkLength(popularity.length, n, 'popularity');
    checkLength(activity.length, n, 'activity');
    const score = new Float32Array(n);
    const pop = new Float32Array(n);
    const act = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += q[i * d + k]! * c[i * d + k]!;
      score[i] = s;
      pop[i] = Math.log1p(popularity[i]!) / 5;
      act[i] = Math.log1p(activity[i]!) / 5;
    }
    candidate[RETRIEVAL_FEATURE_INPUTS[0]] = score;
    candidate[RETRIEVAL_FEATURE_INPUTS[1]] = pop;
    query[ACTIVITY_INPUT] = act;
  }
  if (parts.statistics) {
    const statistics = need(sources.statistics, inputs, 'rating statistics (sources.statistics)');
    checkLength(statistics.user.length, n * RATING_FEATURE_WIDTH, 'the user statistics');
    checkLength(statistics.item.length, n * RATING_FEATURE_WIDTH, 'the item statistics');
    query[STATISTICS_INPUTS.query] = statistics.user;
    candidate[STATISTICS_INPUTS.candidate] = statistics.item;
  }
  return { query, candidate };
}
