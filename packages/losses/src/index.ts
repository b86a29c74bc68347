export { inBatchSoftmax } from './in-batch-softmax';
export { applyTemperature } from './temperature';
export { logQCorrection, logSamplingProbabilities } from './logq-correction';
export { removeAccidentalHits, MASKED_LOGIT } from './remove-accidental-hits';
export { hardNegativeMining } from './hard-negative-mining';
export { sampleUniformNegatives, uniformLogProbability } from './sampled-negatives';
export { retrievalLoss } from './retrieval-loss';
export type { MaskedColumns, RetrievalLossOptions, RetrievalTeacher } from './retrieval-loss';
export { fusedRetrievalLoss } from './fused-retrieval-loss';
export { softmaxRows } from './softmax-rows';
export { columnsById } from './hit-columns';
export { expNonPositive } from './fast-exp';
export { transposeInto, transposeRowsInto } from './transpose';
export { THREADS_ENV, configuredThreads } from './parallel/row-pool';
// Ranking losses (pointwise, pairwise, listwise)
export { binaryCrossEntropy, meanSquaredError, bprLoss, pairwiseHingeLoss, listwiseSoftmaxLoss } from './ranking';
export type { RankingLossOptions, RankingReduction, HingeLossOptions, ListwiseSoftmaxOptions } from './ranking';
