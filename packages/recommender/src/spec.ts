import type { FeatureSet, FeatureSpec } from '@twotower/features';
import { TwoTowerModel, type SparseOptimizerOptions } from '@twotower/towers';
import type { RankingOptions } from './create-ranking-model';
import type { RankingEnsembleOptions } from './ranking-ensemble';
import { historyInput, sharedItemInput, type HistoryOptions } from './history';
import { timeInputNames, withNoTimeRow } from './no-time';
import { towerInputsFromFeatures } from './tower-specs';
import { checkItemVectorsSpec, itemVectorsInput, type ItemVectorsSpec } from './item-vectors';

/** Model options of a {@link RecommenderSpec}. */
export interface RecommenderModelOptions {
  /** Query tower MLP. Default [32]. */
  queryLayers?: number[];
  /** Candidate tower MLP. Default [32]. */
  candidateLayers?: number[];
  /** L2-normalise both towers' outputs. Default false. */
  normalize?: boolean;
  /** Optimiser of both towers. Default Adagrad, lr 0.1. */
  optimizer?: SparseOptimizerOptions;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
  /**
   * Independent pairs of towers trained side by side, an ensemble (`TwoTowerConfig.members`):
   * embeddings are `members` times as wide, each score the mean of the members'. Default 1.
   */
  members?: number;
}

/**
 * What a recommender is made of before fitting: the query features (sources `user`,
 * `timestamp`), the candidate features (sources `item`, `title`, `genres`), and the towers.
 */
export interface RecommenderSpec {
  query: FeatureSpec[];
  candidate: FeatureSpec[];
  model: RecommenderModelOptions;
  /**
   * The query tower also reads the user's history: its items' embeddings pooled, by their mean
   * (default) or a learned attention (`history.pooling`) — the user's training items, or a history
   * given with the query (e.g. for a user the model never saw). Saved with the spec in the model
   * directory. Absent: no history.
   */
  history?: HistoryOptions;
  /**
   * Share of training examples whose time the query tower does not see (their time inputs read
   * a "no time" value), so that it also learns the user without a time: a query without a time
   * (a user's recommendations, the per-user evaluation) then reads no time, while a query with
   * one (a row of the log, a request's timestamp) reads it. 0 or absent: off, and a query without
   * a time is embedded at the user's latest training time.
   */
  timeDropout?: number;
  /**
   * Per member of the ensemble (`model.members` entries, each in (0, 1]): that member's share of
   * training examples without their time, in place of `timeDropout` (which must be set). A member
   * at 1 never reads a time: it is trained as a model without time features and answers every
   * query, timed or not, as one without a time; the others read the time of a timed query. So one
   * model can hold towers that learn time (for queries at a time, the day map) beside towers that
   * learn the user alone (for a user's list). Absent: every member uses `timeDropout`.
   */
  memberTimeDropout?: number[];
  /**
   * With both a ranking and an engagement model, the ranker scores
   * P(interaction) × P(liked)^likedWeight: 0 re-ranks by engagement alone, 1 by the probability of
   * an interaction that is liked. Default 0.
   */
  likedWeight?: number;
  /**
   * The candidate tower also reads dense per-item vectors (e.g. text embeddings of the titles) as
   * one numeric input of width `itemVectors.dim`, named `vectors:<name>`: given with the
   * catalogue (`Recommender.create`'s `itemVectors`), saved in the model directory as the
   * embedding set `itemVectors.name`, given per new item to `embedNewItems`. Absent: none.
   */
  itemVectors?: ItemVectorsSpec;
}

/** The options of the ranking and engagement models a recommender holds (see {@link ModelSet.options}). */
export interface AttachedModelOptions {
  /** One ranking model's options, or the members' options of an ensemble. */
  ranking?: RankingOptions | RankingOptions[];
  /** How the members of a ranking ensemble combine (an ensemble only). */
  rankingEnsemble?: RankingEnsembleOptions;
  /** The engagement model's options, when there is one. */
  engagement?: RankingOptions;
}

/** The spec as a model directory keeps it (`recommender.json`): the spec and the options of the models attached. */
export interface SavedRecommenderSpec extends RecommenderSpec, AttachedModelOptions {}

/**
 * The spec without the options of attached models, frozen (its fields cannot be reassigned).
 * @throws when it carries ranking or engagement options: models are attached to a built recommender ({@link ModelSet})
 */
export function towerSpec(spec: RecommenderSpec): Readonly<RecommenderSpec> {
  const { ranking, rankingEnsemble, engagement, ...rest } = spec as SavedRecommenderSpec;
  if (rest.itemVectors) checkItemVectorsSpec(rest.itemVectors);
  if (ranking !== undefined || rankingEnsemble !== undefined || engagement !== undefined) {
    throw new Error('the spec describes features and towers; ranking and engagement models are attached to a built recommender (recommender.models.setRankingModel, setRankingEnsemble, setEngagementModel)');
  }
  return Object.freeze(rest);
}

/**
 * Untrained towers of the sizes the spec's model options and the fitted features give (and the
 * history input over `numItems` items, the item vectors input, when the spec has them).
 */
export function createTwoTower(spec: Pick<RecommenderSpec, 'model' | 'history' | 'timeDropout' | 'memberTimeDropout' | 'itemVectors'>, queryFeatures: FeatureSet, candidateFeatures: FeatureSet, numItems: number): TwoTowerModel {
  const model = spec.model;
  const dropout = spec.timeDropout ?? 0;
  if (!(dropout >= 0 && dropout <= 1)) throw new Error(`timeDropout must be in [0, 1], got ${dropout}`);
  checkMemberTimeDropout(spec);
  let queryInputs = towerInputsFromFeatures(queryFeatures);
  if (dropout > 0) queryInputs = withNoTimeRow(queryInputs, timeInputNames(queryFeatures));
  const candidateInputs = towerInputsFromFeatures(candidateFeatures);
  if (spec.itemVectors) candidateInputs.push(itemVectorsInput(spec.itemVectors));
  if (spec.history) queryInputs.push(historyInput(spec.history, numItems, spec.history.itemTable === 'shared' ? sharedItemInput(candidateFeatures, candidateInputs) : undefined));
  return new TwoTowerModel({
    query: { inputs: queryInputs, layers: model.queryLayers ?? [32], normalize: model.normalize ?? false },
    candidate: { inputs: candidateInputs, layers: model.candidateLayers ?? [32], normalize: model.normalize ?? false },
    optimizer: model.optimizer,
    seed: model.seed ?? 0,
    ...(model.members !== undefined ? { members: model.members } : {}),
  });
}

/**
 * Checks `spec.memberTimeDropout`: one entry per member, each in (0, 1], and `timeDropout` set
 * (the members share the "no time" value it adds).
 * @throws naming the entry at fault and what to give instead
 */
export function checkMemberTimeDropout(spec: Pick<RecommenderSpec, 'model' | 'timeDropout' | 'memberTimeDropout'>): void {
  const per = spec.memberTimeDropout;
  if (per === undefined) return;
  const members = spec.model.members ?? 1;
  if (!Array.isArray(per) || per.length !== members) {
    throw new Error(`memberTimeDropout must have one entry per member (${members}), got ${JSON.stringify(per)}`);
  }
  per.forEach((v, k) => {
    if (!(typeof v === 'number' && v > 0 && v <= 1)) throw new Error(`memberTimeDropout[${k}] must be in (0, 1] (a member at 0 would have no answer without a time), got ${JSON.stringify(v)}`);
  });
  if (!((spec.timeDropout ?? 0) > 0)) throw new Error('memberTimeDropout needs timeDropout > 0 too (it adds the "no time" value the members read)');
}
