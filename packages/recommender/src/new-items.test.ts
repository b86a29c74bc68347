import { inferCandidateSpecs, movieLensCandidateSpecs } from '@twotower/features';
import { ready } from '@twotower/runtime';
import type { AttributeColumn } from './attribute-columns';
import { embedNewItems, newItemsCatalogue, NewItemError, type NewItem } from './new-items';
import { Recommender } from './recommender';
import { makeRecommender, saveToDirectory, testSpec } from './test-utils';

beforeAll(async () => {
  await ready({ backend: 'cpu', log: null });
});

const rows = (v: Float32Array, dim: number) => Array.from({ length: v.length / dim }, (_, j) => Array.from(v.subarray(j * dim, (j + 1) * dim)));

/** The NewItemError `fn` throws (fails the test when it throws none). */
function errorOf(fn: () => unknown): NewItemError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NewItemError);
    return e as NewItemError;
  }
  throw new Error('expected a NewItemError');
}

describe('embedNewItems', () => {
  it('embeds an item from its features as the catalogue does: with the title text alone, a copy of an item embeds as that item', () => {
    const [, titleText] = movieLensCandidateSpecs({ embeddingDim: 8 });
    const rec = makeRecommender({ ...testSpec(), candidate: [titleText] });
    const v = embedNewItems(rec, [{ id: 'new-1', title: rec.catalogue.titles[2]!, genres: rec.catalogue.genres[2]! }]);
    expect(v).toHaveLength(rec.dim);
    expect(Array.from(v)).toEqual(Array.from(rec.embedItemIndices([2])));
    rec.dispose();
  });

  it("reads the id embedding's OOV slot (two new items with the same features embed alike, unlike the catalogue item) and tells titles apart", () => {
    const rec = makeRecommender();
    const items: NewItem[] = [
      { id: 'new-1', title: 'Toy Story (1995)', genres: ['Animation'] },
      { id: 'new-2', title: 'Toy Story (1995)', genres: ['Animation'] },
      { id: 'new-3', title: 'Some Film (2026)', genres: ['Comedy', 'Never Seen Genre'] },
    ];
    const v = rows(embedNewItems(rec, items), rec.dim);
    expect(v).toHaveLength(3);
    expect(v.flat().every(Number.isFinite)).toBe(true);
    expect(v[0]).toEqual(v[1]);
    expect(v[0]).not.toEqual(Array.from(rec.embedItemIndices([0])));
    expect(v[2]).not.toEqual(v[0]);
    // one batched call gives what one call per item gives; no title: the id is the title
    expect(rows(embedNewItems(rec, [items[2]!]), rec.dim)[0]).toEqual(v[2]);
    expect(newItemsCatalogue(rec, [{ id: 'x' }]).titles).toEqual(['x']);
    expect(embedNewItems(rec, [])).toHaveLength(0);
    rec.dispose();
  });

  it('embeds the same after the recommender is saved and loaded', async () => {
    const rec = makeRecommender();
    const back = await Recommender.load(await saveToDirectory(rec));
    const items = [{ id: 'n', title: 'GoldenEye 2 (2026)', genres: ['Action'] }];
    expect(Array.from(embedNewItems(back, items))).toEqual(Array.from(embedNewItems(rec, items)));
    rec.dispose();
    back.dispose();
  });

  it('names the item and field of an id already in the catalogue, given twice or empty', () => {
    const rec = makeRecommender();
    const known = errorOf(() => embedNewItems(rec, [{ id: 'fresh' }, { id: '3' }]));
    expect(known).toMatchObject({ item: 1, field: 'id' });
    expect(known.message).toMatch(/"3" is already in the catalogue/);
    const twice = errorOf(() => embedNewItems(rec, [{ id: 'a' }, { id: 'b' }, { id: 'a' }]));
    expect(twice).toMatchObject({ item: 2, field: 'id' });
    expect(twice.message).toMatch(/"a" is given twice \(items 0 and 2\)/);
    expect(errorOf(() => embedNewItems(rec, [{ id: '' }]))).toMatchObject({ item: 0, field: 'id' });
    rec.dispose();
  });
});

describe('new items with catalogue columns', () => {
  const price: AttributeColumn = { name: 'price', kind: 'number', values: [10, 20, 60] };
  const brand: AttributeColumn = { name: 'brand', kind: 'category', values: ['acme', 'globex', 'acme'] };
  const shop = () =>
    Recommender.create(
      {
        query: testSpec().query,
        candidate: inferCandidateSpecs({ columns: [{ name: 'price', source: 'item.price', kind: 'number' }, { name: 'brand', source: 'item.brand', kind: 'category' }] }, { embeddingDim: 4, numberBins: 2 }),
        model: { queryLayers: [4], candidateLayers: [4], seed: 1 },
      },
      { users: ['u', 'v'], timestamps: [1, 2] },
      {
        catalogue: { ids: ['a', 'b', 'c'], titles: ['a', 'b', 'c'], genres: [[], [], []], columns: [price, brand] },
        users: { ids: ['u', 'v'], lastTimestamp: Float64Array.from([1, 2]) },
        seen: { offsets: Int32Array.from([0, 1, 2]), items: Int32Array.from([0, 1]) },
        popularity: Float32Array.from([1, 1, 0]),
      },
    );

  it("reads their values; a missing number reads the catalogue's mean, as in the catalogue", () => {
    const rec = shop();
    const c = newItemsCatalogue(rec, [{ id: 'd', attributes: { price: 15, brand: 'initech' } }, { id: 'e', attributes: { price: null } }, { id: 'f' }]);
    expect(c.columns).toEqual([
      { name: 'price', kind: 'number', values: [15, 30, 30] },
      { name: 'brand', kind: 'category', values: ['initech', null, null] },
    ]);
    const v = rows(embedNewItems(rec, [{ id: 'e' }, { id: 'g', attributes: { price: 30 } }, { id: 'h', attributes: { price: 1000, brand: 'acme' } }]), rec.dim);
    expect(v[0]).toEqual(v[1]);
    expect(v[2]).not.toEqual(v[0]);
    rec.dispose();
  });

  it('names a column the catalogue does not have, and a number column given a string', () => {
    const rec = shop();
    const unknown = errorOf(() => embedNewItems(rec, [{ id: 'd', attributes: { colour: 'red' } }]));
    expect(unknown).toMatchObject({ item: 0, field: 'attributes/colour' });
    expect(unknown.message).toMatch(/no column "colour" \(its columns are "price", "brand"\)/);
    const wrong = errorOf(() => embedNewItems(rec, [{ id: 'd' }, { id: 'e', attributes: { price: 'cheap' } }]));
    expect(wrong).toMatchObject({ item: 1, field: 'attributes/price' });
    expect(wrong.message).toMatch(/holds numbers, got "cheap"/);
    rec.dispose();
  });
});
