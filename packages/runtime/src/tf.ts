/**
 * The single TensorFlow.js instance every twotower package uses. Importing `tf` from here
 * (never from `@tensorflow/tfjs-core` directly) keeps kernels, gradients and backends
 * registered in one place, visible to all packages.
 *
 * `tf` is `@tensorflow/tfjs-core` (with `loadGraphModel`, see ./tf-namespace). Importing this
 * module registers the cpu backend (the fallback; wasm and tfjs-node are loaded by `ready()`),
 * core's gradients and the Tensor methods, which core's CommonJS build leaves out (./core-registrations).
 */
import * as tf from './tf-namespace';
import '@tensorflow/tfjs-backend-cpu';
import './core-registrations';

// The cpu backend prints a multi-line "install tfjs-node" banner on first use; `ready()` logs
// one line saying which backend runs and why instead.
const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
if (cpu) cpu.firstUse = false;

export { tf };
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Scalar, Variable, Rank, DataType, TensorLike } from '@tensorflow/tfjs-core';
