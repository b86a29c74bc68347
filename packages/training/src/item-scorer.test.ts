import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { ready, tf } from '@twotower/runtime';
import { ItemScorer, scoreRows, scoreUsers, withItemScorer } from './item-scorer';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

const dataset = syntheticDataset({ numUsers: 20, numItems: 15, numInteractions: 200, seed: 8 });
const data = trainingData(dataset.interactions);
const spec = { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4], seed: 1 } };

/** [m × items] dot products, computed by hand. */
function dots(q: Float32Array, items: Float32Array, dim: number): number[] {
  const m = q.length / dim;
  const n = items.length / dim;
  const out: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.push(Array.from({ length: dim }, (_, d) => q[i * dim + d]! * items[j * dim + d]!).reduce((a, b) => a + b));
  return out;
}

describe('ItemScorer', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('scores query embeddings against every item; scoreRows queries each row at its own time, scoreUsers at the latest', async () => {
    const rec = createRecommender(dataset, data, spec);
    const items = rec.embedItems();
    const before = tf.memory().numTensors;
    await withItemScorer(rec, (scorer) => {
      expect(scorer.numItems).toBe(15);
      const q = rec.embedQueries(['u1', 'u2']);
      const out = new Float32Array(2 * 15);
      scorer.score(q, 2, out);
      Array.from(out).forEach((v, i) => expect(v).toBeCloseTo(dots(q, items, 4)[i]!, 5));
      const rows = data.testRows.subarray(0, 3);
      const byRow = new Float32Array(2 * 15);
      scoreRows(rec, data, rows, scorer, data.seenTrain)(Int32Array.from([2, 0]), byRow);
      const qr = rec.embedQueries([data.rowUserIds[rows[2]!]!, data.rowUserIds[rows[0]!]!], [data.timestamps[rows[2]!]!, data.timestamps[rows[0]!]!]);
      Array.from(byRow).forEach((v, i) => expect(v).toBeCloseTo(dots(qr, items, 4)[i]!, 5));
      const byUser = new Float32Array(15);
      scoreUsers(rec, data, scorer, data.seenTrain)(Int32Array.from([3]), byUser);
      const qu = rec.embedQueries([data.log.userIds[3]!], [data.lastTimestamp[3]!]);
      Array.from(byUser).forEach((v, i) => expect(v).toBeCloseTo(dots(qu, items, 4)[i]!, 5));
      expect(tf.memory().numTensors).toBe(before + 1); // the items, held while scoring
    });
    expect(tf.memory().numTensors).toBe(before);
    // disposed even when the work throws
    await expect(withItemScorer(rec, () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
    const s = new ItemScorer(rec);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
    rec.dispose();
  });
});
