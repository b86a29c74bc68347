import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelDirectory } from '@twotower/artifact';
import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import type { RecommenderSpec } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { createRecommender } from '../recommender-from-data';
import { saveModel } from '../save-model';
import { trainingData } from '../training-data';
import { compareItemSets } from './compare-item-sets';
import { learnEmbeddingSets } from './learn-embedding-sets';
import { segmentEmbeddingSet } from './segment-embedding-set';
import { candidateEmbeddingSet, userEmbeddingSet } from './user-embedding-set';
import { userTopLabels } from './user-labels';

const dataset = syntheticDataset({ numUsers: 60, numItems: 40, numInteractions: 1200, seed: 3 });
const data = trainingData(dataset.interactions);
const spec: RecommenderSpec = { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4], seed: 1 } };
const small = { dim: 8, epochs: 2, threads: 1 };
const genres = (rec: { catalogue: { genres: string[][] } }) => rec.catalogue.genres;

function rowNorm(v: Float32Array, dim: number, r: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += v[r * dim + d]! ** 2;
  return Math.sqrt(s);
}

describe('embedding sets beside the two-tower model', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('learns item2vec and DeepWalk from the training rows only: unit rows, and a zero row (trained 0) for an item seen only in test rows', async () => {
    // an item whose every row is a test row must get no vector
    const testOnly = data.log.items[data.testRows[0]!]!;
    const trainRows = data.trainRows.filter((r) => data.log.items[r] !== testOnly);
    const sets = await learnEmbeddingSets({ ...data, trainRows }, { item2vec: small, deepwalk: { ...small, walksPerNode: 3, walkLength: 10 } });
    expect(sets.map((s) => [s.name, s.of, s.method, s.dim])).toEqual([
      ['item2vec', 'items', 'item2vec', 8],
      ['deepwalk', 'items', 'deepwalk', 8],
    ]);
    for (const s of sets) {
      expect(s.ids).toEqual(dataset.interactions.itemIds);
      expect(s.vectors.length).toBe(data.numItems * 8);
      expect(s.trained?.[testOnly]).toBe(0);
      expect(rowNorm(s.vectors, 8, testOnly)).toBe(0);
      for (let r = 0; r < data.numItems; r++) if (s.trained?.[r] !== 0) expect(rowNorm(s.vectors, 8, r)).toBeCloseTo(1, 5);
    }
  });

  it('names node2vec when p or q is not 1, on the co-occurrence graph too', async () => {
    const [set] = await learnEmbeddingSets(data, { item2vec: false, deepwalk: { ...small, graph: 'co-occurrence', p: 2, q: 0.5, walksPerNode: 2, walkLength: 8 } });
    expect(set!.name).toBe('node2vec');
    expect(set!.options).toMatchObject({ graph: 'co-occurrence', p: 2, q: 0.5 });
  });

  it('segments a set (rows without a vector in none), compares item sets beside EASE, and keeps sets and segments in the model directory', async () => {
    const rec = createRecommender(dataset, data, spec);
    try {
      const [item2vec] = await learnEmbeddingSets(data, { item2vec: small, deepwalk: false });
      item2vec!.trained = Uint8Array.from({ length: data.numItems }, (_, i) => (i === 0 ? 0 : 1));
      item2vec!.vectors.fill(0, 0, 8);
      const seg = segmentEmbeddingSet(item2vec!, { k: 'auto', candidates: [2, 3, 4], labels: genres(rec), weights: rec.popularity });
      expect(seg.assignments[0]).toBe(-1);
      expect([2, 3, 4]).toContain(seg.info.k);
      expect(seg.info.candidates!.map((c) => c.k)).toEqual([2, 3, 4]);
      expect(seg.info.segments.reduce((a, s) => a + s.size, 0)).toBe(data.numItems - 1);
      expect(seg.info.chosenBy).toBe('silhouette');

      const users = userEmbeddingSet(rec);
      expect(users.vectors.length).toBe(rec.numUsers * rec.dim);
      const userSeg = segmentEmbeddingSet(users, { k: 3, labels: userTopLabels(rec.seen, genres(rec)) });
      expect(userSeg.info).toMatchObject({ k: 3, of: 'users', chosenBy: 'given' });

      const rows = await compareItemSets(data, [candidateEmbeddingSet(rec), item2vec!], { labels: genres(rec) });
      expect(rows.map((r) => r.name)).toEqual(['candidates', 'item2vec', 'ease']);
      for (const r of rows) {
        for (const key of ['genreAgreement', 'recall@10', 'ndcg@10', 'coverage@10']) expect(r[key]).toBeGreaterThanOrEqual(0);
        expect(r['recall@10']).toBeLessThanOrEqual(1);
      }
      expect(rows[1]!.items).toBe(data.numItems - 1);

      const dir = join(mkdtempSync(join(tmpdir(), 'tt-sets-')), 'model');
      await saveModel(dir, rec, data, { dataName: 'synthetic', indexes: false, embeddingSets: [users, item2vec!], segments: [seg, userSeg] });
      const md = openModelDirectory(dir);
      expect(md.embeddingSets()).toMatchObject({ item2vec: { of: 'items', method: 'item2vec', dim: 8 }, users: { of: 'users', method: 'two-tower' } });
      expect(Array.from(md.embeddingSet('item2vec')!.vectors)).toEqual(Array.from(item2vec!.vectors));
      const back = md.segments('item2vec')!;
      expect(Array.from(back.assignments)).toEqual(Array.from(seg.assignments));
      expect(back.info).toEqual(JSON.parse(JSON.stringify(seg.info)));
      expect(md.segments('users')!.info.k).toBe(3);
    } finally {
      rec.dispose();
    }
  });

  it('counts each user\'s most frequent labels', () => {
    const seen = { offsets: Int32Array.from([0, 3, 3]), items: Int32Array.from([0, 1, 2]) };
    expect(userTopLabels(seen, [['a', 'b'], ['b'], ['c']], 2)).toEqual([['b', 'a'], []]);
  });
});
