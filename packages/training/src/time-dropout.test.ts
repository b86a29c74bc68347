import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import type { RecommenderSpec } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { fitRetrieval } from './fit-retrieval';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

const dataset = syntheticDataset({ numUsers: 50, numItems: 30, numInteractions: 1200, seed: 2 });

describe('fitRetrieval with timeDropout and userDropout', () => {
  it("hides the time of about that share of examples, seeded (the same rows in a second run)", async () => {
    await ready({ backend: 'cpu', log: null });
    const spec: RecommenderSpec = { query: movieLensQuerySpecs({ embeddingDim: 8, timestampBins: 20 }), candidate: movieLensCandidateSpecs({ embeddingDim: 8 }), model: { queryLayers: [8], candidateLayers: [8] }, timeDropout: 0.3 };
    const data = trainingData(dataset.interactions);
    const run = async () => {
      const rec = createRecommender(dataset, data, spec);
      const blanked: number[][] = [];
      const original = rec.blankTime.bind(rec);
      jest.spyOn(rec, 'blankTime').mockImplementation((batch, rows) => {
        blanked.push(rows === 'all' ? [-1] : Array.from(rows));
        original(batch, rows);
      });
      await fitRetrieval(rec, data, { epochs: 2, batchSize: 128 });
      rec.dispose();
      return blanked;
    };
    const first = await run();
    const share = first.reduce((a, r) => a + r.length, 0) / (2 * data.fitRows.length);
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    expect(await run()).toEqual(first);
  });

  it('with untimedLogQCorrection, hides the time of whole batches (about timeDropout of them), whose loss uses that logQ weight', async () => {
    await ready({ backend: 'cpu', log: null });
    const spec: RecommenderSpec = { query: movieLensQuerySpecs({ embeddingDim: 8, timestampBins: 20 }), candidate: movieLensCandidateSpecs({ embeddingDim: 8 }), model: { queryLayers: [8], candidateLayers: [8] }, timeDropout: 0.5 };
    const data = trainingData(dataset.interactions);
    const rec = createRecommender(dataset, data, spec);
    const blanked: (number[] | 'all')[] = [];
    const original = rec.blankTime.bind(rec);
    jest.spyOn(rec, 'blankTime').mockImplementation((batch, rows) => {
      blanked.push(rows === 'all' ? 'all' : Array.from(rows));
      original(batch, rows);
    });
    const weights: number[] = [];
    const train = rec.models.twoTower.trainMembers.bind(rec.models.twoTower);
    jest.spyOn(rec.models.twoTower, 'trainMembers').mockImplementation((steps) => {
      weights.push(steps[0]!.loss!.logQWeight!);
      return train(steps);
    });
    await fitRetrieval(rec, data, { epochs: 4, batchSize: 64, task: { logQCorrection: 1.25, untimedLogQCorrection: 2 } });
    // every hidden time is a whole batch's, and exactly those batches use the untimed weight
    expect(blanked.every((b) => b === 'all')).toBe(true);
    expect(weights.filter((w) => w === 2).length).toBe(blanked.length);
    expect(weights.filter((w) => w !== 2).every((w) => w === 1.25)).toBe(true);
    const share = blanked.length / weights.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
    rec.dispose();
    const plain = createRecommender(dataset, data, { ...spec, timeDropout: undefined });
    await expect(fitRetrieval(plain, data, { epochs: 1, task: { logQCorrection: 1, untimedLogQCorrection: 2 } })).rejects.toThrow(/untimedLogQCorrection .* the spec has no timeDropout/);
    plain.dispose();
  });

  it('hides the user of about userDropout of the examples (read as an unknown user) and the id of about itemDropout of the candidates, seeded', async () => {
    await ready({ backend: 'cpu', log: null });
    const spec: RecommenderSpec = { query: movieLensQuerySpecs({ embeddingDim: 8, timestampBins: 20 }), candidate: movieLensCandidateSpecs({ embeddingDim: 8 }), model: { queryLayers: [8], candidateLayers: [8] }, history: { length: 5, dim: 8 } };
    const data = trainingData(dataset.interactions);
    const run = async () => {
      const rec = createRecommender(dataset, data, spec);
      const hidden: number[][] = [];
      const original = rec.blankUser.bind(rec);
      jest.spyOn(rec, 'blankUser').mockImplementation((batch, rows) => {
        hidden.push(Array.from(rows));
        original(batch, rows);
      });
      let items = 0;
      let candidates = 0;
      const originalItem = rec.blankItemId.bind(rec);
      jest.spyOn(rec, 'blankItemId').mockImplementation((batch, rows) => {
        items += rows.length;
        candidates += batch.title_id!.length;
        originalItem(batch, rows);
      });
      await fitRetrieval(rec, data, { epochs: 1, batchSize: 128, userDropout: 0.4, itemDropout: 0.2 });
      expect(items / candidates).toBeGreaterThan(0.15);
      expect(items / candidates).toBeLessThan(0.25);
      rec.dispose();
      return hidden;
    };
    const first = await run();
    const share = first.reduce((a, r) => a + r.length, 0) / data.fitRows.length;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.45);
    expect(await run()).toEqual(first);
    const rec = createRecommender(dataset, data, spec);
    await expect(fitRetrieval(rec, data, { epochs: 1, userDropout: 2 })).rejects.toThrow(/userDropout must be in \[0, 1\], got 2/);
    rec.dispose();
  });
});
