import { validateFeatureSpecs } from './feature-spec';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from './movielens-specs';

describe('MovieLens specs', () => {
  it('mirror the TFRS query tower: user id, 1000 timestamp buckets, normalised timestamp', () => {
    const specs = movieLensQuerySpecs();
    expect(validateFeatureSpecs(specs)).toHaveLength(3);
    expect(specs.map((s) => [s.name, s.kind, s.source])).toEqual([
      ['user_id', 'categorical', 'user'],
      ['timestamp_bucket', 'discretized', 'timestamp'],
      ['timestamp', 'numeric', 'timestamp'],
    ]);
    expect(specs[1]).toMatchObject({ bins: 1000, method: 'equal-width', embeddingDim: 32 });
    expect(specs[2]).toMatchObject({ normalize: true });
  });

  it('mirror the TFRS candidate tower: title id, title text of at most 10,000 tokens, mean-pooled', () => {
    const specs = movieLensCandidateSpecs();
    expect(validateFeatureSpecs(specs)).toHaveLength(2);
    expect(specs[0]).toMatchObject({ name: 'title_id', kind: 'categorical', source: 'item', embeddingDim: 32 });
    expect(specs[1]).toMatchObject({ name: 'title_text', kind: 'text', source: 'title', maxTokens: 10000, embeddingDim: 32, pooling: 'mean' });
    expect(specs[1]).not.toHaveProperty('sequenceLength');
  });

  it('take options: dims, bins, sequence length and column names', () => {
    const q = movieLensQuerySpecs({ embeddingDim: 64, timestampBins: 100, columns: { user: 'userId', timestamp: 'ts' } });
    expect(q.map((s) => s.source)).toEqual(['userId', 'ts', 'ts']);
    expect(q[1]).toMatchObject({ bins: 100, embeddingDim: 64 });
    const c = movieLensCandidateSpecs({ titleSequenceLength: 12, maxTitleTokens: 500, columns: { item: 'movieId', title: 'movie_title' } });
    expect(c[1]).toMatchObject({ sequenceLength: 12, maxTokens: 500, source: 'movie_title' });
    expect(c[0]).toMatchObject({ source: 'movieId' });
  });
});
