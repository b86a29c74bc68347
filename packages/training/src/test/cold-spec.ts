import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import type { RecommenderSpec } from '@twotower/recommender';

/** The small spec of the cold-start protocols' tests: the user id, the catalogue's features, a 10-item history, 8 wide. */
export const coldTestSpec = (): RecommenderSpec => ({
  query: movieLensQuerySpecs({ embeddingDim: 8 }).filter((s) => s.name === 'user_id'),
  candidate: movieLensCandidateSpecs({ embeddingDim: 8 }),
  model: { queryLayers: [8], candidateLayers: [8], seed: 1 },
  history: { length: 10, dim: 8 },
});
