import { initialState, type EpochLogs, type StepLogs, type TrainingCallback, type TrainingState } from './callbacks';

/** What one epoch of a task did. */
export interface EpochResult {
  /** Sum of the per-example losses over the epoch. */
  lossSum: number;
  examples: number;
}

/** Options of {@link fitLoop}. */
export interface FitLoopOptions {
  /** Epochs in all (a resumed run counts the ones already done). */
  epochs: number;
  /**
   * Trains one epoch: calls `step` after each batch with the loss sum and examples so far.
   * @param epoch 1-based
   */
  runEpoch(epoch: number, step: (lossSum: number, examples: number, stepIndex: number, steps: number) => void): EpochResult | Promise<EpochResult>;
  callbacks?: TrainingCallback[];
  /** Where to start (a checkpoint's state). Default: a fresh state. */
  state?: TrainingState;
  /** Stop after this many epochs of this invocation, whatever the callbacks say (tests of resume). */
  maxEpochsThisRun?: number;
}

/** What {@link fitLoop} returns. */
export interface FitLoopResult {
  state: TrainingState;
  /** Epochs trained by this invocation. */
  epochsRun: number;
  /** Examples trained on by this invocation. */
  examples: number;
  /** Examples per second over this invocation's epochs. */
  examplesPerSecond: number;
  seconds: number;
}

/**
 * The one epoch loop every task uses: runs epochs until `epochs` or a callback's stop, timing
 * them and telling the callbacks at each step and epoch (progress, validation, early stopping,
 * checkpoints, leak guard).
 */
export async function fitLoop(options: FitLoopOptions): Promise<FitLoopResult> {
  if (!Number.isInteger(options.epochs) || options.epochs < 0) throw new Error(`fitLoop: epochs must be an integer >= 0, got ${options.epochs}`);
  if (options.maxEpochsThisRun !== undefined && (!Number.isInteger(options.maxEpochsThisRun) || options.maxEpochsThisRun < 0)) {
    throw new Error(`fitLoop: maxEpochsThisRun must be an integer >= 0, got ${options.maxEpochsThisRun}`);
  }
  const callbacks = options.callbacks ?? [];
  const state = options.state ?? initialState();
  const t0 = performance.now();
  const start = state.epoch;
  const last = Math.min(options.epochs, options.maxEpochsThisRun !== undefined ? start + options.maxEpochsThisRun : options.epochs);
  let examples = 0;
  let trainSeconds = 0;
  for (const c of callbacks) await c.onTrainBegin?.(state);
  while (state.epoch < last && !state.stopTraining) {
    const epoch = state.epoch + 1;
    for (const c of callbacks) await c.onEpochBegin?.(epoch, state);
    const e0 = performance.now();
    const onStep = (lossSum: number, n: number, stepIndex: number, steps: number) => {
      const logs: StepLogs = { epoch, epochs: options.epochs, step: stepIndex + 1, steps, loss: lossSum / n, examplesPerSecond: n / ((performance.now() - e0) / 1000) };
      for (const c of callbacks) c.onStepEnd?.(logs);
    };
    const r = await options.runEpoch(epoch, onStep);
    const seconds = (performance.now() - e0) / 1000;
    examples += r.examples;
    trainSeconds += seconds;
    const logs: EpochLogs = { epoch, epochs: options.epochs, loss: r.lossSum / r.examples, examples: r.examples, seconds, examplesPerSecond: r.examples / seconds, notes: [] };
    state.epoch = epoch;
    state.history.push(logs);
    for (const c of callbacks) await c.onEpochEnd?.(logs, state);
  }
  for (const c of callbacks) await c.onTrainEnd?.(state);
  return { state, epochsRun: state.epoch - start, examples, examplesPerSecond: trainSeconds > 0 ? examples / trainSeconds : 0, seconds: (performance.now() - t0) / 1000 };
}
