export { EmbeddingTable } from './embedding-table';
export type { EmbeddingTableOptions } from './embedding-table';
export { SparseRowOptimizer } from './sparse-optimizer';
export type { SparseOptimizerOptions, OptimizerName } from './sparse-optimizer';
export { createDenseOptimizer } from './dense-optimizer';
export { TowerInputs, attentionTableName } from './tower-input';
export type { TowerInputSpec, EmbeddingInputSpec, NumericInputSpec, TowerBatch } from './tower-input';
export { AttentionPooling, SEQUENCE_POOLINGS } from './attention-pooling';
export type { AttentionPoolingOptions, SequencePooling } from './attention-pooling';
export { Mlp } from './mlp';
export type { MlpOptions } from './mlp';
export { Tower } from './tower';
export type { TowerConfig } from './tower';
export { TwoTowerModel } from './two-tower-model';
export type { MemberStep, TwoTowerConfig, TwoTowerMember } from './two-tower-model';
/** The seeded generator of initial weights: `mulberry32` of `@twotower/utils`, under this package's name. */
export { mulberry32 as createRandom } from '@twotower/utils';
export { accumulateSmoothness } from './embedding-smoothness';
export { writeWeights, readWeights } from './weights-io';
export type { WeightEntry, WeightsManifest } from './weights-io';
export { collectState, restoreState, towerParts } from './model-state';
export type { NamedArray, StateParts } from './model-state';
// Ranking model (two-stage re-ranking)
export { RankingModel, DEFAULT_RANKING_OPTIMIZER, CrossNetwork } from './ranking';
export type { RankingConfig, RankingHead, CrossOptions } from './ranking';
