import { syntheticDataset } from '@twotower/data';
import { buildUserItemCsr } from '@twotower/eval';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { ready, tf } from '@twotower/runtime';
import { choosePopularityLean } from './choose-popularity-lean';
import { withItemScorer } from './item-scorer';
import { perUserRanking } from './per-user-ranking';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

// a strong popularity skew: on towers that learned nothing, the popular items are the best guess
const dataset = syntheticDataset({ numUsers: 80, numItems: 40, numInteractions: 1600, affinity: 2, popularityExponent: 1.2, seed: 5 });
const spec = {
  query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }),
  candidate: movieLensCandidateSpecs({ embeddingDim: 4 }),
  model: { queryLayers: [4], candidateLayers: [4], seed: 3 },
  timeDropout: 0.5,
};

describe('choosePopularityLean', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));
  const data = trainingData(dataset.interactions, { validationFraction: 0.25 });

  it("measures every weight as the per-user protocol does, with the fit rows' popularity, and keeps the best nDCG", async () => {
    const rec = createRecommender(dataset, data, spec); // untrained towers: their own order is noise
    const before = tf.memory().numTensors;
    const m = await choosePopularityLean(rec, data, { weights: [0, 0.05, 1], k: 5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(m.k).toBe(5);
    expect(m.choices.map((c) => c.weight)).toEqual([0, 0.05, 1]);
    // the same figures from perUserRanking over the untimed user queries plus weight · ln(1 + fit count)
    const relevant = buildUserItemCsr(data.log.users, data.log.items, data.validationRows, data.numUsers, data.numItems);
    const users = Array.from({ length: data.numUsers }, (_, u) => u).filter((u) => relevant.offsets[u + 1]! > relevant.offsets[u]!);
    const scores = new Float32Array(users.length * data.numItems);
    await withItemScorer(rec, (scorer) => scorer.score(rec.embedQueries(users.map((u) => data.log.userIds[u]!), undefined, data.seenFit), users.length, scores));
    for (const c of m.choices) {
      const r = perUserRanking(
        {
          numCandidates: data.numItems,
          relevant: users.map((u) => relevant.items.subarray(relevant.offsets[u]!, relevant.offsets[u + 1]!)),
          exclude: users.map((u) => data.seenFit.items.subarray(data.seenFit.offsets[u]!, data.seenFit.offsets[u + 1]!)),
          score: (i, out) => {
            for (let j = 0; j < data.numItems; j++) out[j] = scores[i * data.numItems + j]! + Math.fround(c.weight * Math.log1p(data.fitPopularity[j]!));
          },
        },
        { k: 5 },
      );
      expect(m.users).toBe(r.users);
      expect(c.ndcg).toBeCloseTo(r.ndcg, 6);
      expect(c.recall).toBeCloseTo(r.recall, 6);
    }
    // towers that learned nothing: leaning on popularity wins, and the best nDCG is kept
    const best = m.choices.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
    expect(m.weight).toBe(best.weight);
    expect(m.weight).toBeGreaterThan(0);
    expect(m.choices[0]!.ndcg).toBeLessThan(best.ndcg);
    // it chooses; it does not set
    expect(rec.models.popularityLean).toBe(0);
    rec.dispose();
  });

  it('keeps a fixed weight whatever validation says, measured beside no lean', async () => {
    const rec = createRecommender(dataset, data, spec);
    const free = await choosePopularityLean(rec, data, { weights: [0, 0.05, 1] });
    const fixed = await choosePopularityLean(rec, data, { weights: [0.3, 0.4], fixed: 0.05 });
    expect(fixed).toMatchObject({ weight: 0.05, fixed: true });
    expect(free.fixed).toBeUndefined();
    expect(fixed.choices).toEqual(free.choices.filter((c) => c.weight === 0 || c.weight === 0.05));
    expect(await choosePopularityLean(rec, data, { fixed: 0 })).toEqual({ weight: 0, fixed: true, users: 0, choices: [], k: 10 });
    rec.dispose();
  });

  it('returns the only weight, or the first without validation rows, unmeasured; refuses bad weights and K', async () => {
    const rec = createRecommender(dataset, data, spec);
    expect(await choosePopularityLean(rec, data, { weights: [0.3] })).toEqual({ weight: 0.3, users: 0, choices: [], k: 10 });
    const noValidation = trainingData(dataset.interactions, { validationFraction: 0 });
    expect(await choosePopularityLean(rec, noValidation, { weights: [0, 0.1] })).toEqual({ weight: 0, users: 0, choices: [], k: 10 });
    await expect(choosePopularityLean(rec, data, { weights: [] })).rejects.toThrow('choosePopularityLean: weights is []; give finite numbers >= 0');
    await expect(choosePopularityLean(rec, data, { weights: [0, -1] })).rejects.toThrow('choosePopularityLean: weights is [0,-1]');
    await expect(choosePopularityLean(rec, data, { k: 0 })).rejects.toThrow('choosePopularityLean: k must be a positive integer, got 0');
    await expect(choosePopularityLean(rec, data, { fixed: -0.5 })).rejects.toThrow("choosePopularityLean (fixed): the popularity lean's weight is -0.5; give a finite number >= 0 (0: no lean)");
    rec.dispose();
  });
});
