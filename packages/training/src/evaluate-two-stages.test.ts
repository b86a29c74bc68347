import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { ready, tf } from '@twotower/runtime';
import { evaluateTwoStages } from './evaluate-two-stages';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

const dataset = syntheticDataset({ numUsers: 30, numItems: 20, numInteractions: 300, seed: 11 });
const data = trainingData(dataset.interactions);
const spec = { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4], seed: 1 } };

describe('evaluateTwoStages', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('one evaluation per N over the liked test rows; re-ranking N = K candidates keeps the recall of the candidates', async () => {
    const rec = createRecommender(dataset, data, spec);
    rec.models.setRankingModel({ layers: [4], seed: 1 });
    const liked = data.testRows.filter((r) => data.log.ratings[r]! >= 4).length;
    const before = tf.memory().numTensors;
    const results = await evaluateTwoStages(rec, data, { candidates: [5, 20], k: 5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => [r.candidates, r.k, r.queries])).toEqual([[5, 5, liked], [20, 5, liked]]);
    const [five, all] = results;
    // with N = K, any order of the candidates has the same recall: that of the candidates
    expect(five!.retrieval['recall@5']).toBeCloseTo(five!.candidateRecall, 12);
    expect(five!.reranked['recall@5']).toBeCloseTo(five!.candidateRecall, 12);
    expect(five!.popularityOrder['recall@5']).toBeCloseTo(five!.candidateRecall, 12);
    // N = the catalogue: every liked test item (never a training item of its user) is a candidate
    expect(all!.candidateRecall).toBe(1);
    // a stricter threshold: fewer queries
    const strict = await evaluateTwoStages(rec, data, { candidates: [5], likedThreshold: 5 });
    expect(strict[0]!.queries).toBe(data.testRows.filter((r) => data.log.ratings[r]! >= 5).length);
    expect(strict[0]!.queries).toBeLessThan(liked);
    rec.dispose();
  });

  it('takes every unrated test interaction as a query (implicit feedback: clicks, purchases)', async () => {
    const implicit = { ...dataset.interactions, ratings: new Float32Array(dataset.interactions.length).fill(NaN) };
    const d = trainingData(implicit);
    expect(d.hasRatings).toBe(false);
    const rec = createRecommender(dataset, d, spec);
    rec.models.setRankingModel({ layers: [4], seed: 1 });
    const [r] = await evaluateTwoStages(rec, d, { candidates: [5] });
    expect(r!.queries).toBe(d.testRows.length);
    rec.dispose();
  });

  it('refuses a recommender without a ranking model', async () => {
    const rec = createRecommender(dataset, data, spec);
    await expect(evaluateTwoStages(rec, data)).rejects.toThrow('two-stage evaluation needs a second stage (an item-item stage, fitItemItem, or a ranking model, fitRanking)');
    rec.dispose();
  });
});
