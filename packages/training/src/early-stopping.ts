import type { TrainingCallback } from './callbacks';

/** Options of {@link earlyStopping}. */
export interface EarlyStoppingOptions {
  /** Name of the validation figure to maximise, e.g. `top100` (read from `logs.validation`). */
  monitor: string;
  /** Stop after this many epochs without improvement; 0 never stops (but still tracks the best epoch). */
  patience: number;
  /** Puts back the weights of the best epoch (e.g. from a checkpoint); called at the end when the last epoch is not the best. */
  restoreBest?: () => Promise<void>;
  /** Told what was restored. */
  log?: (line: string) => void;
}

/**
 * Tracks the best epoch by a validation figure (higher is better), marks `logs.improved`, stops
 * after `patience` epochs without improvement, and restores the best weights at the end. Put it
 * after the validation callback and before the checkpoint. Without validation figures every
 * epoch counts as the best.
 */
export function earlyStopping(options: EarlyStoppingOptions): TrainingCallback {
  const { monitor, patience } = options;
  let validated = false;
  return {
    onEpochEnd(logs, state) {
      if (!logs.validation) {
        state.bestEpoch = logs.epoch;
        logs.improved = true;
        return;
      }
      validated = true;
      if (!(monitor in logs.validation)) {
        throw new Error(`earlyStopping: the validation has no figure "${monitor}" (it has ${Object.keys(logs.validation).join(', ') || 'none'}): monitor one of those`);
      }
      const v = logs.validation[monitor]!;
      if (v > state.bestMetric) {
        state.bestMetric = v;
        state.bestEpoch = logs.epoch;
        state.stale = 0;
        logs.improved = true;
        logs.notes.push('(best)');
      } else {
        state.stale++;
        logs.improved = false;
        if (patience > 0 && state.stale >= patience) state.stopTraining = true;
      }
    },
    async onTrainEnd(state) {
      if (!validated && state.history.every((h) => !h.validation)) return;
      if (state.bestEpoch > 0 && state.bestEpoch !== state.epoch && options.restoreBest) {
        await options.restoreBest();
        options.log?.(`restored the weights of epoch ${state.bestEpoch} (best validation ${monitor} ${state.bestMetric.toFixed(4)})`);
      }
    },
  };
}
