import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready, tf } from '@twotower/runtime';
import { TwoTowerModel } from '@twotower/towers';
import { initialState, type EpochLogs, type TrainingState } from './callbacks';
import { CheckpointDir, type Checkpointable } from './checkpoint';
import { fitLoop } from './fit-loop';

/** A model whose "weights" are a number, written as `<name>.json` + `<name>.bin` like the real ones. */
class FakeModel implements Checkpointable {
  constructor(public weight = 0, public moment = 0) {}
  async saveWeights(dir: string, name: string, options: { optimizer?: boolean } = {}) {
    writeFileSync(join(dir, `${name}.json`), JSON.stringify({ weight: this.weight, ...(options.optimizer ? { moment: this.moment } : {}) }));
    writeFileSync(join(dir, `${name}.bin`), '');
  }
  async loadWeights(dir: string, name: string, options: { optimizer?: boolean } = {}) {
    const s = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { weight: number; moment?: number };
    this.weight = s.weight;
    if (options.optimizer) this.moment = s.moment!;
  }
}

const fresh = () => join(mkdtempSync(join(tmpdir(), 'tt-ckpt-')), 'checkpoint');
const state = (epoch: number, extra: Partial<TrainingState> = {}): TrainingState => ({ ...initialState(), epoch, bestEpoch: epoch, bestMetric: 0.1 * epoch, ...extra });

describe('CheckpointDir', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('resumes nothing when there is no checkpoint', async () => {
    expect(await new CheckpointDir(fresh(), new FakeModel(), 'run').resume()).toBeUndefined();
  });

  it('writes and resumes the state and the last weights with the optimiser state; best weights kept until a better epoch', async () => {
    const dir = fresh();
    const model = new FakeModel(1, 10);
    const ckpt = new CheckpointDir(dir, model, 'run-a');
    await ckpt.write(state(1), true);
    model.weight = 2;
    model.moment = 20;
    await ckpt.write(state(2, { bestEpoch: 1, stale: 1, history: [{ epoch: 1 } as EpochLogs, { epoch: 2 } as EpochLogs] }), false);
    const back = new FakeModel();
    const resumed = await new CheckpointDir(dir, back, 'run-a').resume();
    expect(resumed).toEqual(state(2, { bestEpoch: 1, stale: 1, history: [{ epoch: 1 }, { epoch: 2 }] as EpochLogs[] }));
    expect([back.weight, back.moment]).toEqual([2, 20]);
    // best is still epoch 1's (carried over by the non-best write)
    await new CheckpointDir(dir, back, 'run-a').restoreBest();
    expect(back.weight).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['best.bin', 'best.json', 'last.bin', 'last.json', 'state.json']);
  });

  it('restores -Infinity and stopTraining that JSON cannot keep', async () => {
    const dir = fresh();
    await new CheckpointDir(dir, new FakeModel(), 'run').write({ ...initialState(), epoch: 1 }, false);
    const saved = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(saved.bestMetric).toBeNull();
    delete saved.stopTraining; // a checkpoint written before the field existed
    writeFileSync(join(dir, 'state.json'), JSON.stringify(saved));
    const resumed = await new CheckpointDir(dir, new FakeModel(), 'run').resume();
    expect(resumed).toMatchObject({ bestMetric: -Infinity, stopTraining: false, epoch: 1 });
  });

  it('refuses the checkpoint of another run key with its message, loading nothing', async () => {
    const dir = fresh();
    await new CheckpointDir(dir, new FakeModel(5), 'config-1').write(state(1), true);
    const other = new FakeModel(7);
    await expect(new CheckpointDir(dir, other, 'config-2').resume()).rejects.toThrow(`the checkpoint in ${dir} belongs to another configuration or data set: remove it or run without --resume`);
    expect(other.weight).toBe(7);
  });

  it('replaces the directory atomically: no temporary or old directory is left, and remove() deletes it', async () => {
    const dir = fresh();
    const ckpt = new CheckpointDir(dir, new FakeModel(), 'run');
    for (let e = 1; e <= 3; e++) await ckpt.write(state(e), e !== 2);
    const parent = join(dir, '..');
    expect(readdirSync(parent)).toEqual(['checkpoint']);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).epoch).toBe(3);
    // a temporary left by a write killed in this process is cleared by the next write
    const tmp = `${dir}.tmp-${process.pid}`;
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'last.json'), 'half');
    await ckpt.write(state(4), false);
    expect(readdirSync(parent)).toEqual(['checkpoint']);
    ckpt.remove();
    expect(existsSync(dir)).toBe(false);
  });

  it('a model that fails to save leaves the previous checkpoint whole', async () => {
    const dir = fresh();
    const model = new FakeModel(1);
    const ckpt = new CheckpointDir(dir, model, 'run');
    await ckpt.write(state(1), true);
    model.saveWeights = async () => { throw new Error('disk full'); };
    await expect(ckpt.write(state(2), true)).rejects.toThrow('disk full');
    const back = new FakeModel();
    expect((await new CheckpointDir(dir, back, 'run').resume())!.epoch).toBe(1);
    expect(back.weight).toBe(1);
  });

  it('round-trips a real two-tower model: the resumed model trains on exactly as the original, leaking no tensor', async () => {
    const config = {
      query: { inputs: [{ name: 'user', kind: 'embedding' as const, vocabularySize: 10, dim: 4 }], layers: [4] },
      candidate: { inputs: [{ name: 'item', kind: 'embedding' as const, vocabularySize: 12, dim: 4 }], layers: [4] },
      optimizer: { name: 'adam' as const, learningRate: 0.05 },
      seed: 1,
    };
    const batch = (e: number) => ({ q: { user: Int32Array.from([0, 1, 2, 3, 4], (u) => (u + e) % 10) }, c: { item: Int32Array.from([0, 1, 2, 3, 4], (i) => (2 * i + e) % 12) } });
    const step = (m: TwoTowerModel, e: number) => { const b = batch(e); return m.trainStep(b.q, 5, b.c, 5); };
    const items = { item: Int32Array.from({ length: 12 }, (_, i) => i) };
    const a = new TwoTowerModel(config);
    step(a, 1); // optimiser state exists from here on
    const before = tf.memory().numTensors;
    const dir = fresh();
    await new CheckpointDir(dir, a, 'k').callback().onEpochEnd!({ epoch: 1, improved: true } as EpochLogs, state(1));
    // a fresh model, as a resumed run makes (loading optimiser state into a model that already
    // has some leaks the old state: tfjs optimisers' setWeights does not dispose it)
    const b = new TwoTowerModel({ ...config, seed: 2 });
    const resumed = await new CheckpointDir(dir, b, 'k').resume();
    expect(resumed!.epoch).toBe(1);
    expect(Array.from(b.embedCandidates(items, 12))).toEqual(Array.from(a.embedCandidates(items, 12)));
    for (let e = 2; e <= 3; e++) expect(step(b, e)).toBe(step(a, e));
    expect(Array.from(b.embedCandidates(items, 12))).toEqual(Array.from(a.embedCandidates(items, 12)));
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });

  it('inside fitLoop, resuming continues from the checkpointed epoch', async () => {
    const dir = fresh();
    const model = new FakeModel();
    const runEpoch = (epoch: number) => { model.weight += epoch; return { lossSum: model.weight, examples: 1 }; };
    const ckpt = new CheckpointDir(dir, model, 'run');
    await fitLoop({ epochs: 4, runEpoch, callbacks: [ckpt.callback()], maxEpochsThisRun: 2 });
    const again = new FakeModel();
    const c2 = new CheckpointDir(dir, again, 'run');
    const r = await fitLoop({ epochs: 4, runEpoch: (e) => { again.weight += e; return { lossSum: again.weight, examples: 1 }; }, state: await c2.resume(), callbacks: [c2.callback()] });
    expect(r.epochsRun).toBe(2);
    expect(again.weight).toBe(1 + 2 + 3 + 4);
    expect(r.state.history.map((h) => h.loss)).toEqual([1, 3, 6, 10]);
  });
});
