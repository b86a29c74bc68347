import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openModelDirectory } from '@twotower/artifact';
import { ready } from '@twotower/runtime';
import { ItemVectors, itemVectorsInputName } from './item-vectors';
import { embedNewItems, NewItemError } from './new-items';
import { Recommender } from './recommender';
import { makeRecommender, saveToDirectory, testSpec } from './test-utils';

beforeAll(() => ready({ backend: 'cpu', log: null }));

const IDS = ['1', '2', '3', '4'];
/** Item j's vector: one-hot at j % 3 (3 wide); item 3 ('4') has none (zeros). */
const vectors = () => Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
const withVectors = () => ({ ...testSpec(), itemVectors: { name: 'text', dim: 3, method: 'test-encoder' } });
const row = (v: Float32Array, dim: number, j: number) => Array.from(v.subarray(j * dim, (j + 1) * dim));

describe('ItemVectors', () => {
  it('aligns rows given in catalogue order or by id (ids outside the catalogue kept for new items); the mean is of the non-zero rows', () => {
    const a = ItemVectors.from(vectors(), IDS, 3);
    expect(Array.from(a.rows)).toEqual(Array.from(vectors()));
    expect(Array.from(a.mean)).toEqual([1 / 3, 1 / 3, 1 / 3].map(Math.fround));
    const b = ItemVectors.from({ ids: ['3', 'new', '1'], vectors: Float32Array.from([0, 0, 1, 5, 5, 5, 1, 0, 0]) }, IDS, 3);
    expect(Array.from(b.rows)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(b.forNewItem('new'))).toEqual([5, 5, 5]);
    expect(Array.from(b.forNewItem('other'))).toEqual([0.5, 0, 0.5]);
    expect(Array.from(b.forNewItem('new', [1, 2, 3]))).toEqual([1, 2, 3]);
    expect(b.toEmbeddingSet(IDS)).toEqual({ ids: [...IDS, 'new'], vectors: Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 5, 5, 5]) });
  });

  it('refuses a wrong length, a non-finite value and an id given twice, naming the field', () => {
    expect(() => ItemVectors.from(new Float32Array(11), IDS, 3)).toThrow(/^itemVectors has 11 values; expected numItems × dim = 4 × 3 = 12/);
    const nan = vectors();
    nan[7] = NaN;
    expect(() => ItemVectors.from(nan, IDS, 3)).toThrow(/itemVectors: row 2 \(item "3"\) holds NaN at column 1/);
    expect(() => ItemVectors.from({ ids: ['1'], vectors: new Float32Array(2) }, IDS, 3)).toThrow(/itemVectors\.vectors has 2 values; expected itemVectors\.ids\.length × dim = 1 × 3/);
    expect(() => ItemVectors.from({ ids: ['1', '1'], vectors: new Float32Array(6) }, IDS, 3)).toThrow(/itemVectors\.ids: id "1" is given twice/);
    expect(() => ItemVectors.from(vectors(), IDS, 3).forNewItem('x', [1, 2])).toThrow(/2 values; the model reads 3/);
  });
});

describe('a recommender reading item vectors', () => {
  it('checks the spec and that vectors come with it (and only with it)', () => {
    expect(() => makeRecommender(withVectors())).toThrow(/itemVectors: the spec's candidate tower reads item vectors "text" \(3 wide\) but none were given/);
    expect(() => makeRecommender(testSpec(), vectors())).toThrow(/the spec has no itemVectors/);
    expect(() => makeRecommender(withVectors(), new Float32Array(8))).toThrow(/itemVectors has 8 values; expected numItems × dim = 4 × 3 = 12/);
    expect(() => makeRecommender({ ...testSpec(), itemVectors: { name: 'candidates', dim: 3 } }, vectors())).toThrow(/one of the towers' own embedding sets/);
    expect(() => makeRecommender({ ...testSpec(), itemVectors: { name: 'Text', dim: 3 } }, vectors())).toThrow(/spec\.itemVectors\.name: .*lowercase/);
    expect(() => makeRecommender({ ...testSpec(), itemVectors: { name: 'text', dim: 0 } }, vectors())).toThrow(/spec\.itemVectors\.dim must be a positive integer/);
  });

  it('the candidate tower reads them as one numeric input [n × dim]: in the catalogue batch, per item, in the ranking model', () => {
    const rec = makeRecommender(withVectors(), vectors());
    const name = itemVectorsInputName({ name: 'text' });
    expect(rec.models.twoTower.candidate.inputs.specs.at(-1)).toEqual({ name, kind: 'numeric', width: 3 });
    const batch = rec.candidatesFor([2, 0]);
    expect(Array.from(batch[name]!)).toEqual([0, 0, 1, 1, 0, 0]);
    // the vectors change the embedding: same features, other vectors
    const other = makeRecommender(withVectors(), Float32Array.from({ length: 12 }, (_, t) => (t % 3 === 0 ? 1 : 0)));
    expect(row(other.embedItems(), rec.dim, 0)).toEqual(row(rec.embedItems(), rec.dim, 0));
    expect(row(other.embedItems(), rec.dim, 1)).not.toEqual(row(rec.embedItems(), rec.dim, 1));
    // a ranking model reading features reads them too (and can name them)
    expect(rec.rankingFeatureInputs().candidate.map((s) => s.name)).toContain(name);
    rec.models.setRankingModel({ layers: [4], features: ['user_id', name] });
    const inputs = rec.rankingInputs(['a'], [1], [200]);
    expect(Array.from(inputs.candidate[name]!)).toEqual([0, 1, 0]);
    expect(Number.isFinite(rec.models.ranking[0]!.predict(inputs.query, inputs.candidate, 1)[0]!)).toBe(true);
    rec.dispose();
    other.dispose();
  });

  it('saves them as the embedding set spec.itemVectors.name (of items, its method) and loads back identical embeddings', async () => {
    const rec = makeRecommender(withVectors(), { ids: ['2', '1', 'later', '3'], vectors: Float32Array.from([0, 1, 0, 1, 0, 0, 0, 0, 7, 0, 0, 1]) });
    const dir = await saveToDirectory(rec);
    const md = openModelDirectory(dir);
    expect(md.embeddingSets()['text']).toMatchObject({ of: 'items', method: 'test-encoder', dim: 3 });
    expect(md.embeddingSet('text')!.ids).toEqual([...IDS, 'later']);
    expect(readFileSync(join(dir, 'items.json'), 'utf8')).not.toMatch(/vectors/);
    const back = await Recommender.load(dir);
    expect(Array.from(back.itemVectors!.rows)).toEqual(Array.from(vectors()));
    expect(Array.from(back.embedItems())).toEqual(Array.from(rec.embedItems()));
    const items = [{ id: 'later' }, { id: 'n', vector: [0, 1, 0] }, { id: 'm' }];
    expect(Array.from(embedNewItems(back, items))).toEqual(Array.from(embedNewItems(rec, items)));
    rec.dispose();
    back.dispose();
  });

  it('embeds a new item from the vector given, else its id\'s row, else the mean of the known rows', () => {
    const rec = makeRecommender({ ...withVectors(), candidate: testSpec().candidate.slice(0, 1) }, vectors());
    const d = rec.dim;
    const v = embedNewItems(rec, [{ id: 'a', vector: [0, 1, 0] }, { id: 'b' }, { id: 'c', vector: Float32Array.from([1, 1, 1]).map((x) => x / 3) }]);
    // with the item id alone besides the vectors, a new item with item 1's vector embeds as item 1 with the OOV id
    const oov = rec.candidatesFor([1]);
    rec.blankItemId(oov, [0]);
    expect(row(v, d, 0)).toEqual(Array.from(rec.models.twoTower.embedCandidates(oov, 1)));
    expect(row(v, d, 1)).toEqual(row(v, d, 2));
    expect(row(v, d, 0)).not.toEqual(row(v, d, 1));
    const wrong = (() => {
      try {
        embedNewItems(rec, [{ id: 'a' }, { id: 'b', vector: [1, 2] }]);
      } catch (e) {
        return e as NewItemError;
      }
      throw new Error('expected a NewItemError');
    })();
    expect(wrong).toBeInstanceOf(NewItemError);
    expect(wrong).toMatchObject({ item: 1, field: 'vector' });
    expect(wrong.message).toMatch(/new item "b": its vector has 2 values; the model reads 3 \(spec\.itemVectors\.dim\)/);
    rec.dispose();
    const plain = makeRecommender();
    expect(() => embedNewItems(plain, [{ id: 'a', vector: [1] }])).toThrow(/the model reads no item vectors/);
    plain.dispose();
  });
});
