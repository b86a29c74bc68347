import type { EpochRecord } from '@twotower/artifact';

/** What the epoch loop reports after each step. */
export interface StepLogs {
  epoch: number;
  epochs: number;
  /** 1-based step within the epoch. */
  step: number;
  steps: number;
  /** Mean loss per example so far in this epoch. */
  loss: number;
  examplesPerSecond: number;
}

/** What the epoch loop reports after each epoch; callbacks may add to it (validation, improved). */
export interface EpochLogs {
  epoch: number;
  epochs: number;
  /** Mean loss per example. */
  loss: number;
  examples: number;
  seconds: number;
  examplesPerSecond: number;
  /** Validation figures, set by a validation callback. */
  validation?: Record<string, number>;
  /** Set by early stopping: this epoch is the best so far (always true without validation). */
  improved?: boolean;
  /** Extra words for the epoch's progress line (e.g. `validation top100 0.61`), set by callbacks. */
  notes: string[];
}

/**
 * The state of a training run that callbacks share and a checkpoint keeps: enough to continue an
 * interrupted run exactly.
 */
export interface TrainingState {
  /** Epochs completed. */
  epoch: number;
  /** Epoch whose weights are the best so far (the last one without validation). */
  bestEpoch: number;
  /** The monitored figure at {@link bestEpoch} (-Infinity before any). */
  bestMetric: number;
  /** Epochs since the best one. */
  stale: number;
  /** A callback asked the loop to stop (early stopping); a resumed run trains no further. */
  stopTraining: boolean;
  /** One record per completed epoch (the current one included when `onEpochEnd` runs). */
  history: EpochLogs[];
}

/** An epoch as `history.json` keeps it. */
export function toEpochRecord(logs: EpochLogs): EpochRecord {
  return { epoch: logs.epoch, loss: logs.loss, seconds: logs.seconds, examplesPerSecond: logs.examplesPerSecond, ...(logs.validation ? { validation: logs.validation } : {}) };
}

/**
 * A hook into the epoch loop, as Keras callbacks are. Every method is optional; they run in the
 * order the callbacks are given, and may be async.
 */
export interface TrainingCallback {
  /** Before the first epoch of this invocation (after a resume, `state.epoch` > 0). */
  onTrainBegin?(state: TrainingState): void | Promise<void>;
  onEpochBegin?(epoch: number, state: TrainingState): void | Promise<void>;
  /** After each step (keep it cheap: it runs per batch). */
  onStepEnd?(logs: StepLogs): void;
  /** After each epoch: add validation figures, decide to stop, write a checkpoint. */
  onEpochEnd?(logs: EpochLogs, state: TrainingState): void | Promise<void>;
  /** After the last epoch (or the stop): restore weights, close a progress bar. */
  onTrainEnd?(state: TrainingState): void | Promise<void>;
}

/** A fresh {@link TrainingState}. */
export function initialState(): TrainingState {
  return { epoch: 0, bestEpoch: 0, bestMetric: -Infinity, stale: 0, stopTraining: false, history: [] };
}
