import { tf } from '@twotower/runtime';
import type { SparseOptimizerOptions } from './sparse-optimizer';

/** The tfjs optimiser for dense (MLP) weights matching a sparse optimiser's settings. */
export function createDenseOptimizer(o: SparseOptimizerOptions = {}): tf.Optimizer {
  const lr = o.learningRate ?? 0.1;
  switch (o.name ?? 'adagrad') {
    case 'adagrad':
      return tf.train.adagrad(lr, o.initialAccumulator ?? 0.1);
    case 'adam':
      return tf.train.adam(lr, o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-7);
    case 'sgd':
      return tf.train.sgd(lr);
    default:
      throw new Error(`optimizer "${o.name}" is not supported: use adagrad, adam or sgd`);
  }
}
