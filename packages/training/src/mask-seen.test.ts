/**
 * fitRetrieval with `maskSeen`: a candidate the example's user has among its fit items is no
 * negative of the example. Where every user has every item, no example has a negative left, so
 * nothing is learned; without the mask the same data trains.
 */
import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import type { RecommenderSpec } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { fitRetrieval } from './fit-retrieval';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

// two users, two items, 60 rows: each user has both items among its fit rows
const dataset = syntheticDataset({ numUsers: 2, numItems: 2, numInteractions: 60, seed: 4, unique: false });
const data = trainingData(dataset.interactions);
const spec: RecommenderSpec = {
  query: movieLensQuerySpecs({ embeddingDim: 4 }).filter((s) => s.name === 'user_id'),
  candidate: movieLensCandidateSpecs({ embeddingDim: 4 }).filter((s) => s.name === 'title_id'),
  model: { queryLayers: [4], candidateLayers: [4], seed: 1 },
};

async function itemsBeforeAndAfter(maskSeen: boolean): Promise<[Float32Array, Float32Array]> {
  const rec = createRecommender(dataset, data, spec);
  const before = rec.embedItems();
  await fitRetrieval(rec, data, { epochs: 2, batchSize: 16, maskSeen, task: { removeAccidentalHits: true } });
  const after = rec.embedItems();
  rec.dispose();
  return [before, after];
}

describe('fitRetrieval maskSeen', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('every user has every item among its fit rows (the premise)', () => {
    for (let u = 0; u < 2; u++) {
      const items = new Set(data.seenFit.items.subarray(data.seenFit.offsets[u]!, data.seenFit.offsets[u + 1]!));
      expect(items).toEqual(new Set([0, 1]));
    }
  });

  it("leaves no negative where every candidate is one of the user's items: the towers do not move", async () => {
    const [before, after] = await itemsBeforeAndAfter(true);
    expect(Array.from(after)).toEqual(Array.from(before));
  });

  it('without it, the same data trains the towers', async () => {
    const [before, after] = await itemsBeforeAndAfter(false);
    expect(Array.from(after)).not.toEqual(Array.from(before));
  });
});
