import { columnSpecs, combinationToken, inferCandidateSpecs, inferQuerySpecs, labelTokens, labelsSource } from './column-specs';
import { FeatureSet } from './feature-set';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from './movielens-specs';

describe('feature specs inferred from columns', () => {
  it("gives MovieLens's features from MovieLens's columns, field for field", () => {
    expect(inferQuerySpecs({ user: 'user', timestamp: 'timestamp' })).toEqual(movieLensQuerySpecs());
    expect(inferQuerySpecs({ user: 'user' })).toEqual(movieLensQuerySpecs().filter((s) => s.source !== 'timestamp'));
  });

  it('adds coarser timestamp resolutions, one embedded feature each; neighbouring times share the coarse buckets', () => {
    const specs = inferQuerySpecs({ user: 'user', timestamp: 'timestamp' }, { timestampBins: 100, timestampResolutions: [10] });
    expect(specs.map((s) => s.name)).toEqual(['user_id', 'timestamp_bucket', 'timestamp', 'timestamp_bucket_10']);
    const set = FeatureSet.fit(specs, { user: ['a', 'b', 'c'], timestamp: [0, 50, 100] });
    const b = set.transform({ user: ['a', 'a', 'a'], timestamp: [20, 21, 80] });
    // fine buckets differ between 20 and 21 (width 1), the coarse one (width 10) is shared
    expect(b.timestamp_bucket!.values[0]).not.toBe(b.timestamp_bucket!.values[1]);
    expect(b.timestamp_bucket_10!.values[0]).toBe(b.timestamp_bucket_10!.values[1]);
    expect(b.timestamp_bucket_10!.values[2]).not.toBe(b.timestamp_bucket_10!.values[0]);
    expect(() => inferQuerySpecs({ timestamp: 't' }, { timestampBins: 100, timestampResolutions: [100] })).toThrow(/timestampResolutions: 100 must be an integer in \[2, timestampBins = 100\)/);
    const candidate = inferCandidateSpecs(
      {
        item: 'item',
        columns: [
          { name: 'title', source: 'title', kind: 'text' },
          { name: 'genres', source: 'genres', kind: 'categories', example: "Animation|Children's|Comedy" },
        ],
      },
      { maxTextTokens: 10_000, embeddingDim: 32 },
    );
    // the trainer's genre feature before features were inferred, key order included (features.json is byte-identical)
    const genres = { name: 'genres', kind: 'text', source: 'genres', maxTokens: 1000, embeddingDim: 32, pooling: 'mean', standardize: 'none', description: "the item's genre combination (e.g. Animation|Children's|Comedy) as one token, embedded" };
    expect(JSON.stringify(candidate)).toBe(JSON.stringify([...movieLensCandidateSpecs(), genres]));
  });

  it('gives each kind of column its features, names made unique', () => {
    const specs = inferCandidateSpecs({
      columns: [
        { name: 'category', source: 'genres', kind: 'categories' },
        { name: 'brand', source: 'item.brand', kind: 'category' },
        { name: 'price', source: 'item.price', kind: 'number' },
        { name: 'description', source: 'item.description', kind: 'text', maxTokens: 500 },
        { name: 'title', source: 'item.title', kind: 'category' },
      ],
    });
    expect(specs.map((s) => `${s.name}:${s.kind}:${s.source}`)).toEqual([
      'title_id:categorical:item',
      'category:text:genres',
      'brand:categorical:item.brand',
      'price_bucket:discretized:item.price',
      'price:numeric:item.price',
      'description_text:text:item.description',
      'title:categorical:item.title',
    ]);
    expect(inferCandidateSpecs({ columns: [{ name: 'title_id', source: 'x', kind: 'category' }] }).map((s) => s.name)).toEqual(['title_id', 'title_id_2']);
    expect(columnSpecs({ name: 'tags', source: 'item.tags', kind: 'categories' }, { categories: 'multi-hot' })[0]).toMatchObject({ name: 'tags', source: 'item.tags:labels', standardize: 'none' });
  });

  it('fits on columns built with the label helpers: a combination is one token, a bag one token per label', () => {
    const labels = [['Home & Garden', 'Toys'], ['Toys'], []];
    expect(combinationToken(labels[0]!)).toBe('Home_&_Garden|Toys');
    const columns = { genres: labels.map(combinationToken), [labelsSource('genres')]: labels.map(labelTokens), price: [1, 10, 100] };
    const one = FeatureSet.fit(columnSpecs({ name: 'genres', source: 'genres', kind: 'categories' }), columns);
    expect(one.describe()[0]!.summary).toBe('2 tokens learned (max 1000 ids) + padding 0 + 1 OOV; 1 tokens per row');
    const bag = FeatureSet.fit(columnSpecs({ name: 'genres', source: 'genres', kind: 'categories' }, { categories: 'multi-hot' }), columns);
    expect(bag.describe()[0]!.summary).toBe('2 tokens learned (max 1000 ids) + padding 0 + 1 OOV; 2 tokens per row');
    const price = FeatureSet.fit(columnSpecs({ name: 'price', source: 'price', kind: 'number' }, { numberBins: 3 }), columns);
    expect(Array.from(price.transform(columns).price_bucket!.values)).toEqual([0, 1, 2]);
  });
});
