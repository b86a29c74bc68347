/**
 * fitRetrieval with `spec.memberTimeDropout`: a member at 1 trains on no example's time (its time
 * rows stay as they started, even with time smoothness on), the other member learns time; members
 * with different dropouts need their own batches.
 */
import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import type { RecommenderSpec } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { fitRetrieval, type FitRetrievalOptions } from './fit-retrieval';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

const dataset = syntheticDataset({ numUsers: 60, numItems: 40, numInteractions: 900, seed: 5 });
const data = trainingData(dataset.interactions);
const spec = (memberTimeDropout: number[]): RecommenderSpec => ({
  query: movieLensQuerySpecs({ embeddingDim: 8, timestampBins: 20 }),
  candidate: movieLensCandidateSpecs({ embeddingDim: 8 }),
  model: { queryLayers: [8], candidateLayers: [8], seed: 1, members: 2 },
  timeDropout: 0.5,
  memberTimeDropout,
});
const options: FitRetrievalOptions = { epochs: 2, batchSize: 128, seed: 42, memberBatches: 'own' };

/** Each member's fine time table (`timestamp_bucket`), copied. */
const timeRows = (rec: ReturnType<typeof createRecommender>) => rec.models.twoTower.members.map((p) => Float32Array.from(p.query.inputs.tables.get('timestamp_bucket')!.weights));

describe('fitRetrieval with memberTimeDropout', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('a member at 1 never trains a time row; the member beside it does', async () => {
    const rec = createRecommender(dataset, data, spec([0.5, 1]));
    const before = timeRows(rec);
    await fitRetrieval(rec, data, { ...options, timeSmoothness: 0.5 });
    const after = timeRows(rec);
    const buckets = 20 * 8; // rows [0, 20) are buckets; the last row is "no time"
    expect(Array.from(after[1]!.subarray(0, buckets))).toEqual(Array.from(before[1]!.subarray(0, buckets)));
    expect(Array.from(after[1]!.subarray(buckets))).not.toEqual(Array.from(before[1]!.subarray(buckets)));
    expect(Array.from(after[0]!.subarray(0, buckets))).not.toEqual(Array.from(before[0]!.subarray(0, buckets)));
    // served as one without a time: the same answer at any time
    const u = data.rowUserIds[0]!;
    const ts = Array.from(data.timestamps);
    const q = rec.embedQueries([u, u], [Math.min(...ts), Math.max(...ts)]);
    expect(Array.from(q.subarray(8, 16))).toEqual(Array.from(q.subarray(24, 32)));
    expect(Array.from(q.subarray(0, 8))).not.toEqual(Array.from(q.subarray(16, 24)));
    rec.dispose();
  });

  it('refuses different dropouts on shared batches, naming the option to set', async () => {
    const rec = createRecommender(dataset, data, spec([0.5, 1]));
    await expect(fitRetrieval(rec, data, { ...options, memberBatches: 'shared' })).rejects.toThrow(/set memberBatches: 'own'/);
    rec.dispose();
  });
});
