import { interactionsFromRecords, syntheticDataset, type Dataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { ready } from '@twotower/runtime';
import { embedNewItems, type RecommenderSpec } from '@twotower/recommender';
import { mulberry32 } from '@twotower/utils';
import { fitRetrieval } from './fit-retrieval';
import { catalogueOf, createRecommender, usersOf } from './recommender-from-data';
import { trainingData } from './training-data';

/**
 * A planted problem where only item vectors carry the signal: 40 items in two groups (item j in
 * group j % 2), their 8-wide vectors near their group's axis (unit length); 60 users each liking
 * one group (user u: group u % 2), 8 interactions each with items of it. Items 32..39 are never
 * in the log (cold); every item's vector is given by id.
 */
function plantedGroups() {
  const rand = mulberry32(7);
  const dim = 8;
  const ids = Array.from({ length: 40 }, (_, j) => `i${j}`);
  const vectors = new Float32Array(40 * dim);
  for (let j = 0; j < 40; j++) {
    const v = Array.from({ length: dim }, (_, d) => (d === j % 2 ? 1 : 0) + 0.3 * (rand() - 0.5));
    const norm = Math.hypot(...v);
    v.forEach((x, d) => (vectors[j * dim + d] = x / norm));
  }
  const records = [];
  for (let u = 0; u < 60; u++) {
    for (let t = 0; t < 8; t++) records.push({ user: `u${u}`, item: `i${(u % 2) + 2 * Math.floor(rand() * 16)}`, timestamp: u * 100 + t });
  }
  const log = interactionsFromRecords(records);
  return { dim, ids, vectors, dataset: { name: 'planted-groups', interactions: log, reports: [] } as unknown as Dataset };
}

describe('recommender from data', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('catalogueOf: ids, titles (or the id) and genre names; usersOf: ids, latest training time, attributes', () => {
    const synthetic = syntheticDataset({ numUsers: 5, numItems: 4, numInteractions: 12, seed: 1 });
    const c = catalogueOf(synthetic);
    expect(c.ids).toEqual(['i0', 'i1', 'i2', 'i3']);
    expect(c.titles).toEqual(synthetic.items.titles);
    expect(c.genres[0]).toEqual(synthetic.items.genres[0]!.map((g) => synthetic.items.genreNames[g]));
    const bare: Dataset = { name: 'bare', interactions: interactionsFromRecords([{ user: 'a', item: 'x', timestamp: 1 }, { user: 'b', item: 'y', timestamp: 2 }]), reports: [] } as unknown as Dataset;
    expect(catalogueOf(bare)).toEqual({ ids: ['x', 'y'], titles: ['x', 'y'], genres: [[], []] });
    const d = trainingData(bare.interactions, { trainFraction: 0.5 });
    const u = usersOf(bare, d);
    expect(u.ids).toEqual(['a', 'b']);
    expect(u.lastTimestamp).toBe(d.lastTimestamp);
    expect(u.attributes).toEqual({});
  });

  it('createRecommender: query features fitted on every training row (validation included), the training popularity and seen items', () => {
    // one row per user: the validation rows' users appear in no fit row
    const log = interactionsFromRecords(Array.from({ length: 40 }, (_, u) => ({ user: `u${u}`, item: `i${u % 5}`, timestamp: 1000 + u })));
    const ds = { name: 'one-row-users', interactions: log, reports: [] } as unknown as Dataset;
    const data = trainingData(log, { validationFraction: 0.3 });
    const rec = createRecommender(ds, data, { query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: { queryLayers: [4], candidateLayers: [4] } });
    expect(rec.numItems).toBe(5);
    expect(rec.numUsers).toBe(40);
    expect(rec.popularity).toBe(data.popularity);
    expect(rec.seen).toBe(data.seenTrain);
    expect(data.fitRows.length).toBe(22);
    // 32 training users have an id each (+ the OOV id), the 10 validation-only users included
    expect(rec.models.twoTower.query.inputs.tables.get('user_id')!.vocabularySize).toBe(32 + 1);
    // the spec given is not the recommender's: adding a ranking model does not write into it
    const spec = { query: movieLensQuerySpecs({ embeddingDim: 4 }), candidate: movieLensCandidateSpecs({ embeddingDim: 4 }), model: {} };
    const a = createRecommender(ds, data, spec);
    a.models.setRankingModel({ layers: [4] });
    expect(spec).not.toHaveProperty('ranking');
    const b = createRecommender(ds, data, spec);
    expect(b.models.rankingOptions).toEqual([]);
    a.dispose();
    b.dispose();
    rec.dispose();
  });

  it('createRecommender with item vectors: a cold item (never in training) is ranked by its group through the vector path alone', async () => {
    const { dim, ids, vectors, dataset } = plantedGroups();
    const data = trainingData(dataset.interactions, { trainFraction: 0.9 });
    const spec = (itemVectors: boolean): RecommenderSpec => ({
      query: movieLensQuerySpecs({ embeddingDim: 8 }).filter((s) => s.name === 'user_id'),
      candidate: movieLensCandidateSpecs({ embeddingDim: 8 }).filter((s) => s.name === 'title_id'),
      model: { queryLayers: [8], candidateLayers: [8], seed: 1 },
      ...(itemVectors ? { itemVectors: { name: 'text', dim } } : {}),
    });
    const cold = ids.slice(32).map((id) => ({ id }));
    const coldGroup = (c: number) => (32 + c) % 2;
    /** Share of (user, cold item of its group, cold item of the other group) triples ranked right. */
    const agreement = (scores: (u: number) => number[]) => {
      let right = 0;
      let all = 0;
      for (let u = 0; u < 60; u++) {
        const s = scores(u);
        for (let a = 0; a < 8; a++) for (let b = 0; b < 8; b++) {
          if (coldGroup(a) === u % 2 && coldGroup(b) !== u % 2) {
            all++;
            if (s[a]! > s[b]!) right++;
          }
        }
      }
      return right / all;
    };
    const fitted = async (withVectors: boolean) => {
      const rec = createRecommender(dataset, data, spec(withVectors), withVectors ? { itemVectors: { ids, vectors } } : {});
      await fitRetrieval(rec, data, { epochs: 12, batchSize: 64, itemDropout: 0.5, seed: 3 });
      const items = embedNewItems(rec, cold);
      const queries = rec.embedQueries(Array.from({ length: 60 }, (_, u) => `u${u}`));
      const d = rec.dim;
      const score = (u: number) => Array.from({ length: 8 }, (_, c) => {
        let s = 0;
        for (let k = 0; k < d; k++) s += queries[u * d + k]! * items[c * d + k]!;
        return s;
      });
      rec.dispose();
      return agreement(score);
    };
    // the catalogue has the 32 items of the log; the cold ones' rows are kept by id for new items
    const rec = createRecommender(dataset, data, spec(true), { itemVectors: { ids, vectors } });
    expect(rec.numItems).toBe(32);
    expect(rec.itemVectors!.extra.size).toBe(8);
    rec.dispose();
    expect(() => createRecommender(dataset, data, spec(true), { itemVectors: new Float32Array(5) })).toThrow(/itemVectors has 5 values; expected numItems × dim = 32 × 8 = 256/);
    // with vectors nearly every pair is ordered by group; without, every cold item reads the same OOV id: no order at all
    expect(await fitted(true)).toBeGreaterThan(0.95);
    expect(await fitted(false)).toBe(0);
  });
});

