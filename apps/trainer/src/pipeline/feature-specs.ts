import type { Dataset } from '@twotower/data';
import type { HistoryOptions, RecommenderSpec } from '@twotower/recommender';
import { inferFeatures, type TrainingData } from '@twotower/training';
import type { TrainConfig } from '../config/schema';

/**
 * The recommender the config describes for a data set: the features of the columns it has
 * (`inferFeatures`: user id and time; item id, titles, genres or categories, catalogue and user
 * attributes, as `config.features` allows), the towers, the optimiser, the item vectors the
 * candidate tower reads when given (the item text's embedding); and the columns left out.
 */
export function recommenderSpec(config: TrainConfig, dataset: Dataset, data: Pick<TrainingData, 'hasTimestamps'>, itemVectors?: { name: string; dim: number; method: string }): { spec: RecommenderSpec; skipped: string[] } {
  const f = config.features;
  const { query, candidate, skipped } = inferFeatures(dataset, data, {
    embeddingDim: f.embeddingDim,
    timestampBins: f.timestampBins,
    maxTitleTokens: f.maxTitleTokens,
    timestamp: f.timestamp,
    titleText: f.titleText,
    genres: f.genres,
    ...(f.attributes !== undefined ? { attributes: f.attributes } : {}),
    ...(f.categories !== undefined ? { categories: f.categories } : {}),
    ...(f.numberBins !== undefined ? { numberBins: f.numberBins } : {}),
    ...(f.userTable !== undefined ? { userTable: f.userTable } : {}),
    ...(f.timestampResolutions ? { timestampResolutions: f.timestampResolutions } : {}),
  });
  // a recent history is the items before a query's time: a log without times has none (it reads
  // the log's times, not the time features: \`timestamp: false\` keeps it)
  const recentWithoutTime = f.history?.recent === true && !data.hasTimestamps;
  const spec: RecommenderSpec = {
    query,
    candidate,
    model: {
      queryLayers: config.model.queryLayers,
      candidateLayers: config.model.candidateLayers,
      normalize: config.model.normalize,
      seed: config.model.seed,
      ...(config.model.members > 1 ? { members: config.model.members } : {}),
      optimizer: { name: config.training.optimizer, learningRate: config.training.learningRate, weightDecay: config.training.weightDecay },
    },
    likedWeight: config.ranking.likedWeight,
    ...(f.timeDropout ? { timeDropout: f.timeDropout } : {}),
    ...(f.memberTimeDropout ? { memberTimeDropout: f.memberTimeDropout } : {}),
    ...(itemVectors ? { itemVectors } : {}),
    ...(f.history && !recentWithoutTime ? { history: historyOptions(f.history, f.embeddingDim) } : {}),
  };
  return { spec, skipped: recentWithoutTime ? [...skipped, 'features.history (recent): the log has no timestamps, so no item comes before another'] : skipped };
}

/** The recommender's history options from the config's `features.history`. */
function historyOptions(h: NonNullable<TrainConfig['features']['history']>, embeddingDim: number): HistoryOptions {
  return {
    length: h.length,
    dim: h.dim ?? embeddingDim,
    ...(h.causal ? { causal: true } : {}),
    ...(h.recent ? { recent: true } : {}),
    ...(h.pooling === 'attention' ? { pooling: 'attention' as const, ...(h.heads ? { heads: h.heads } : {}) } : {}),
    ...(h.itemTable === 'shared' ? { itemTable: 'shared' as const } : {}),
  };
}
