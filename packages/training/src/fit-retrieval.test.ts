import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import type { RecommenderSpec } from '@twotower/recommender';
import { ready, tf } from '@twotower/runtime';
import { evaluateRecommender } from './evaluate-recommender';
import { fitRetrieval, type FitRetrievalResult } from './fit-retrieval';
import { silentProgress } from './progress';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

// planted structure, no popularity skew: what a user picks is decided by the hidden factors alone,
// so a model that learns them beats "most popular" by far (recall@10 ≈ 0.47 vs 0.16)
const dataset = syntheticDataset({ numUsers: 200, numItems: 100, numInteractions: 4000, popularityExponent: 0, seed: 3 });
const spec: RecommenderSpec = {
  query: movieLensQuerySpecs({ embeddingDim: 16 }).filter((s) => s.name === 'user_id'),
  candidate: movieLensCandidateSpecs({ embeddingDim: 16 }),
  model: { queryLayers: [16], candidateLayers: [16], seed: 1 }, // Adagrad 0.1, the default
};
const options = { epochs: 4, batchSize: 256 };
const data = trainingData(dataset.interactions);
const root = mkdtempSync(join(tmpdir(), 'tt-fit-'));

describe('fitRetrieval', () => {
  let tensorsBefore: number;
  let whole: FitRetrievalResult;
  let wholeItems: Float32Array;
  let recall: { model: number; popularity: number };
  /** An unknown user's user_id row after the fit, and the mean of the trained rows. */
  let unknownUser: { row: number[]; mean: number[] };

  beforeAll(async () => {
    await ready({ backend: 'cpu', log: null });
    tensorsBefore = tf.memory().numTensors;
    const rec = createRecommender(dataset, data, spec);
    whole = await fitRetrieval(rec, data, { ...options, checkpointDir: join(root, 'whole') });
    wholeItems = rec.embedItems();
    const table = rec.models.twoTower.query.inputs.tables.get('user_id')!;
    const batch = rec.queryBatch(['nobody'], [0], false);
    const id = batch['user_id']![0]!;
    const mean = Array.from({ length: table.dim }, (_, j) => {
      let sum = 0;
      for (let r = 0; r < table.vocabularySize; r++) if (r !== id) sum += table.weights[r * table.dim + j]!;
      return sum / (table.vocabularySize - 1);
    });
    unknownUser = { row: Array.from(table.weights.subarray(id * table.dim, (id + 1) * table.dim)), mean };
    const ev = await evaluateRecommender(rec, data, { baselines: ['popularity'], ks: [10] });
    recall = { model: ev.model.excludeSeen!['recall@10']!, popularity: ev.baselines.popularity!.excludeSeen!['recall@10']! };
    rec.dispose();
  });

  it('learns the planted structure: beats the popularity baseline on the test rows', () => {
    expect(recall.popularity).toBeGreaterThan(0.1);
    expect(recall.model).toBeGreaterThan(1.5 * recall.popularity);
    // the loss goes down every epoch; one record per epoch, no validation rows
    const losses = whole.history.map((h) => h.loss);
    expect(losses).toHaveLength(4);
    for (let e = 1; e < 4; e++) expect(losses[e]!).toBeLessThan(losses[e - 1]!);
    expect(losses[0]!).toBeLessThan(Math.log(256)); // below chance of an in-batch softmax over 256
    expect(whole.history.every((h) => h.validation === undefined)).toBe(true);
    expect(whole).toMatchObject({ bestEpoch: 4, epochsRun: 4, stoppedEarly: false, resumedFrom: undefined });
    expect(whole.examplesPerSecond).toBeGreaterThan(0);
  });

  it('ends with the unknown user id, which no example read, at the average user id row', () => {
    expect(unknownUser.row.some((x) => x !== 0)).toBe(true);
    unknownUser.row.forEach((x, j) => expect(x).toBeCloseTo(unknownUser.mean[j]!, 6));
  });

  it('leaks no tensor: everything it created goes with the recommender', () => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('resumed after maxEpochsThisRun, ends with the same weights and losses as an uninterrupted run', async () => {
    const dir = join(root, 'resumed');
    const first = createRecommender(dataset, data, spec);
    const part = await fitRetrieval(first, data, { ...options, checkpointDir: dir, maxEpochsThisRun: 2 });
    first.dispose();
    expect(part.epochsRun).toBe(2);
    expect(part.history).toHaveLength(2);
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
    // another run's checkpoint is refused, naming the directory
    const other = createRecommender(dataset, data, spec);
    await expect(fitRetrieval(other, data, { ...options, checkpointDir: dir, resume: true, runKey: 'another' })).rejects.toThrow(`the checkpoint in ${dir} belongs to another configuration or data set`);
    other.dispose();
    const second = createRecommender(dataset, data, spec);
    const resumed = await fitRetrieval(second, data, { ...options, checkpointDir: dir, resume: true });
    expect(resumed.resumedFrom).toBe(2);
    expect(resumed.epochsRun).toBe(4);
    expect(resumed.history.map((h) => h.loss)).toEqual(whole.history.map((h) => h.loss));
    expect(Array.from(second.embedItems())).toEqual(Array.from(wholeItems));
    second.dispose();
    expect(readdirSync(root).sort()).toEqual(['resumed', 'whole']); // no temporary left beside them
  });

  it('weighs examples by the log\'s weights: weights of 1 change nothing, a weight of 0 teaches nothing', async () => {
    const small = syntheticDataset({ numUsers: 20, numItems: 30, numInteractions: 300, seed: 8 });
    const log = small.interactions;
    const run = async (weights?: Float32Array) => {
      const d = trainingData(weights ? { ...log, weights } : log);
      const rec = createRecommender(small, d, spec);
      const table = rec.models.twoTower.query.inputs.tables.get('user_id')!;
      const before = table.weights.slice();
      await fitRetrieval(rec, d, { epochs: 1, batchSize: 64 });
      const out = { items: rec.embedItems(), before, after: table.weights.slice(), dim: table.dim, row: rec.queryFeatures.transform({ user: ['u0'] }).user_id!.values[0]! };
      rec.dispose();
      return out;
    };
    const plain = await run();
    expect(Array.from((await run(new Float32Array(log.length).fill(Math.E - 1))).items)).toEqual(Array.from(plain.items));
    // user u0's rows weigh 0: its embedding row gets no gradient, another user's does
    const zeroed = await run(Float32Array.from(log.users, (u) => (log.userIds[u] === 'u0' ? 0 : 1)));
    const row = (w: Float32Array, r: number) => Array.from(w.subarray(r * zeroed.dim, (r + 1) * zeroed.dim));
    expect(row(zeroed.after, zeroed.row)).toEqual(row(zeroed.before, zeroed.row));
    expect(row(plain.after, plain.row)).not.toEqual(row(plain.before, plain.row));
  });

  it('with validation rows: validates every epoch, ends on the best epoch weights, removes its temporary checkpoint', async () => {
    const small = syntheticDataset({ numUsers: 60, numItems: 40, numInteractions: 1200, popularityExponent: 0, seed: 5 });
    const held = trainingData(small.interactions, { validationFraction: 0.2 });
    const rec = createRecommender(small, held, { ...spec, model: { ...spec.model, optimizer: { name: 'adam', learningRate: 0.05 } } });
    const perEpoch: Float32Array[] = [];
    const lines: string[] = [];
    const temporaries = () => readdirSync(tmpdir()).filter((n) => n.startsWith('twotower-fit-')).sort();
    const before = temporaries();
    const fit = await fitRetrieval(rec, held, {
      epochs: 6,
      batchSize: 128,
      monitor: 'top10',
      progress: { ...silentProgress, line: (l) => void lines.push(l) },
      callbacks: [{ onEpochEnd: () => void perEpoch.push(rec.embedItems()) }],
    });
    expect(temporaries()).toEqual(before);
    expect(fit.history).toHaveLength(6);
    const top10 = fit.history.map((h) => h.validation!['top10']!);
    expect(fit.history.every((h) => h.validation!['top100'] !== undefined)).toBe(true);
    expect(fit.bestEpoch).toBe(top10.indexOf(Math.max(...top10)) + 1);
    // here validation peaks before the last epoch (Adam 0.05 overfits 960 rows): the model ends
    // with the weights of the best epoch, restored from the checkpoint
    expect(fit.bestEpoch).toBeLessThan(6);
    expect(Array.from(rec.embedItems())).toEqual(Array.from(perEpoch[fit.bestEpoch - 1]!));
    expect(Array.from(rec.embedItems())).not.toEqual(Array.from(perEpoch[5]!));
    expect(lines.filter((l) => l.startsWith('epoch ')).map((l) => /validation top10 0\.\d{4}/.test(l))).toEqual([true, true, true, true, true, true]);
    expect(lines.at(-1)).toBe(`restored the weights of epoch ${fit.bestEpoch} (best validation top10 ${Math.max(...top10).toFixed(4)})`);
    rec.dispose();
    // a figure the validation does not compute is refused
    const again = createRecommender(small, held, spec);
    await expect(fitRetrieval(again, held, { epochs: 1, batchSize: 128, monitor: 'top5' })).rejects.toThrow('the validation has no figure "top5"');
    again.dispose();
    expect(temporaries()).toEqual(before);
  });
});
