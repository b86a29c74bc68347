import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import type { RecommenderSpec } from '@twotower/recommender';
import { ready, tf } from '@twotower/runtime';
import { fitEngagement, retrievedPool } from './fit-engagement';
import { fitRetrieval } from './fit-retrieval';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

const dataset = syntheticDataset({ numUsers: 60, numItems: 40, numInteractions: 1200, popularityExponent: 0, seed: 4 });
const spec: RecommenderSpec = { query: movieLensQuerySpecs({ embeddingDim: 8 }).filter((s) => s.name === 'user_id'), candidate: movieLensCandidateSpecs({ embeddingDim: 8 }), model: { queryLayers: [8], candidateLayers: [8], seed: 1 } };

describe('fitEngagement', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it("retrievedPool: each user's top items by retrieval score, fit items excluded, -1 past the unseen ones", async () => {
    const data = trainingData(dataset.interactions, { validationFraction: 0.2 });
    const rec = createRecommender(dataset, data, spec);
    const pool = await retrievedPool(rec, data, 40); // as large as the catalogue
    const items = rec.embedItems();
    for (const u of [0, 17, 59]) {
      const row = Array.from(pool.subarray(u * 40, (u + 1) * 40));
      const seen = new Set(data.seenFit.items.subarray(data.seenFit.offsets[u]!, data.seenFit.offsets[u + 1]!));
      const listed = row.filter((i) => i >= 0);
      expect(listed).toHaveLength(40 - seen.size);
      expect(row.slice(listed.length).every((i) => i === -1)).toBe(true);
      expect(listed.some((i) => seen.has(i))).toBe(false);
      // in decreasing score order
      const q = rec.embedQueries([data.log.userIds[u]!]);
      const score = (i: number) => q.reduce((s, v, d) => s + v * items[i * rec.dim + d]!, 0);
      for (let j = 1; j < listed.length; j++) expect(score(listed[j - 1]!)).toBeGreaterThanOrEqual(score(listed[j]!) - 1e-5);
    }
    rec.dispose();
  });

  it('trains on the held-out interactions the retrieval model retrieves, and adds the engagement model', async () => {
    const data = trainingData(dataset.interactions, { validationFraction: 0.2 });
    const before = tf.memory().numTensors;
    const rec = createRecommender(dataset, data, spec);
    await fitRetrieval(rec, data, { epochs: 2, batchSize: 128 });
    const poolSize = 10;
    const pool = await retrievedPool(rec, data, poolSize);
    const inPool = data.validationRows.filter((r) => pool.subarray(data.log.users[r]! * poolSize, (data.log.users[r]! + 1) * poolSize).includes(data.log.items[r]!));
    const m = await fitEngagement(rec, data, { pool: poolSize, negatives: 2, epochs: 2, batchSize: 64 });
    expect(m.positives).toBe(inPool.length);
    expect(m.positives).toBeGreaterThan(0);
    expect(m.positives).toBeLessThan(data.validationRows.length);
    expect(m.epochs).toBe(2);
    expect(rec.models.engagement).toBeDefined();
    expect(rec.models.engagement!.head).toBe('binary');
    expect(rec.ranker).toBeDefined();
    rec.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses data without validation rows with its message, leaving the recommender as it was', async () => {
    const data = trainingData(dataset.interactions);
    const rec = createRecommender(dataset, data, spec);
    await expect(fitEngagement(rec, data)).rejects.toThrow('the engagement model learns from held-out interactions: give the data validation rows (validationFraction > 0)');
    expect(rec.models.engagement).toBeUndefined();
    expect(rec.models.options().engagement).toBeUndefined();
    rec.dispose();
  });
});
