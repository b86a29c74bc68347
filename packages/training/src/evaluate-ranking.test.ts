import { syntheticDataset } from '@twotower/data';
import { auc, binaryAccuracy, logLoss, rmse } from '@twotower/eval';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { combineRankingPredictions, type RecommenderSpec } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { evaluateRanking } from './evaluate-ranking';
import { rankingRowInputs } from './fit-ranking';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

const dataset = syntheticDataset({ numUsers: 40, numItems: 30, numInteractions: 600, seed: 2 });
const data = trainingData(dataset.interactions);
// a few test rows without a rating: they are left out of the figures
const unrated = new Set(Array.from(data.testRows.subarray(0, 10)));
for (const r of unrated) data.log.ratings[r] = NaN;
const rated = data.testRows.filter((r) => !unrated.has(r));
const ratings = Float32Array.from(rated, (r) => data.log.ratings[r]!);
const spec: RecommenderSpec = { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4], seed: 1 } };

describe('evaluateRanking', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('scores each member and their combination on the rated test rows, as the ranker combines them', () => {
    const rec = createRecommender(dataset, data, spec);
    const models = rec.models.setRankingEnsemble([{ layers: [4], seed: 1 }, { layers: [4], seed: 2, head: 'regression', outputBias: 3.5 }], { ratingSlope: 1.5 });
    const m = evaluateRanking(rec, data, { ensemble: { ratingSlope: 1.5 }, seeds: [7, 8] });
    const x = rankingRowInputs(rec, data, rated, 'features', false);
    const [p, r] = models.map((model) => model.predict(x.query, x.candidate, rated.length));
    const liked = ratings.map((v) => (v >= 4 ? 1 : 0));
    expect(m.members[0]).toEqual({ head: 'binary', seed: 7, binaryAccuracy: binaryAccuracy(liked, p!), auc: auc(liked, p!), logLoss: logLoss(liked, p!), rmse: rmse(liked, p!) });
    expect(m.members[1]).toEqual({ head: 'regression', seed: 8, binaryAccuracy: binaryAccuracy(liked, r!, 3.5), auc: auc(liked, r!), rmse: rmse(ratings, r!) });
    const combined = combineRankingPredictions([p!], [r!], rated.length, { ratingSlope: 1.5 });
    expect(m).toMatchObject({ kind: 'probability', auc: auc(liked, combined), logLoss: logLoss(liked, combined), ratingRmse: rmse(ratings, r!) });
    expect(m.positiveRate).toBeCloseTo(liked.reduce((a, b) => a + b) / rated.length, 12);
    expect(Number.isFinite(m.auc)).toBe(true);
    rec.dispose();
  });

  it('regression members alone: a rating kind, liked at the threshold minus half a star', () => {
    const rec = createRecommender(dataset, data, spec);
    const [model] = rec.models.setRankingEnsemble([{ layers: [4], seed: 3, head: 'regression', outputBias: 3 }]);
    const m = evaluateRanking(rec, data, { likedThreshold: 3 });
    const x = rankingRowInputs(rec, data, rated, 'features', false);
    const r = model!.predict(x.query, x.candidate, rated.length);
    const liked = ratings.map((v) => (v >= 3 ? 1 : 0));
    expect(m.kind).toBe('rating');
    expect(m.binaryAccuracy).toBe(binaryAccuracy(liked, r, 2.5));
    expect(m.rmse).toBe(rmse(ratings, r));
    expect(m.logLoss).toBeUndefined();
    expect(m.positiveRate).toBeCloseTo(liked.reduce((a, b) => a + b) / rated.length, 12);
    rec.dispose();
  });

  it('refuses a recommender without a ranking model', () => {
    const rec = createRecommender(dataset, data, spec);
    expect(() => evaluateRanking(rec, data)).toThrow('evaluateRanking: the recommender has no ranking model (train one with fitRanking)');
    rec.dispose();
  });
});
