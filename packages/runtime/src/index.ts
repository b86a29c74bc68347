export { tf } from './tf';
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Scalar, Variable, Rank, DataType, TensorLike } from './tf';
export { ready, backendName, BACKEND_ORDER, BACKEND_ENV } from './backend';
export type { BackendName, BackendInfo, ReadyOptions } from './backend';
export { registerTwotowerKernels } from './kernels/register';
export { unsortedSegmentSumValues, unsortedSegmentSumWasmConfig } from './kernels/unsorted-segment-sum';
export { dense } from './ops/dense';
export type { Activation } from './ops/dense';
export { embeddingLookup } from './ops/embedding-lookup';
export { explicitTranspose, matMulABt, matMulAtB } from './ops/transpose-policy';
/** The seeded uniform generator of initial weights and sampled negatives: `mulberry32` of `@twotower/utils`. */
export { mulberry32 as createRandom } from '@twotower/utils';
