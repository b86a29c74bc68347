/**
 * What `tf` holds: all of `@tensorflow/tfjs-core` (ops, `train` optimizers, `io`, memory and
 * backend management, kernel and gradient registries) plus `loadGraphModel`, which the
 * `@tensorflow/tfjs` umbrella package used to add (see ./graph-model).
 */
export * from '@tensorflow/tfjs-core';
export { loadGraphModel } from './graph-model';
export type { GraphModel } from './graph-model';
// Tensor methods (`t.add(b)`, `t.mean()`, ...): their types augment core's Tensor from this
// module (kept in the declarations); the methods themselves are installed by ./gradients.
export type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
