export { Recommender, RECOMMENDER_FILES } from './recommender';
export type { Ranker, Catalogue, UserInfo, SeenItems, RecommenderSpec, RecommenderModelOptions, RecommenderParts } from './recommender';
export { towerInputsFromFeatures, toTowerBatch, gatherTowerBatch } from './tower-specs';
