import { initialState, type EpochLogs, type TrainingState } from './callbacks';
import { earlyStopping } from './early-stopping';
import { fitLoop } from './fit-loop';

const logs = (epoch: number, validation?: Record<string, number>): EpochLogs => ({ epoch, epochs: 10, loss: 1, examples: 1, seconds: 1, examplesPerSecond: 1, notes: [], ...(validation ? { validation } : {}) });

/** Runs the callback over epochs with the given validation figures (undefined: none), as the loop would. */
async function run(figures: (number | undefined)[], patience: number, restored: number[] = [], lines: string[] = []) {
  const state: TrainingState = initialState();
  let current = 0;
  const cb = earlyStopping({ monitor: 'top10', patience, restoreBest: async () => void restored.push(state.bestEpoch), log: (l) => void lines.push(l) });
  const marks: (boolean | undefined)[] = [];
  for (const f of figures) {
    if (state.stopTraining) break;
    const l = logs(++current, f === undefined ? undefined : { top10: f });
    state.epoch = current;
    state.history.push(l);
    await cb.onEpochEnd!(l, state);
    marks.push(l.improved);
  }
  await cb.onTrainEnd!(state);
  return { state, marks };
}

describe('earlyStopping', () => {
  it('tracks the best epoch by the monitored figure and marks improving epochs', async () => {
    const { state, marks } = await run([0.1, 0.3, 0.2, 0.4, 0.35], 0);
    expect(marks).toEqual([true, true, false, true, false]);
    expect(state).toMatchObject({ bestEpoch: 4, bestMetric: 0.4, stale: 1, stopTraining: false, epoch: 5 });
    expect(state.history[3]!.notes).toEqual(['(best)']);
    expect(state.history[2]!.notes).toEqual([]);
  });

  it('an equal figure is not an improvement (the earlier epoch stays the best)', async () => {
    const { state } = await run([0.2, 0.2], 0);
    expect(state.bestEpoch).toBe(1);
    expect(state.stale).toBe(1);
  });

  it('stops after `patience` epochs without improvement; patience 0 never stops', async () => {
    const stopped = await run([0.5, 0.4, 0.3, 0.2, 0.1], 2);
    expect(stopped.state.stopTraining).toBe(true);
    expect(stopped.marks).toHaveLength(3); // epochs 2 and 3 did not improve
    expect(stopped.state.bestEpoch).toBe(1);
    // an improvement resets the count
    const reset = await run([0.5, 0.4, 0.6, 0.5, 0.55], 2);
    expect(reset.state.stopTraining).toBe(true);
    expect(reset.state.epoch).toBe(5);
    expect(reset.state.bestEpoch).toBe(3);
    expect((await run([0.5, 0.4, 0.3, 0.2, 0.1], 0)).state.stopTraining).toBe(false);
  });

  it('restores the best weights only when the last epoch is not the best, and says so', async () => {
    const restored: number[] = [];
    const lines: string[] = [];
    await run([0.1, 0.3, 0.2], 0, restored, lines);
    expect(restored).toEqual([2]);
    expect(lines).toEqual(['restored the weights of epoch 2 (best validation top10 0.3000)']);
    const none: number[] = [];
    await run([0.1, 0.2, 0.3], 0, none);
    expect(none).toEqual([]);
  });

  it('without validation every epoch is the best and nothing is restored', async () => {
    const restored: number[] = [];
    const { state, marks } = await run([undefined, undefined, undefined], 1, restored);
    expect(marks).toEqual([true, true, true]);
    expect(state).toMatchObject({ bestEpoch: 3, stale: 0, stopTraining: false });
    expect(restored).toEqual([]);
  });

  it('refuses a monitored figure the validation does not have, naming the ones it has', async () => {
    const cb = earlyStopping({ monitor: 'top1000', patience: 1 });
    expect(() => cb.onEpochEnd!(logs(1, { top10: 0.5, top50: 0.7 }), initialState())).toThrow('earlyStopping: the validation has no figure "top1000" (it has top10, top50): monitor one of those');
    // a NaN figure (present) never improves
    const state = initialState();
    const l = logs(1, { top10: NaN });
    await earlyStopping({ monitor: 'top10', patience: 1 }).onEpochEnd!(l, state);
    expect(l.improved).toBe(false);
    expect(state.stopTraining).toBe(true);
  });

  it('restores the best weights after a resume (best epoch from the saved state) inside fitLoop', async () => {
    const figures = [0.1, 0.5, 0.3, 0.2];
    const restored: number[] = [];
    const make = () => earlyStopping({ monitor: 'top10', patience: 0, restoreBest: async () => void restored.push(1) });
    const validation = { onEpochEnd: (l: EpochLogs) => void (l.validation = { top10: figures[l.epoch - 1]! }) };
    const runEpoch = () => ({ lossSum: 1, examples: 1 });
    const first = await fitLoop({ epochs: 4, runEpoch, callbacks: [validation, make()], maxEpochsThisRun: 2 });
    expect(restored).toEqual([]); // epoch 2 is the best so far
    const second = await fitLoop({ epochs: 4, runEpoch, state: JSON.parse(JSON.stringify(first.state)) as TrainingState, callbacks: [validation, make()] });
    expect(second.state.bestEpoch).toBe(2);
    expect(restored).toEqual([1]);
  });
});
