import { ready } from '@twotower/runtime';
import { inferCandidateSpecs, inferQuerySpecs } from '@twotower/features';
import { attributeInputs, type AttributeColumn } from './attribute-columns';
import { candidateColumns, queryColumns } from './catalogue';
import { Recommender } from './recommender';
import { saveToDirectory } from './test-utils';

const price: AttributeColumn = { name: 'price', kind: 'number', values: [10, null, 30] };
const tags: AttributeColumn = { name: 'tags', kind: 'categories', values: ['red|big', null, 'Home & Garden'] };
const brand: AttributeColumn = { name: 'brand', kind: 'category', values: ['acme', 'globex', null] };

describe('attribute columns as feature inputs', () => {
  it('fills what is missing (numbers: the mean; labels and text: empty) and builds only what is wanted', () => {
    expect(attributeInputs('item', [price, tags, brand], [0, 1, 2, -1])).toEqual({
      'item.price': Float64Array.from([10, 20, 30, 20]),
      'item.tags': ['red|big', '', 'Home_&_Garden', ''],
      'item.tags:labels': ['red big', '', 'Home_&_Garden', ''],
      'item.brand': ['acme', 'globex', '', ''],
    });
    expect(Object.keys(attributeInputs('item', [price, tags, brand], [0], new Set(['item.tags'])))).toEqual(['item.tags']);
    const catalogue = { ids: ['a', 'b', 'c'], titles: ['a', 'b', 'c'], genres: [[], [], []], columns: [price] };
    expect(candidateColumns(catalogue, ['item', 'item.price'])['item.price']).toEqual(Float64Array.from([10, 20, 30]));
    const users = { ids: ['u', 'v'], lastTimestamp: new Float64Array(2), columns: [{ name: 'plan', kind: 'category' as const, values: ['pro', null] }] };
    const index = (id: string) => users.ids.indexOf(id);
    expect(queryColumns(users, index, ['v', 'u', 'stranger'], [1, 2, 3], ['user', 'user.plan'])['user.plan']).toEqual(['', 'pro', '']);
    expect(Object.keys(queryColumns(users, index, ['u'], [1], ['user']))).toEqual(['user', 'timestamp']);
  });

  it('a recommender reads catalogue and user columns through its features, and keeps them when saved', async () => {
    await ready({ backend: 'cpu', log: null });
    const spec = {
      query: inferQuerySpecs({ columns: [{ name: 'user_plan', source: 'user.plan', kind: 'category' }] }, { embeddingDim: 4 }),
      candidate: inferCandidateSpecs({ columns: [{ name: 'price', source: 'item.price', kind: 'number' }, { name: 'brand', source: 'item.brand', kind: 'category' }] }, { embeddingDim: 4, numberBins: 2 }),
      model: { queryLayers: [4], candidateLayers: [4], seed: 1 },
    };
    const rec = Recommender.create(spec, { users: ['u', 'v', 'u'], timestamps: [1, 2, 3] }, {
      catalogue: { ids: ['a', 'b', 'c'], titles: ['a', 'b', 'c'], genres: [[], [], []], columns: [price, brand] },
      users: { ids: ['u', 'v'], lastTimestamp: Float64Array.from([3, 2]), columns: [{ name: 'plan', kind: 'category', values: ['pro', 'free'] }] },
      seen: { offsets: Int32Array.from([0, 2, 3]), items: Int32Array.from([0, 1, 2]) },
      popularity: Float32Array.from([1, 1, 1]),
    });
    expect(rec.queryFeatures.describe().map((d) => `${d.name}: ${d.summary}`)).toEqual(['user_id: 2 values learned + 1 OOV id = 3 ids', 'user_plan: 2 values learned + 1 OOV id = 3 ids']);
    expect(rec.candidateFeatures.names).toEqual(['title_id', 'price_bucket', 'price', 'brand']);
    // a stranger has no plan: the OOV id, as a known user with another plan would not
    expect(Array.from(rec.queryBatch(['u', 'v', 'stranger'], [0, 0, 0]).user_plan!)).toEqual([1, 2, 0]);
    const back = await Recommender.load(await saveToDirectory(rec));
    expect(back.users.columns).toEqual(rec.users.columns);
    expect(back.catalogue.columns).toEqual(rec.catalogue.columns);
    expect(Array.from(back.embedQueries(['u', 'stranger']))).toEqual(Array.from(rec.embedQueries(['u', 'stranger'])));
    expect(Array.from(back.embedItems())).toEqual(Array.from(rec.embedItems()));
    rec.dispose();
    back.dispose();
  });
});
