export { Recommender, RETRIEVAL_FEATURE_INPUTS, RANKING_INPUTS, STATISTICS_INPUTS, rankingInputParts } from './recommender';
export { RatingStatistics, RATING_STATISTICS_COLUMNS, RATING_FEATURE_WIDTH } from './rating-statistics';
export type { RatingStatisticsOptions, RatingFeatures, RatingStatisticsJSON } from './rating-statistics';
export { ModelRanker } from './model-ranker';
export { combineRankingPredictions, ensembleKind } from './ranking-ensemble';
export type { RankingEnsembleOptions, EnsembleKind } from './ranking-ensemble';
export type { RankerHost, RankerPart } from './model-ranker';
export type { Ranker, LikedScorer, RankingOptions, RankingInputs, Catalogue, UserInfo, SeenItems, RecommenderSpec, RecommenderModelOptions, RecommenderParts } from './recommender';
export { towerInputsFromFeatures, toTowerBatch, gatherTowerBatch } from './tower-specs';
