import { syntheticDataset } from '@twotower/data';
import { EaseBaseline, jsMatMulF32 } from '@twotower/eval';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { ItemItemWeights } from '@twotower/recommender';
import { ready, tf } from '@twotower/runtime';
import { evaluateTwoStageUsers } from './evaluate-two-stage-users';
import { evaluateTwoStages } from './evaluate-two-stages';
import { fitItemItem } from './fit-item-item';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

// users with a strong taste over latent factors: which items go together is learnable from co-occurrence
const dataset = syntheticDataset({ numUsers: 80, numItems: 40, numInteractions: 1600, affinity: 6, popularityExponent: 0, seed: 21 });
const spec = { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4], seed: 3 } };

describe('fitItemItem', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('chooses the blend weight on the validation rows and attaches EASE of every training row, kept to the strongest neighbours', async () => {
    const data = trainingData(dataset.interactions, { validationFraction: 0.2 });
    const rec = createRecommender(dataset, data, spec); // untrained towers: the retrieval order is noise
    const before = tf.memory().numTensors;
    const m = await fitItemItem(rec, data, { neighbours: 8, weights: [0, 1, 4], candidates: 20, k: 5, matmul: jsMatMulF32 });
    expect(tf.memory().numTensors).toBe(before);
    expect(m.choices.map((c) => c.weight)).toEqual([0, 1, 4]);
    expect(m.users).toBe(new Set(Array.from(data.validationRows, (r) => data.log.users[r]!)).size);
    const best = m.choices.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
    expect(m.weight).toBe(best.weight);
    expect(m.weight).toBeGreaterThan(0);
    expect(best.ndcg).toBeGreaterThan(m.choices[0]!.ndcg + 0.02);
    expect(rec.rerankKind).toBe('item-item');
    // these towers read no history: they answer a stranger with one list for all, and the popular items re-ordered by the history win
    expect(m.coldHistory).toMatchObject({ answer: 'item-item' });
    expect(rec.itemItem!.info).toEqual({ weight: m.weight, lambda: 500, neighbours: 8, coldHistory: { weight: m.coldHistory!.weight, candidates: 100 } });
    const ease = EaseBaseline.fit(data.log, data.trainRows, data.numUsers, data.numItems, { lambda: 500 });
    const expected = ItemItemWeights.fromDense(ease.weights, data.numItems, 8);
    expect(Array.from(rec.itemItem!.weights.offsets)).toEqual(Array.from(expected.offsets));
    expect(Array.from(rec.itemItem!.weights.neighbours)).toEqual(Array.from(expected.neighbours));
    const got = rec.itemItem!.weights.weights;
    expected.weights.forEach((w, e) => expect(got[e]).toBeCloseTo(w, 4));
    rec.dispose();
  });

  it('re-orders the two-stage list per user and per query, and says so', async () => {
    const data = trainingData(dataset.interactions, { validationFraction: 0.2 });
    const rec = createRecommender(dataset, data, spec);
    await fitItemItem(rec, data, { neighbours: 39, weights: [8], candidates: 30, matmul: jsMatMulF32 });
    const r = await evaluateTwoStageUsers(rec, data, { candidates: 30, k: 5 });
    expect(r.reranker).toBe('item-item');
    expect(r.gain.ndcg.mean).toBeGreaterThan(2 * r.gain.ndcg.standardError);
    // per query too (every test row a query): the stage orders each row's candidates better than retrieval
    const [perQuery] = await evaluateTwoStages(rec, data, { candidates: [30], likedThreshold: 0 });
    expect(perQuery!.reranked['ndcg@10']).toBeGreaterThan(perQuery!.retrieval['ndcg@10']!);
    expect(perQuery!.rerankedGain!.vsRetrieval.mean).toBeGreaterThan(2 * perQuery!.rerankedGain!.vsRetrieval.standardError);
    rec.dispose();
  });

  it('refuses data without validation rows, and weights that are not finite numbers >= 0, leaving the recommender as it was', async () => {
    const plain = trainingData(dataset.interactions);
    const rec = createRecommender(dataset, plain, spec);
    await expect(fitItemItem(rec, plain)).rejects.toThrow('the item-item stage chooses its weight on held-out interactions: give the data validation rows (validationFraction > 0)');
    const data = trainingData(dataset.interactions, { validationFraction: 0.2 });
    await expect(fitItemItem(rec, data, { weights: [0, -1] })).rejects.toThrow('fitItemItem: weights is [0,-1]; give finite numbers >= 0');
    await expect(fitItemItem(rec, data, { weights: [] })).rejects.toThrow('fitItemItem: weights is []');
    expect(rec.itemItem).toBeUndefined();
    rec.dispose();
  });
});
