export { RankingModel, DEFAULT_RANKING_OPTIMIZER } from './ranking-model';
export type { RankingConfig, RankingHead } from './ranking-model';
export { CrossNetwork } from './cross-network';
export type { CrossOptions } from './cross-network';
