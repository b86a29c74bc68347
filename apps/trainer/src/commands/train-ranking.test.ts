import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticDataset } from '@twotower/data';
import { writeMovieLensFixture } from '@twotower/data/test';
import { openArtifact } from '@twotower/artifact';
import { Recommender, STATISTICS_INPUTS } from '@twotower/recommender';
import { tf } from '@twotower/runtime';
import { train } from './train';

jest.setTimeout(120_000);

let data: string;
beforeAll(async () => {
  data = join(mkdtempSync(join(tmpdir(), 'tt-rank-')), 'ml');
  await writeMovieLensFixture(data, '100k', { dataset: syntheticDataset({ numUsers: 40, numItems: 30, numInteractions: 800, seed: 9 }) });
});

describe('fitRanking with rating statistics among the inputs', () => {
  it('counts the statistics on the training rows, keeps them in the artifact, and serves the same scores after loading', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tt-rank-out-')), 'model');
    const overrides = {
      training: { epochs: 2, batchSize: 128 },
      evaluation: { baselines: [] },
      ranking: { inputs: 'features+statistics', epochs: 2, engagement: false, candidates: [10], priorStrength: 3 },
    };
    const tensors = tf.memory().numTensors;
    const r = await train({ data, out, overrides, quiet: true, print: () => {}, report: false });
    expect(tf.memory().numTensors).toBe(tensors);
    // figures of a probability model on both classes (whether it learns is @twotower/training's
    // test on a larger planted set; 2 epochs on 800 rows here only check the plumbing)
    const rk = r.metrics.ranking!;
    for (const v of [rk.auc, rk.binaryAccuracy, rk.positiveRate]) expect(v > 0 && v < 1).toBe(true);
    expect(rk.logLoss).toBeGreaterThan(0);
    expect(rk.rmse).toBeLessThan(1);
    const a = openArtifact(out);
    const files = a.manifest.files.map((f) => f.path);
    // the default ensemble: 3 binary + 3 regression models, each saved
    expect(files).toEqual(expect.arrayContaining(['rating-stats.users.f32', 'rating-stats.items.f32', 'ranking.json', 'ranking.bin', 'ranking-5.json', 'ranking-5.bin']));
    const members = r.metrics.ranking!.members;
    expect(members.map((m) => m.head)).toEqual(['binary', 'binary', 'binary', 'regression', 'regression', 'regression']);
    expect(new Set(members.map((m) => m.seed)).size).toBe(6);
    expect(r.metrics.ranking!.kind).toBe('probability');
    expect(r.metrics.ranking!.ratingRmse).toBeGreaterThan(0);
    const rec = await Recommender.load(out);
    const stats = rec.models.ratingStatistics!;
    expect(stats.toJSON()).toEqual({ likedThreshold: 4, priorStrength: 3 });
    // every training row counted once, on its user and on its item; no test row
    let users = 0;
    let items = 0;
    for (let u = 0; u < stats.numUsers; u++) users += stats.user[u * 3 + 1]!;
    for (let i = 0; i < stats.numItems; i++) items += stats.item[i * 3 + 1]!;
    const trainRows = (r.metrics as unknown as { split: { train: number } }).split.train;
    expect(users).toBe(trainRows);
    expect(items).toBe(trainRows);
    expect(rec.models.ranking).toHaveLength(6);
    // the default features: the ids, then the statistics
    expect(rec.models.ranking[0]!.query.specs.map((s) => s.name)).toEqual(['user_id', STATISTICS_INPUTS.query]);
    expect(rec.models.ranking[0]!.candidate.specs.map((s) => s.name)).toEqual(['title_id', STATISTICS_INPUTS.candidate]);
    const again = await Recommender.load(out);
    const ids = rec.users.ids.slice(0, 3);
    expect(Array.from(again.ranker!.scorePairs(ids, [0, 1, 2]))).toEqual(Array.from(rec.ranker!.scorePairs(ids, [0, 1, 2])));
    rec.dispose();
    again.dispose();
  });

  it('trains one model when the ensemble has one, reading every feature with features: null', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tt-rank-out-')), 'model');
    const overrides = {
      training: { epochs: 1, batchSize: 128 },
      evaluation: { baselines: [] },
      ranking: { ensemble: { binary: 0, regression: 1 }, features: null, epochs: 1, engagement: false, candidates: [10] },
    };
    const tensors = tf.memory().numTensors;
    const r = await train({ data, out, overrides, quiet: true, print: () => {}, report: false });
    // every model of the run (towers, ranking) is disposed at its end
    expect(tf.memory().numTensors).toBe(tensors);
    expect(r.metrics.ranking!.kind).toBe('rating');
    expect(r.metrics.ranking!.members).toHaveLength(1);
    expect(r.metrics.ranking!.logLoss).toBeUndefined();
    const files = openArtifact(out).manifest.files.map((f) => f.path);
    expect(files).toContain('ranking.bin');
    expect(files).not.toContain('ranking-1.bin');
    const rec = await Recommender.load(out);
    expect(rec.ranker!.kind).toBe('rating');
    expect(rec.models.ranking[0]!.candidate.specs.map((s) => s.name)).toEqual(expect.arrayContaining(['title_id', 'title_text']));
    rec.dispose();
  });

  it('refuses an unknown ranking feature before training anything, naming the towers\' features', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tt-rank-out-')), 'model');
    const lines: string[] = [];
    const run = train({ data, out, overrides: { ranking: { features: ['user_id', 'genre'] } }, quiet: true, print: (l) => lines.push(l), report: false });
    await expect(run).rejects.toThrow(/ranking\.features: unknown feature "genre"; the towers have user_id, timestamp_bucket, .*title_id.*; name some of those, or null for all/);
    expect(lines.join('\n')).not.toMatch(/epoch/);
  });
});
