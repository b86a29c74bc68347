/**
 * The single TensorFlow.js instance every twotower package uses. Importing `tf` from here
 * (never from `@tensorflow/tfjs-core` directly) keeps kernels, gradients and backends
 * registered in one place, visible to all packages.
 *
 * `@tensorflow/tfjs` is loaded rather than bare `tfjs-core` because core's CommonJS build ships
 * without gradient registrations (they exist only as ES modules); the umbrella package's
 * CommonJS build registers them against the same, single tfjs-core instance.
 */
import * as tf from '@tensorflow/tfjs';

// The cpu backend prints a multi-line "install tfjs-node" banner on first use; `ready()` logs
// one line saying which backend runs and why instead.
const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
if (cpu) cpu.firstUse = false;

export { tf };
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Scalar, Variable, Rank, DataType, TensorLike } from '@tensorflow/tfjs';
