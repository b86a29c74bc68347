export { Recommender, RECOMMENDER_FILES } from './recommender';
export { ModelRanker } from './model-ranker';
export type { RankerHost } from './model-ranker';
export type { Ranker, RankingOptions, Catalogue, UserInfo, SeenItems, RecommenderSpec, RecommenderModelOptions, RecommenderParts } from './recommender';
export { towerInputsFromFeatures, toTowerBatch, gatherTowerBatch } from './tower-specs';
