import type { FeatureSet } from '@twotower/features';
import { RankingModel, type RankingConfig, type TowerInputSpec } from '@twotower/towers';
import { ACTIVITY_INPUT, RETRIEVAL_FEATURE_INPUTS, STATISTICS_INPUTS, rankingInputParts, type RankingInputs } from './ranking-inputs';
import { RATING_FEATURE_WIDTH, type RatingStatistics } from './rating-statistics';
import { towerInputsFromFeatures } from './tower-specs';
import { itemVectorsInput, type ItemVectorsSpec } from './item-vectors';

/** Options of a ranking model: {@link RankingConfig} without the inputs (they come from the features). */
export interface RankingOptions extends Omit<RankingConfig, 'query' | 'candidate'> {
  /**
   * What the model reads:
   * - `'features'` (default): the towers' features (ids, tokens, time), with embeddings of its own;
   * - `'retrieval'`: only numbers about the pair: the retrieval model's score (`retrieval_score`),
   *   the item's log training popularity (`log_popularity`) and the user's log activity
   *   (`log_activity`) — few parameters, so it can be trained on few held-out interactions;
   * - `'both'`: the features and those numbers;
   * - `'statistics'`: only the user's and the item's rating statistics of the training rows
   *   (`user_rating_stats`, `item_rating_stats`: shrunk mean rating, shrunk share of liked
   *   ratings, log count; see {@link RatingStatistics.features}) — needs the recommender's
   *   rating statistics ({@link ModelSet.setRatingStatistics});
   * - `'features+statistics'`: the features and those statistics;
   * - `'all'`: the features, the retrieval numbers and the statistics.
   */
  inputs?: RankingInputs;
  /**
   * The tower features it reads, by name (e.g. `['user_id', 'title_id']`), when its inputs
   * read features. Default: every feature of both towers.
   */
  features?: string[];
}

/** What ranking models are fed from: the recommender's fitted features and, when they read them, its rating statistics. */
export interface RankingModelSources {
  queryFeatures: FeatureSet;
  candidateFeatures: FeatureSet;
  ratingStatistics?: RatingStatistics;
  /** The candidate tower's item vectors input, when the recommender has one (a ranking model reading features reads it too). */
  itemVectors?: ItemVectorsSpec;
}

/** The error of inputs that read rating statistics when there are none. */
export function missingStatistics(inputs: RankingInputs): Error {
  return new Error(
    `ranking inputs '${inputs}' read rating statistics, but the recommender has none: call recommender.models.setRatingStatistics(RatingStatistics.fit(log, trainRows, numUsers, numItems)) first`,
  );
}

/**
 * The tower features a ranking model reads: those named in `features` (see
 * {@link RankingOptions.features}), or all of them.
 * @param itemVectors the recommender's item vectors, when it has them: their input
 *   (`vectors:<name>`, numeric, `[dim]` per item) is one of the candidate features
 * @throws when a name is not one of the towers' features (the message lists them)
 */
export function rankingFeatureInputs(queryFeatures: FeatureSet, candidateFeatures: FeatureSet, features?: readonly string[], itemVectors?: ItemVectorsSpec): { query: TowerInputSpec[]; candidate: TowerInputSpec[] } {
  const query = towerInputsFromFeatures(queryFeatures);
  const candidate = towerInputsFromFeatures(candidateFeatures);
  if (itemVectors) candidate.push(itemVectorsInput(itemVectors));
  if (!features) return { query, candidate };
  const known = [...query, ...candidate].map((s) => s.name);
  const unknown = features.filter((f) => !known.includes(f));
  if (unknown.length > 0) throw new Error(`ranking option features: unknown feature ${unknown.map((f) => JSON.stringify(f)).join(', ')}; the towers have ${known.join(', ')}`);
  const picked = (specs: TowerInputSpec[]) => specs.filter((s) => features.includes(s.name));
  return { query: picked(query), candidate: picked(candidate) };
}

/**
 * An untrained ranking model fed with the recommender's inputs: its own embedding tables for the
 * tower features it reads, and numeric inputs for the retrieval numbers and rating statistics.
 * @throws when the options name unknown features, read statistics there are none of, or leave a side without inputs
 */
export function createRankingModel(options: RankingOptions, sources: RankingModelSources): RankingModel {
  const { inputs = 'features', features, ...config } = options;
  const parts = rankingInputParts(inputs);
  if (features && !parts.features) throw new Error(`ranking option features ${JSON.stringify(features)} needs inputs that read features; inputs '${inputs}' reads none`);
  const { query, candidate } = parts.features ? rankingFeatureInputs(sources.queryFeatures, sources.candidateFeatures, features, sources.itemVectors) : { query: [], candidate: [] };
  if (parts.retrieval) {
    query.push({ name: ACTIVITY_INPUT, kind: 'numeric' });
    for (const name of RETRIEVAL_FEATURE_INPUTS) candidate.push({ name, kind: 'numeric' });
  }
  if (parts.statistics) {
    if (!sources.ratingStatistics) throw missingStatistics(inputs);
    query.push({ name: STATISTICS_INPUTS.query, kind: 'numeric', width: RATING_FEATURE_WIDTH });
    candidate.push({ name: STATISTICS_INPUTS.candidate, kind: 'numeric', width: RATING_FEATURE_WIDTH });
  }
  if (query.length === 0 || candidate.length === 0) {
    throw new Error(`a ranking model needs a query-side and a candidate-side input: features ${JSON.stringify(features)} with inputs '${inputs}' leave ${query.length === 0 ? 'no query' : 'no candidate'} input`);
  }
  return new RankingModel({ ...config, query, candidate });
}

/**
 * Ranking models, one per member's options, created in order; none is left behind when one fails.
 */
export function createRankingModels(members: readonly RankingOptions[], sources: RankingModelSources): RankingModel[] {
  if (members.length === 0) throw new Error('a ranking ensemble needs at least one member');
  const models: RankingModel[] = [];
  try {
    for (const m of members) models.push(createRankingModel(m, sources));
  } catch (e) {
    for (const m of models) m.dispose();
    throw e;
  }
  return models;
}

/** An untrained engagement model: a ranking model that must have the binary head, since it predicts P(interaction). */
export function createEngagementModel(options: RankingOptions, sources: RankingModelSources): RankingModel {
  const model = createRankingModel(options, sources);
  if (model.head !== 'binary') {
    model.dispose();
    throw new Error('the engagement model needs the binary head: it predicts P(interaction)');
  }
  return model;
}
