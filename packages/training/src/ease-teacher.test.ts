import { syntheticDataset } from '@twotower/data';
import { EaseBaseline, jsMatMulF32 } from '@twotower/eval';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { ready, tf } from '@twotower/runtime';
import { EaseTeacher } from './ease-teacher';
import { fitRetrieval } from './fit-retrieval';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

const dataset = syntheticDataset({ numUsers: 30, numItems: 20, numInteractions: 400, seed: 5 });
const data = trainingData(dataset.interactions, { validationFraction: 0.2 });

describe('EaseTeacher', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it("scores a candidate as EASE of the user's fit items without the example's own item", () => {
    const teacher = EaseTeacher.fit(data, 50, jsMatMulF32);
    const ease = EaseBaseline.fit(data.log, data.fitRows, data.numUsers, data.numItems, { lambda: 50 });
    const n = data.numItems;
    const { offsets, items } = data.seenFit;
    const users = Int32Array.from([0, 3, 7]);
    const positives = Int32Array.from(users, (u) => items[offsets[u]!]!); // a fit item of each
    const candidates = Int32Array.from([0, 5, 9, 19, positives[1]!]);
    const got = teacher.scores(users, positives, candidates);
    users.forEach((u, r) => {
      const others = Array.from(items.subarray(offsets[u]!, offsets[u + 1]!)).filter((i) => i !== positives[r]);
      candidates.forEach((c, j) => {
        const want = others.reduce((s, i) => s + ease.weights[i * n + c]!, 0);
        expect(got[r * candidates.length + j]).toBeCloseTo(want, 4);
      });
    });
  });

  it('fitRetrieval with distill trains, and leaks no tensor', async () => {
    const spec = { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4], seed: 2 } };
    const before = tf.memory().numTensors;
    const rec = createRecommender(dataset, data, spec);
    const fit = await fitRetrieval(rec, data, { epochs: 2, batchSize: 64, task: { temperature: 0.2, logQCorrection: 1, removeAccidentalHits: true }, distill: { weight: 0.5, temperature: 1, lambda: 50 } });
    expect(fit.epochsRun).toBe(2);
    expect(fit.history.every((h) => Number.isFinite(h.loss))).toBe(true);
    await expect(fitRetrieval(rec, data, { epochs: 1, distill: { weight: 1.5 } })).rejects.toThrow('fitRetrieval: distill.weight must be in [0, 1], got 1.5');
    rec.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
