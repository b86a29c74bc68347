export { binaryCrossEntropy } from './binary-cross-entropy';
export { meanSquaredError } from './mean-squared-error';
export { bprLoss } from './bpr';
export { pairwiseHingeLoss } from './hinge';
export type { HingeLossOptions } from './hinge';
export { listwiseSoftmaxLoss } from './listwise-softmax';
export type { ListwiseSoftmaxOptions } from './listwise-softmax';
export type { RankingLossOptions, RankingReduction } from './reduce';
