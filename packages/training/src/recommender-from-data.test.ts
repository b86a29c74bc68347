import { interactionsFromRecords, syntheticDataset, type Dataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { ready } from '@twotower/runtime';
import { catalogueOf, createRecommender, usersOf } from './recommender-from-data';
import { trainingData } from './training-data';

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
});
