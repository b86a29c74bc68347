import { RANKING_INPUTS, rankingInputParts, rankingInputsFrom, STATISTICS_INPUTS, type RankingInputSources } from './ranking-inputs';

const f32 = (...v: number[]) => Float32Array.from(v);

// two pairs, dim 2
const sources = (): RankingInputSources => ({
  features: { query: { user_id: Int32Array.from([1, 2]) }, candidate: { title_id: Int32Array.from([3, 4]) } },
  vectors: { query: f32(1, 2, 0.5, -1), item: f32(3, 4, 2, 2) },
  popularity: [9, 0],
  activity: [4, 0],
  statistics: { user: f32(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), item: f32(1, 2, 3, 4, 5, 6) },
});

describe('rankingInputParts', () => {
  it('says what each value reads, and refuses an unknown one listing the values', () => {
    expect(RANKING_INPUTS.map((i) => Object.values(rankingInputParts(i)).map(Number).join(''))).toEqual(['100', '010', '110', '001', '101', '111']);
    expect(() => rankingInputParts('nope' as never)).toThrow(/must be one of features, retrieval, both, statistics, features\+statistics, all; got "nope"/);
  });
});

describe('rankingInputsFrom', () => {
  it('passes the features through without changing the given batches', () => {
    const s = sources();
    const { query, candidate } = rankingInputsFrom(2, 'features', s);
    expect(Object.keys(query)).toEqual(['user_id']);
    expect(Object.keys(candidate)).toEqual(['title_id']);
    expect(query.user_id).toBe(s.features!.query.user_id);
    const all = rankingInputsFrom(2, 'all', s);
    expect(Object.keys(s.features!.query)).toEqual(['user_id']);
    expect(Object.keys(all.query)).toEqual(['user_id', 'log_activity', STATISTICS_INPUTS.query]);
    expect(Object.keys(all.candidate)).toEqual(['title_id', 'retrieval_score', 'log_popularity', STATISTICS_INPUTS.candidate]);
  });

  it('computes the retrieval score (dot product), log popularity and log activity (log1p / 5; 0 for an unknown user)', () => {
    const { query, candidate } = rankingInputsFrom(2, 'retrieval', sources());
    expect(Object.keys(query)).toEqual(['log_activity']);
    expect(Array.from(candidate.retrieval_score!)).toEqual([11, -1]);
    expect(Array.from(candidate.log_popularity!)).toEqual([Math.fround(Math.log1p(9) / 5), 0]);
    expect(Array.from(query.log_activity!)).toEqual([Math.fround(Math.log1p(4) / 5), 0]);
  });

  it('passes the rating statistics through', () => {
    const s = sources();
    const { query, candidate } = rankingInputsFrom(2, 'statistics', s);
    expect(query[STATISTICS_INPUTS.query]).toBe(s.statistics!.user);
    expect(candidate[STATISTICS_INPUTS.candidate]).toBe(s.statistics!.item);
  });

  it('needs only what the inputs read, and names what is missing or of the wrong size', () => {
    expect(() => rankingInputsFrom(2, 'statistics', { statistics: sources().statistics })).not.toThrow();
    expect(() => rankingInputsFrom(2, 'both', { features: sources().features })).toThrow(/inputs 'both' read the pairs' embeddings \(sources.vectors\)/);
    expect(() => rankingInputsFrom(2, 'features+statistics', { features: sources().features })).toThrow(/read rating statistics/);
    expect(() => rankingInputsFrom(2, 'retrieval', { ...sources(), activity: [1] })).toThrow(/activity has 1 values; expected 2/);
    expect(() => rankingInputsFrom(2, 'retrieval', { ...sources(), vectors: { query: f32(1, 2, 3), item: f32(1, 2, 3) } })).toThrow(/3 query embedding values for 2 pairs/);
    expect(() => rankingInputsFrom(2, 'statistics', { statistics: { user: f32(1), item: f32(1) } })).toThrow(/user statistics has 1 values; expected 6/);
    expect(rankingInputsFrom(0, 'retrieval', { vectors: { query: f32(), item: f32() }, popularity: [], activity: [] }).candidate.retrieval_score).toHaveLength(0);
  });
});
