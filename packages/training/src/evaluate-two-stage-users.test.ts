import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import type { Ranker } from '@twotower/recommender';
import { ready, tf } from '@twotower/runtime';
import { evaluateRecommender } from './evaluate-recommender';
import { evaluateTwoStageUsers } from './evaluate-two-stage-users';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

const dataset = syntheticDataset({ numUsers: 40, numItems: 30, numInteractions: 500, seed: 12 });
const data = trainingData(dataset.interactions);
const spec = { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4], seed: 2 } };

describe('evaluateTwoStageUsers', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it("scores the retrieval order exactly as the main per-user table, and a re-ranking of K candidates changes no recall", async () => {
    const rec = createRecommender(dataset, data, spec);
    rec.models.setRankingModel({ layers: [4], seed: 1 });
    const main = (await evaluateRecommender(rec, data, { ks: [5], baselines: [] })).model.excludeSeen!;
    const before = tf.memory().numTensors;
    const r = await evaluateTwoStageUsers(rec, data, { candidates: 12, k: 5, blockSize: 7 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.users).toBe(new Set(Array.from(data.testRows, (x) => data.log.users[x]!)).size);
    expect(r.retrieval.recall).toBeCloseTo(main['recall@5']!, 12);
    expect(r.retrieval.ndcg).toBeCloseTo(main['ndcg@5']!, 12);
    expect(r.gain.ndcg.mean).toBeCloseTo(r.reranked.ndcg - r.retrieval.ndcg, 12);
    const same = await evaluateTwoStageUsers(rec, data, { candidates: 5, k: 5 });
    expect(same.reranked.recall).toBeCloseTo(same.retrieval.recall, 12);
    expect(same.gain.recall).toEqual({ mean: 0, standardError: 0 });
    rec.dispose();
  });

  it('credits a ranker that knows the test items, by more than its standard error', async () => {
    const rec = createRecommender(dataset, data, spec);
    const test = new Set(Array.from(data.testRows, (x) => `${data.log.userIds[data.log.users[x]!]}|${data.log.items[x]}`));
    const scorePairs = (users: ArrayLike<string>, items: ArrayLike<number>) => Float32Array.from({ length: users.length }, (_, i) => (test.has(`${users[i]}|${items[i]}`) ? 1 : 0));
    const oracle = { kind: 'probability', scorePairs } as unknown as Ranker;
    jest.spyOn(rec, 'ranker', 'get').mockReturnValue(oracle);
    const r = await evaluateTwoStageUsers(rec, data, { candidates: 30, k: 5 });
    expect(r.reranked.ndcg).toBeGreaterThan(r.retrieval.ndcg);
    expect(r.gain.ndcg.mean).toBeGreaterThan(2 * r.gain.ndcg.standardError);
    expect(r.gain.recall.mean).toBeGreaterThan(0);
    rec.dispose();
  });

  it('refuses a recommender without a ranking model', async () => {
    const rec = createRecommender(dataset, data, spec);
    await expect(evaluateTwoStageUsers(rec, data)).rejects.toThrow('evaluateTwoStageUsers needs a second stage (an item-item stage, fitItemItem, or a ranking model, fitRanking)');
    rec.dispose();
  });
});
