/**
 * fitRetrieval with several members: `memberBatches: 'shared'` trains every member on the same
 * batches; `'own'` gives member k its own batch order, negatives and masks — member k is then the
 * single model of seed `s + k` trained alone on its own stream.
 */
import { deriveSeed, syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import type { RecommenderSpec } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { fitRetrieval, type FitRetrievalOptions } from './fit-retrieval';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

const dataset = syntheticDataset({ numUsers: 60, numItems: 40, numInteractions: 900, seed: 5 });
const data = trainingData(dataset.interactions);
const spec = (seed: number, members?: number): RecommenderSpec => ({
  query: movieLensQuerySpecs({ embeddingDim: 8 }).filter((s) => s.name === 'user_id'),
  candidate: movieLensCandidateSpecs({ embeddingDim: 8 }),
  model: { queryLayers: [8], candidateLayers: [8], seed, ...(members ? { members } : {}) },
  timeDropout: 0.5,
});
const options: FitRetrievalOptions = { epochs: 2, batchSize: 128, seed: 42, itemDropout: 0.2 };

/** Item embeddings after a fit. */
async function itemsAfter(s: RecommenderSpec, o: FitRetrievalOptions): Promise<Float32Array> {
  const rec = createRecommender(dataset, data, s);
  await fitRetrieval(rec, data, o);
  const items = rec.embedItems();
  rec.dispose();
  return items;
}

/** Member k's `[n × 8]` block of a two-member embedding, times √2. */
const block = (x: Float32Array, k: number) => Float32Array.from({ length: x.length / 2 }, (_, i) => x[Math.floor(i / 8) * 16 + k * 8 + (i % 8)]! * Math.SQRT2);

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

describe('fitRetrieval memberBatches', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it("'own': member 0 is seed 1 on the shared stream, member 1 seed 2 on its own stream", async () => {
    const both = await itemsAfter(spec(1, 2), { ...options, memberBatches: 'own' });
    const first = await itemsAfter(spec(1), options);
    const second = await itemsAfter(spec(2), { ...options, seed: deriveSeed(42, 9001) });
    expect(maxDiff(block(both, 0), first)).toBeLessThan(1e-4);
    expect(maxDiff(block(both, 1), second)).toBeLessThan(1e-4);
    // and member 1 on the shared stream is a different model
    const sharedSecond = await itemsAfter(spec(2), options);
    expect(maxDiff(sharedSecond, second)).toBeGreaterThan(1e-2);
  });

  it("'shared' (the default): every member on the first stream", async () => {
    const both = await itemsAfter(spec(1, 2), options);
    const second = await itemsAfter(spec(2), options);
    expect(maxDiff(block(both, 1), second)).toBeLessThan(1e-4);
  });
});
