export { EvalInputError } from './errors';
export { TopKSelector, topKIndices } from './ranking/top-k';
export type { TopKOptions } from './ranking/top-k';
export { rankOfTarget } from './ranking/rank-of-target';
export {
  recallAtK,
  precisionAtK,
  ndcgAtK,
  averagePrecisionAtK,
  hitAtK,
  reciprocalRank,
  idealDcg,
} from './metrics/list-metrics';
export { binaryAccuracy } from './metrics/binary-accuracy';
export { auc } from './metrics/auc';
export { logLoss } from './metrics/log-loss';
export { rmse, mae } from './metrics/regression';
export { buildUserItemCsr } from './protocols/user-item-csr';
export type { InteractionColumns } from './protocols/interaction-columns';
export type { UserItemCsr } from './protocols/user-item-csr';
export { itemPopularity, popularityPercentiles } from './protocols/item-popularity';
export { evaluateRetrieval } from './protocols/evaluate-retrieval';
export type { NdcgIdeal } from './protocols/per-user-accumulator';
export type {
  RetrievalEvalOptions,
  RetrievalMetrics,
  RetrievalProtocol,
  ProtocolMetrics,
  PopularityBias,
  PerUserValues,
  ScoreBlock,
} from './protocols/evaluate-retrieval';
export { pairedUserDifference } from './protocols/paired-users';
export { pairedDifference } from './protocols/paired-difference';
export { evaluateTwoStage } from './protocols/evaluate-two-stage';
export type { TwoStageEvalOptions, TwoStageMetrics, TwoStageResult, PairedDifference } from './protocols/evaluate-two-stage';
export { invertSpdInPlace, spdInverseWork } from './linalg/spd-inverse';
export type { SpdInverseOptions } from './linalg/spd-inverse';
export { invertSpdBlocked, blockedInverseWork } from './linalg/blocked-spd-inverse';
export type { BlockedSpdInverseOptions } from './linalg/blocked-spd-inverse';
export { invertSpdRecursive, recursiveInverseWork } from './linalg/recursive-spd-inverse';
export type { RecursiveSpdInverseOptions } from './linalg/recursive-spd-inverse';
export type { StrassenOptions } from './linalg/strassen';
export type { PhaseTimes } from './linalg/phase-times';
export { jsMatMulF32 } from './linalg/matmul';
export type { MatMulF32 } from './linalg/matmul';
export { GEMM_K_CHUNK, gemmBatchOf, gemmTaskWork, runGemmTask, sharedF32 } from './linalg/gemm';
export type { GemmBatchF32, GemmTask, MatrixRegion } from './linalg/gemm';
export { runRowTask, runRowTaskRange, rowTaskArrays, rowTaskSize, rowTaskUnits } from './linalg/row-tasks';
export type { RowBatchF32, RowTask } from './linalg/row-tasks';
export { PopularityBaseline } from './baselines/popularity';
export { EaseBaseline, EASE_MAX_ITEMS } from './baselines/ease';
export type { EaseOptions } from './baselines/ease';
export { queriesAsUsers } from './baselines/query-scorer';
export { runBaselines } from './baselines/run-baselines';
export type { RunBaselinesOptions, BaselineResults, BaselineName } from './baselines/run-baselines';
export { ML100K_BASELINE_REFERENCE } from './baselines/ml100k-reference';
export { timeContinuity } from './embeddings/time-continuity';
export type { TimeContinuity, TimeContinuityOptions } from './embeddings/time-continuity';
export { cosineSimilarity, easeSimilarity } from './embeddings/item-similarity';
export type { ItemSimilarity } from './embeddings/item-similarity';
export { neighbourGenreAgreement } from './embeddings/genre-agreement';
export type { GenreAgreement, GenreAgreementOptions } from './embeddings/genre-agreement';
export { evaluateItemToItem } from './embeddings/item-to-item';
export type { ItemToItemData, ItemToItemOptions, ItemToItemResult, InteractionRows } from './embeddings/item-to-item';
export { ItemScorer, ROW_CACHE_MAX } from './embeddings/item-scorer';
