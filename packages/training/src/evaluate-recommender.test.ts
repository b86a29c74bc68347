import { syntheticDataset } from '@twotower/data';
import { runBaselines } from '@twotower/eval';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { ready, tf } from '@twotower/runtime';
import { evaluateRecommender } from './evaluate-recommender';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

const dataset = syntheticDataset({ numUsers: 30, numItems: 20, numInteractions: 300, seed: 10 });
const data = trainingData(dataset.interactions);
const spec = { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4], seed: 1 } };

describe('evaluateRecommender', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('evaluates the model on the test rows (both protocols) and the baselines on the same split', async () => {
    const rec = createRecommender(dataset, data, spec);
    const before = tf.memory().numTensors;
    const steps: string[] = [];
    const ev = await evaluateRecommender(rec, data, { ks: [5, 20], baselines: ['popularity'], onProgress: (s) => void steps.push(s) });
    expect(tf.memory().numTensors).toBe(before);
    expect(ev.model.counts).toMatchObject({ queries: data.testRows.length, items: 20 });
    // K = the catalogue: every test item is found, in both protocols
    expect(ev.model.wholeCatalogue['top20']).toBe(1);
    expect(ev.model.excludeSeen!['top20']).toBe(1);
    expect(ev.model.wholeCatalogue['top5']).toBeLessThan(1);
    expect(ev.model.popularityBias).toBeDefined();
    const direct = await runBaselines({ interactions: { user: data.log.users, item: data.log.items }, train: data.trainRows, test: data.testRows, numUsers: 30, numItems: 20, baselines: ['popularity'], ks: [5, 20] });
    expect(ev.baselines.popularity).toEqual(direct.popularity);
    expect(ev.baselines.ease).toBeUndefined();
    expect(ev.seconds.model).toBeGreaterThan(0);
    expect(steps).toEqual(['model', 'baselines: popularity']);
    // no baselines: none run
    const alone = await evaluateRecommender(rec, data, { ks: [5], baselines: [] });
    expect(alone.baselines).toEqual({ popularity: undefined, ease: undefined });
    // EASE reports its fit
    const easeSteps: string[] = [];
    const ease = await evaluateRecommender(rec, data, { ks: [5], baselines: ['ease'], easeLambda: 10, onProgress: (s) => void easeSteps.push(s) });
    expect(ease.baselines.ease!.wholeCatalogue['top5']).toBeGreaterThan(0);
    expect(easeSteps.slice(0, 2)).toEqual(['model', 'baselines: ease']);
    expect(easeSteps.at(-1)).toMatch(/^EASE (\d+)\/\1$/);
    // the model minus EASE, user by user: the same users, so its mean is the gap of the two means
    const v = ease.versusEase!;
    expect(v).toMatchObject({ protocol: 'excludeSeen', users: ease.model.counts.users });
    for (const m of ['recall@5', 'ndcg@5'] as const) {
      expect(v.figures[m]!.mean).toBeCloseTo(ease.model.excludeSeen![m]! - ease.baselines.ease!.excludeSeen![m]!, 12);
      expect(v.figures[m]!.standardError).toBeGreaterThan(0);
    }
    // without EASE there is nothing to compare, and no per-user values are left in the results
    expect(alone.versusEase).toBeUndefined();
    expect(ev.versusEase).toBeUndefined();
    expect(ease.model.userValues).toBeUndefined();
    rec.dispose();
  });

  it("ranks each user's list with the popularity lean when the model has one, and each row's without", async () => {
    const rec = createRecommender(dataset, data, spec);
    const plain = await evaluateRecommender(rec, data, { ks: [5], baselines: [] });
    // a weight that swamps the untrained towers' scores: each user's list is the popularity order
    rec.models.setPopularityLean(1000);
    const leaned = await evaluateRecommender(rec, data, { ks: [5], baselines: ['popularity'] });
    expect(leaned.model.wholeCatalogue).toEqual(plain.model.wholeCatalogue);
    for (const m of ['top1', 'top5'] as const) expect(leaned.model.excludeSeen![m]).toBe(plain.model.excludeSeen![m]);
    expect(leaned.model.excludeSeen!['ndcg@5']).not.toBe(plain.model.excludeSeen!['ndcg@5']);
    // near popularity's lists (equal counts are ordered by the towers, not as the baseline orders them)
    expect(leaned.model.excludeSeen!['recall@5']).toBeCloseTo(leaned.baselines.popularity!.excludeSeen!['recall@5']!, 1);
    rec.dispose();
  });
});
