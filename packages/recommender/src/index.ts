export { Recommender, RECOMMENDER_FILES, RETRIEVAL_FEATURE_INPUTS } from './recommender';
export { ModelRanker } from './model-ranker';
export type { RankerHost, RankerPart } from './model-ranker';
export type { Ranker, RankingOptions, RankingInputs, Catalogue, UserInfo, SeenItems, RecommenderSpec, RecommenderModelOptions, RecommenderParts } from './recommender';
export { towerInputsFromFeatures, toTowerBatch, gatherTowerBatch } from './tower-specs';
