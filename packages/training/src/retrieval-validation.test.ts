import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { ready, tf } from '@twotower/runtime';
import type { EpochLogs } from './callbacks';
import { createRecommender } from './recommender-from-data';
import { retrievalValidation } from './retrieval-validation';
import { trainingData } from './training-data';

const dataset = syntheticDataset({ numUsers: 30, numItems: 20, numInteractions: 300, seed: 9 });
const spec = { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4], seed: 1 } };
const logs = (): EpochLogs => ({ epoch: 1, epochs: 1, loss: 1, examples: 1, seconds: 1, examplesPerSecond: 1, notes: [] });

describe('retrievalValidation', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('measures top-K on the validation rows with the fit items excluded, and notes the monitored figure', async () => {
    const data = trainingData(dataset.interactions, { validationFraction: 0.2 });
    const rec = createRecommender(dataset, data, spec);
    // the largest K a validation item can need: the items a user has not fitted on
    let unseen = 0;
    for (let u = 0; u < 30; u++) unseen = Math.max(unseen, 20 - (data.seenFit.offsets[u + 1]! - data.seenFit.offsets[u]!));
    const l = logs();
    const before = tf.memory().numTensors;
    await retrievalValidation(() => rec, data, { ks: [1, unseen], monitor: `top${unseen}` }).onEpochEnd!(l, undefined as never);
    expect(tf.memory().numTensors).toBe(before);
    // every validation item is among the user's unseen items (unique pairs): all within the top `unseen`
    expect(l.validation![`top${unseen}`]).toBe(1);
    expect(l.validation!['top1']).toBeLessThan(1);
    expect(l.notes).toEqual([`validation top${unseen} 1.0000`]);
    rec.dispose();
  });

  it('does nothing without validation rows', async () => {
    const data = trainingData(dataset.interactions);
    const rec = createRecommender(dataset, data, spec);
    const l = logs();
    await retrievalValidation(() => rec, data).onEpochEnd!(l, undefined as never);
    expect(l.validation).toBeUndefined();
    expect(l.notes).toEqual([]);
    rec.dispose();
  });
});
