import { ready, tf } from '@twotower/runtime';
import { fitLoop } from './fit-loop';
import { leakGuard } from './leak-guard';

describe('leakGuard', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  /** An epoch that computes in a tidy, and after `leakFrom` also keeps `leak` tensors it never disposes. */
  function epochs(leakFrom: number, leak: number, kept: tf.Tensor[]) {
    return (epoch: number) => {
      const loss = tf.tidy(() => tf.sum(tf.square(tf.tensor1d([1, 2, epoch]))).dataSync()[0]!);
      if (epoch >= leakFrom) for (let i = 0; i < leak; i++) kept.push(tf.scalar(epoch));
      return { lossSum: loss, examples: 1 };
    };
  }

  it('passes a run whose epochs leave the tensor count flat, even when the first epoch creates state', async () => {
    const before = tf.memory().numTensors;
    const state: tf.Tensor[] = [];
    const r = await fitLoop({
      epochs: 4,
      runEpoch(epoch) {
        if (epoch === 1) state.push(tf.zeros([3])); // optimiser slots made by the first step
        return { lossSum: 1, examples: 1 };
      },
      callbacks: [leakGuard()],
    });
    expect(r.epochsRun).toBe(4);
    tf.dispose(state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws naming the epoch when an epoch leaks a tensor', async () => {
    const kept: tf.Tensor[] = [];
    await expect(fitLoop({ epochs: 5, runEpoch: epochs(3, 1, kept), callbacks: [leakGuard()] })).rejects.toThrow(
      'after epoch 3, 1 more tensors are alive than after the first epoch of this run: a tensor is not disposed in the training step (wrap it in tf.tidy)',
    );
    expect(kept).toHaveLength(1); // stopped at the first leaking epoch
    tf.dispose(kept);
  });

  it('reports through a function when given one, and tolerates up to `tolerance` tensors', async () => {
    const kept: tf.Tensor[] = [];
    const messages: string[] = [];
    const r = await fitLoop({ epochs: 4, runEpoch: epochs(2, 1, kept), callbacks: [leakGuard({ onLeak: (m) => void messages.push(m) })] });
    expect(r.epochsRun).toBe(4);
    // epochs 2, 3, 4 each add one: 1, 2, 3 more than after epoch 1
    expect(messages.map((m) => m.slice(0, m.indexOf(' more')))).toEqual(['after epoch 2, 1', 'after epoch 3, 2', 'after epoch 4, 3']);
    tf.dispose(kept.splice(0));
    const tolerated: string[] = [];
    await fitLoop({ epochs: 3, runEpoch: epochs(2, 1, kept), callbacks: [leakGuard({ tolerance: 2, onLeak: (m) => void tolerated.push(m) })] });
    expect(tolerated).toEqual([]);
    tf.dispose(kept);
  });

  it('measures from the first epoch of each run, when one guard serves several runs', async () => {
    const guard = leakGuard();
    const flat = () => ({ lossSum: 1, examples: 1 });
    await fitLoop({ epochs: 2, runEpoch: flat, callbacks: [guard] });
    const between = [tf.scalar(1), tf.scalar(2)]; // e.g. a refit's fresh towers
    const r = await fitLoop({ epochs: 3, runEpoch: flat, callbacks: [guard] });
    expect(r.epochsRun).toBe(3);
    tf.dispose(between);
  });
});
