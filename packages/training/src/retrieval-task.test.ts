import { mulberry32 } from '@twotower/data';
import { RetrievalTask } from './retrieval-task';

// 5 items, training counts 4, 2, 1, 1, 0 (an unseen item counts as 1): total 9
const counts = Float32Array.from([4, 2, 1, 1, 0]);
const items = Int32Array.from([0, 1, 0]);

describe('RetrievalTask', () => {
  it('defaults: the batch items are the candidates, sum reduction (as TFRS), no correction, no hit masks', () => {
    const task = new RetrievalTask({}, counts);
    expect(task.options).toEqual({ temperature: 1, reduction: 'sum', hardNegatives: 0, sampledNegatives: 0, logQCorrection: 0, removeAccidentalHits: false, negatives: 'in-batch' });
    expect(task.numItems).toBe(5);
    const b = task.batch(items, () => 0.5);
    expect(b.candidates).toBe(items);
    expect(b.loss).toEqual({ temperature: 1, reduction: 'sum', hardNegatives: undefined });
  });

  it("catalogue negatives: the batch items then every item once, in-batch columns off, hits masked, no logQ (the full softmax)", () => {
    const task = new RetrievalTask({ negatives: 'catalogue', temperature: 0.2, logQCorrection: 1, sampledNegatives: 3 }, counts);
    const b = task.batch(items, () => 0.5);
    expect(Array.from(b.candidates)).toEqual([0, 1, 0, 0, 1, 2, 3, 4]);
    expect(b.loss).toEqual({ temperature: 0.2, reduction: 'sum', inBatchNegatives: false, positiveIds: items, candidateIds: b.candidates });
    expect(() => new RetrievalTask({ negatives: 'all' as 'catalogue' }, counts)).toThrow(/negatives must be 'in-batch' or 'catalogue', got "all"/);
  });

  it('candidates are the batch items followed by the sampled negatives, drawn from the generator', () => {
    const task = new RetrievalTask({ sampledNegatives: 4, temperature: 0.2, hardNegatives: 2 }, counts);
    const b = task.batch(items, mulberry32(7));
    const r = mulberry32(7);
    const expected = Array.from({ length: 4 }, () => Math.floor(r() * 5));
    expect(Array.from(b.candidates)).toEqual([0, 1, 0, ...expected]);
    expect(b.loss).toMatchObject({ temperature: 0.2, hardNegatives: 2 });
    expect(b.loss.candidateLogProb).toBeUndefined();
    // each batch draws anew
    const rand = mulberry32(1);
    expect(Array.from(task.batch(items, rand).candidates.subarray(3))).not.toEqual(Array.from(task.batch(items, rand).candidates.subarray(3)));
  });

  it('logQ input: log(count / total) + log(n) for in-batch columns, log(M / items) for sampled ones', () => {
    const task = new RetrievalTask({ sampledNegatives: 2, logQCorrection: 0.5 }, counts);
    const b = task.batch(Int32Array.from([0, 1, 2, 4]), () => 0.99);
    expect(Array.from(b.candidates)).toEqual([0, 1, 2, 4, 4, 4]);
    const n = 4;
    const expected = [Math.log(4 / 9) + Math.log(n), Math.log(2 / 9) + Math.log(n), Math.log(1 / 9) + Math.log(n), Math.log(1 / 9) + Math.log(n), Math.log(2 / 5), Math.log(2 / 5)];
    const got = Array.from(b.loss.candidateLogProb!);
    got.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 5));
    // the most popular item's expected count exceeds 1: not clipped at 0
    expect(got[0]).toBeGreaterThan(0);
    expect(b.loss.logQWeight).toBe(0.5);
  });

  it('an untimed batch uses untimedLogQCorrection, a timed one logQCorrection (same logQ input)', () => {
    const task = new RetrievalTask({ logQCorrection: 1.25, untimedLogQCorrection: 1.5 }, counts);
    const timed = task.batch(items, () => 0.5);
    const untimed = task.batch(items, () => 0.5, true);
    expect(timed.loss.logQWeight).toBe(1.25);
    expect(untimed.loss.logQWeight).toBe(1.5);
    expect(Array.from(untimed.loss.candidateLogProb!)).toEqual(Array.from(timed.loss.candidateLogProb!));
    // without the option an untimed batch is like any other; with logQ off only the untimed batches are corrected
    expect(new RetrievalTask({ logQCorrection: 1.25 }, counts).batch(items, () => 0.5, true).loss.logQWeight).toBe(1.25);
    const onlyUntimed = new RetrievalTask({ untimedLogQCorrection: 1 }, counts);
    expect(onlyUntimed.batch(items, () => 0.5).loss.candidateLogProb).toBeUndefined();
    expect(onlyUntimed.batch(items, () => 0.5, true).loss.logQWeight).toBe(1);
  });

  it('sets accidental-hit ids only when asked', () => {
    const off = new RetrievalTask({ sampledNegatives: 1 }, counts).batch(items, () => 0);
    expect(off.loss.positiveIds).toBeUndefined();
    expect(off.loss.candidateIds).toBeUndefined();
    const on = new RetrievalTask({ sampledNegatives: 1, removeAccidentalHits: true }, counts).batch(items, () => 0);
    expect(on.loss.positiveIds).toBe(items);
    expect(Array.from(on.loss.candidateIds!)).toEqual([0, 1, 0, 0]);
  });

  it('perExample: the sum divided by n for "sum", the value itself for "mean"', () => {
    expect(new RetrievalTask({ reduction: 'sum' }, counts).perExample(12, 4)).toBe(3);
    expect(new RetrievalTask({ reduction: 'mean' }, counts).perExample(3, 4)).toBe(3);
    expect(new RetrievalTask({}, counts).perExample(12, 4)).toBe(3);
  });

  it('refuses bad options with a message naming the option', () => {
    expect(() => new RetrievalTask({ temperature: 0 }, counts)).toThrow('RetrievalTask: temperature must be a positive finite number, got 0');
    expect(() => new RetrievalTask({ reduction: 'max' as 'sum' }, counts)).toThrow(`RetrievalTask: reduction must be 'mean' or 'sum', got "max"`);
    expect(() => new RetrievalTask({ sampledNegatives: 2.5 }, counts)).toThrow('RetrievalTask: sampledNegatives must be an integer >= 0, got 2.5');
    expect(() => new RetrievalTask({ hardNegatives: -1 }, counts)).toThrow('RetrievalTask: hardNegatives must be an integer >= 0, got -1');
    expect(() => new RetrievalTask({ logQCorrection: NaN }, counts)).toThrow('RetrievalTask: logQCorrection must be a finite number >= 0, got NaN');
    expect(() => new RetrievalTask({}, new Float32Array(0))).toThrow('RetrievalTask: itemCounts is empty');
    expect(() => new RetrievalTask({ untimedLogQCorrection: -1 }, counts)).toThrow('RetrievalTask: untimedLogQCorrection must be a finite number >= 0, got -1');
    expect(() => new RetrievalTask({ negatives: 'catalogue', untimedLogQCorrection: 1 }, counts)).toThrow(/untimedLogQCorrection applies to in-batch negatives/);
  });
});
