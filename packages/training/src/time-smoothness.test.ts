import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { timeBucketTables, type RecommenderSpec } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { fitRetrieval } from './fit-retrieval';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

const dataset = syntheticDataset({ numUsers: 100, numItems: 60, numInteractions: 3000, seed: 4 });
const spec: RecommenderSpec = {
  query: movieLensQuerySpecs({ embeddingDim: 8, timestampBins: 40 }),
  candidate: movieLensCandidateSpecs({ embeddingDim: 8 }),
  model: { queryLayers: [8], candidateLayers: [8], seed: 1 },
  timeDropout: 0.5,
};
const data = trainingData(dataset.interactions);

/** Mean distance of neighbouring bucket rows over the mean distance of all pairs. */
function neighbourRatio(w: Float32Array, rows: number, dim: number): number {
  const dist = (a: number, b: number) => Math.hypot(...Array.from({ length: dim }, (_, d) => w[a * dim + d]! - w[b * dim + d]!));
  let near = 0;
  for (let b = 0; b + 1 < rows; b++) near += dist(b, b + 1);
  let all = 0;
  let pairs = 0;
  for (let a = 0; a < rows; a++) for (let b = a + 1; b < rows; b++, pairs++) all += dist(a, b);
  return near / (rows - 1) / (all / pairs);
}

describe('fitRetrieval with timeSmoothness', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('makes neighbouring timestamp buckets closer than far ones; off, they are as far as any pair', async () => {
    const ratio = async (timeSmoothness: number) => {
      const rec = createRecommender(dataset, data, spec);
      await fitRetrieval(rec, data, { epochs: 2, batchSize: 256, timeSmoothness });
      const [t] = timeBucketTables(rec);
      expect(t).toMatchObject({ name: 'timestamp_bucket', buckets: 40 });
      const r = neighbourRatio(t!.table.weights, t!.buckets, t!.table.dim);
      rec.dispose();
      return r;
    };
    const off = await ratio(0);
    const on = await ratio(0.5);
    expect(off).toBeGreaterThan(0.8);
    expect(on).toBeLessThan(0.5 * off);
    const rec = createRecommender(dataset, data, spec);
    await expect(fitRetrieval(rec, data, { epochs: 1, timeSmoothness: -1 })).rejects.toThrow(/timeSmoothness must be a finite number >= 0, got -1/);
    rec.dispose();
  });
});
