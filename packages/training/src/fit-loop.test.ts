import { initialState, toEpochRecord, type TrainingCallback, type TrainingState } from './callbacks';
import { fitLoop, type FitLoopOptions } from './fit-loop';

/** A fake task: `steps` batches of 10 examples per epoch, per-example loss `epoch` (lossSum 10·epoch per step). */
function fakeEpoch(steps: number, seen: number[] = []): FitLoopOptions['runEpoch'] {
  return (epoch, step) => {
    seen.push(epoch);
    let lossSum = 0;
    for (let s = 0; s < steps; s++) {
      lossSum += 10 * epoch;
      step(lossSum, 10 * (s + 1), s, steps);
    }
    return { lossSum, examples: 10 * steps };
  };
}

/** A callback recording every call as a short string. */
function recorder(events: string[], name = ''): TrainingCallback {
  return {
    onTrainBegin: (s) => void events.push(`${name}begin@${s.epoch}`),
    onEpochBegin: (e) => void events.push(`${name}epoch${e}`),
    onStepEnd: (l) => void events.push(`${name}step${l.epoch}.${l.step}/${l.steps}`),
    onEpochEnd: (l, s) => void events.push(`${name}end${l.epoch}(history ${s.history.length})`),
    onTrainEnd: (s) => void events.push(`${name}done@${s.epoch}`),
  };
}

describe('fitLoop', () => {
  it('calls the callbacks in order with the right epochs and steps, and keeps one record per epoch', async () => {
    const events: string[] = [];
    const ran: number[] = [];
    const r = await fitLoop({ epochs: 2, runEpoch: fakeEpoch(2, ran), callbacks: [recorder(events, 'a:'), recorder(events, 'b:')] });
    expect(events).toEqual([
      'a:begin@0', 'b:begin@0',
      'a:epoch1', 'b:epoch1', 'a:step1.1/2', 'b:step1.1/2', 'a:step1.2/2', 'b:step1.2/2', 'a:end1(history 1)', 'b:end1(history 1)',
      'a:epoch2', 'b:epoch2', 'a:step2.1/2', 'b:step2.1/2', 'a:step2.2/2', 'b:step2.2/2', 'a:end2(history 2)', 'b:end2(history 2)',
      'a:done@2', 'b:done@2',
    ]);
    expect(ran).toEqual([1, 2]);
    expect(r.epochsRun).toBe(2);
    expect(r.examples).toBe(40);
    expect(r.state.epoch).toBe(2);
    // the epoch loss is the mean per example: lossSum 20·epoch over 20 examples
    expect(r.state.history.map((h) => [h.epoch, h.epochs, h.loss, h.examples])).toEqual([[1, 2, 1, 20], [2, 2, 2, 20]]);
    expect(r.examplesPerSecond).toBeGreaterThan(0);
    expect(toEpochRecord(r.state.history[0]!)).toEqual({ epoch: 1, loss: 1, seconds: r.state.history[0]!.seconds, examplesPerSecond: r.state.history[0]!.examplesPerSecond });
  });

  it('reports the running mean loss per example at each step', async () => {
    const losses: number[] = [];
    await fitLoop({
      epochs: 1,
      runEpoch(_, step) {
        step(30, 10, 0, 2); // 3 per example so far
        step(40, 20, 1, 2); // 2 per example so far
        return { lossSum: 40, examples: 20 };
      },
      callbacks: [{ onStepEnd: (l) => void losses.push(l.loss) }],
    });
    expect(losses).toEqual([3, 2]);
  });

  it('stops when a callback sets stopTraining, and still ends the run', async () => {
    const ran: number[] = [];
    const events: string[] = [];
    const stopAt2: TrainingCallback = { onEpochEnd: (l, s) => void (l.epoch === 2 && (s.stopTraining = true)) };
    const r = await fitLoop({ epochs: 5, runEpoch: fakeEpoch(1, ran), callbacks: [stopAt2, recorder(events)] });
    expect(ran).toEqual([1, 2]);
    expect(r.state.stopTraining).toBe(true);
    expect(r.state.history).toHaveLength(2);
    expect(events.at(-1)).toBe('done@2');
    // a stopped state given back trains no further
    const again = await fitLoop({ epochs: 5, runEpoch: fakeEpoch(1, ran), state: r.state });
    expect(again.epochsRun).toBe(0);
    expect(ran).toEqual([1, 2]);
  });

  it('runs at most maxEpochsThisRun epochs, and a resumed state continues from its epoch', async () => {
    const ran: number[] = [];
    const first = await fitLoop({ epochs: 5, runEpoch: fakeEpoch(1, ran), maxEpochsThisRun: 2 });
    expect(first.epochsRun).toBe(2);
    expect(first.state.stopTraining).toBe(false);
    const saved: TrainingState = JSON.parse(JSON.stringify(first.state));
    const events: string[] = [];
    const second = await fitLoop({ epochs: 5, runEpoch: fakeEpoch(1, ran), state: saved, callbacks: [recorder(events)] });
    expect(ran).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]).toBe('begin@2');
    expect(events[1]).toBe('epoch3');
    expect(second.epochsRun).toBe(3);
    expect(second.examples).toBe(30); // this invocation's examples only
    expect(second.state.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5]);
    // maxEpochsThisRun beyond the end, or 0
    expect((await fitLoop({ epochs: 2, runEpoch: fakeEpoch(1), maxEpochsThisRun: 10 })).epochsRun).toBe(2);
    expect((await fitLoop({ epochs: 2, runEpoch: fakeEpoch(1), maxEpochsThisRun: 0 })).epochsRun).toBe(0);
  });

  it('trains nothing for 0 epochs or a finished state, but still calls onTrainBegin/onTrainEnd', async () => {
    const events: string[] = [];
    const r = await fitLoop({ epochs: 0, runEpoch: fakeEpoch(1), callbacks: [recorder(events)] });
    expect(events).toEqual(['begin@0', 'done@0']);
    expect(r).toMatchObject({ epochsRun: 0, examples: 0, examplesPerSecond: 0 });
    const done = { ...initialState(), epoch: 3 };
    expect((await fitLoop({ epochs: 3, runEpoch: fakeEpoch(1), state: done })).epochsRun).toBe(0);
  });

  it('awaits async callbacks and epochs, and passes an epoch error through', async () => {
    const order: string[] = [];
    await fitLoop({
      epochs: 1,
      async runEpoch() {
        await new Promise((r) => setTimeout(r, 5));
        order.push('epoch');
        return { lossSum: 1, examples: 1 };
      },
      callbacks: [
        { async onTrainBegin() { await new Promise((r) => setTimeout(r, 5)); order.push('begin'); } },
        { async onEpochEnd() { await new Promise((r) => setTimeout(r, 5)); order.push('end'); } },
      ],
    });
    expect(order).toEqual(['begin', 'epoch', 'end']);
    await expect(fitLoop({ epochs: 2, runEpoch: () => { throw new Error('batch 3 has NaN'); } })).rejects.toThrow('batch 3 has NaN');
  });

  it('refuses epoch counts that are not integers >= 0', async () => {
    await expect(fitLoop({ epochs: 2.5, runEpoch: fakeEpoch(1) })).rejects.toThrow('fitLoop: epochs must be an integer >= 0, got 2.5');
    await expect(fitLoop({ epochs: -1, runEpoch: fakeEpoch(1) })).rejects.toThrow('got -1');
    await expect(fitLoop({ epochs: NaN, runEpoch: fakeEpoch(1) })).rejects.toThrow('got NaN');
    await expect(fitLoop({ epochs: 2, maxEpochsThisRun: 1.5, runEpoch: fakeEpoch(1) })).rejects.toThrow('fitLoop: maxEpochsThisRun must be an integer >= 0, got 1.5');
  });
});
