import { tf } from '@twotower/runtime';
import type { TrainingCallback } from './callbacks';

/** Options of {@link leakGuard}. */
export interface LeakGuardOptions {
  /** Tensors an epoch may add before it counts as a leak. Default 0. */
  tolerance?: number;
  /** What to do with a leak: throw (default) or report it. */
  onLeak?: 'throw' | ((message: string) => void);
}

/**
 * Checks that the number of live tensors (`tf.memory().numTensors`) stays flat from epoch to
 * epoch: after each epoch it must be what it was after the first one of this run (the first may
 * create optimiser state), however long the run.
 */
export function leakGuard(options: LeakGuardOptions = {}): TrainingCallback {
  const tolerance = options.tolerance ?? 0;
  let baseline: number | undefined;
  return {
    onTrainBegin() {
      baseline = undefined;
    },
    onEpochEnd(logs) {
      const now = tf.memory().numTensors;
      if (baseline === undefined) {
        baseline = now;
        return;
      }
      const grew = now - baseline;
      if (grew <= tolerance) return;
      const message = `after epoch ${logs.epoch}, ${grew} more tensors are alive than after the first epoch of this run: a tensor is not disposed in the training step (wrap it in tf.tidy)`;
      if (options.onLeak === undefined || options.onLeak === 'throw') throw new Error(message);
      options.onLeak(message);
    },
  };
}
