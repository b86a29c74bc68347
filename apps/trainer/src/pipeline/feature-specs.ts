import { movieLensCandidateSpecs, movieLensQuerySpecs, type FeatureSpec } from '@twotower/features';
import type { RecommenderSpec } from '@twotower/recommender';
import type { TrainConfig } from '../config/schema';

/** The feature specs the config asks for: user id and time on the query side; item id, title and genres on the candidate side. */
export function featureSpecs(config: TrainConfig, hasTime: boolean): { query: FeatureSpec[]; candidate: FeatureSpec[] } {
  const f = config.features;
  const opts = { embeddingDim: f.embeddingDim, timestampBins: f.timestampBins, maxTitleTokens: f.maxTitleTokens };
  let query: FeatureSpec[] = movieLensQuerySpecs(opts);
  if (!f.timestamp || !hasTime) query = query.filter((s) => s.source !== 'timestamp');
  let candidate: FeatureSpec[] = movieLensCandidateSpecs(opts);
  if (!f.titleText) candidate = candidate.filter((s) => s.kind !== 'text');
  if (f.genres) {
    candidate = [...candidate, { name: 'genres', kind: 'text', source: 'genres', maxTokens: 1000, embeddingDim: f.embeddingDim, pooling: 'mean', standardize: 'none', description: "the item's genre combination (e.g. Animation|Children's|Comedy) as one token, embedded" } as FeatureSpec];
  }
  return { query, candidate };
}

/** The recommender the config describes: features, towers, optimiser. */
export function recommenderSpec(config: TrainConfig, hasTime: boolean): RecommenderSpec {
  return {
    ...featureSpecs(config, hasTime),
    model: {
      queryLayers: config.model.queryLayers,
      candidateLayers: config.model.candidateLayers,
      normalize: config.model.normalize,
      seed: config.model.seed,
      optimizer: { name: config.training.optimizer, learningRate: config.training.learningRate, weightDecay: config.training.weightDecay },
    },
    likedWeight: config.ranking.likedWeight,
  };
}
