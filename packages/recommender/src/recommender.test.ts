import { ready } from '@twotower/runtime';
import { rankingInputsFrom, STATISTICS_INPUTS } from './ranking-inputs';
import { RatingStatistics } from './rating-statistics';
import { Recommender } from './recommender';
import { makeRecommender, ratedLog, testSpec } from './test-utils';

describe('Recommender', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('embeds by original ids, defaults the query time to the user latest, and maps unknown users to OOV', () => {
    const r = makeRecommender();
    expect(r.itemIndex('3')).toBe(2);
    expect(r.itemIndex('nope')).toBe(-1);
    expect(Array.from(r.seenItems(0))).toEqual([0, 2]);
    expect(r.defaultTimestamp('a')).toBe(300);
    expect(r.defaultTimestamp('stranger')).toBe(400);
    expect(Array.from(r.embedQueries(['a']))).toEqual(Array.from(r.embedQueries(['a'], [300])));
    expect(r.embedQueries(['stranger']).length).toBe(8);
    expect(r.embedItems().length).toBe(4 * 8);
    expect(Array.from(r.embedItemIndices([2]))).toEqual(Array.from(r.embedItems().subarray(16, 24)));
    const pairs = r.embedPairs(['c', 'a'], [1, 2], [400, 300]);
    expect(Array.from(pairs.query)).toEqual(Array.from(r.embedQueries(['c', 'a'])));
    expect(Array.from(pairs.item)).toEqual(Array.from(r.embedItemIndices([1, 2])));
    r.dispose();
  });

  it('refuses a spec that carries ranking options: models are attached to the built recommender', () => {
    expect(() => makeRecommender({ ...testSpec(), ranking: { layers: [4] } } as never)).toThrow(/attached to a built recommender/);
  });

  it('computes ranking inputs from ids as rankingInputsFrom does from the pairs\' embeddings, popularity and activity', () => {
    const r = makeRecommender();
    const users = ['a', 'stranger', 'c'];
    const items = [1, 3, 0];
    const ts = [300, 350, 400];
    const vectors = r.embedPairs(users, items, ts);
    const expected = rankingInputsFrom(3, 'both', {
      features: { query: r.queryBatch(users, ts), candidate: r.candidatesFor(items) },
      vectors,
      popularity: [1, 1, 1],
      activity: [2, 0, 1],
    });
    const got = r.rankingInputs(users, items, ts, 'both');
    expect(Object.keys(got.query)).toEqual(Object.keys(expected.query));
    expect(Object.keys(got.candidate)).toEqual(Object.keys(expected.candidate));
    for (const k of Object.keys(expected.query)) expect(Array.from(got.query[k]!)).toEqual(Array.from(expected.query[k]!));
    for (const k of Object.keys(expected.candidate)) expect(Array.from(got.candidate[k]!)).toEqual(Array.from(expected.candidate[k]!));
    // embeddings given are used as they are
    const zero = { query: new Float32Array(24), item: new Float32Array(24) };
    expect(Array.from(r.rankingInputs(users, items, ts, 'retrieval', { vectors: zero }).candidate.retrieval_score!)).toEqual([0, 0, 0]);
    expect(() => r.rankingInputs(users, [1], ts)).toThrow(/3 users, 1 items and 3 timestamps/);
    r.dispose();
  });

  it("reads rating statistics ('features+statistics'), leaving a training row's own rating out on request", () => {
    const r = makeRecommender();
    r.models.setRatingStatistics(RatingStatistics.fit(ratedLog(), [0, 1, 2, 3], r.numUsers, r.numItems));
    const ranking = r.models.setRankingModel({ layers: [8], seed: 3, inputs: 'features+statistics' });
    expect(ranking.query.specs.map((s) => s.name)).toContain(STATISTICS_INPUTS.query);
    expect(ranking.candidate.specs.map((s) => s.name)).toContain(STATISTICS_INPUTS.candidate);
    const full = r.rankingInputs(['a', 'b'], [0, 1], [300, 200], 'statistics');
    const loo = r.rankingInputs(['a', 'b'], [0, 1], [300, 200], 'statistics', { leaveOut: [5, NaN] });
    expect(Object.keys(full.query)).toEqual([STATISTICS_INPUTS.query]);
    const expected = r.models.ratingStatistics!.features([0, 1], [0, 1], [5, NaN]);
    expect(Array.from(loo.query[STATISTICS_INPUTS.query]!)).toEqual(Array.from(expected.user));
    expect(Array.from(loo.candidate[STATISTICS_INPUTS.candidate]!)).toEqual(Array.from(expected.item));
    // the left-out 5 lowers user a's mean; b's row is untouched
    expect(loo.query[STATISTICS_INPUTS.query]![0]!).toBeLessThan(full.query[STATISTICS_INPUTS.query]![0]!);
    expect(loo.query[STATISTICS_INPUTS.query]![3]).toBe(full.query[STATISTICS_INPUTS.query]![3]);
    const { query, candidate } = r.rankingInputs(['a', 'b'], [0, 1], [300, 200], 'features+statistics', { leaveOut: [5, 4] });
    ranking.trainStep(query, candidate, 2, Float32Array.from([1, 1]));
    expect(r.ranker!.scorePairs(['a', 'stranger'], [0, 1])).toHaveLength(2);
    r.dispose();
  });

  it('creates towers from the spec, fitted on the training rows', () => {
    const r = Recommender.create(testSpec(), { users: ['x', 'y'], timestamps: [1, 2] }, {
      catalogue: { ids: ['i'], titles: ['I (2000)'], genres: [[]] },
      users: { ids: ['x', 'y'], lastTimestamp: Float64Array.from([1, 2]) },
      seen: { offsets: Int32Array.from([0, 1, 1]), items: Int32Array.from([0]) },
      popularity: Float32Array.from([1]),
    });
    expect([r.numItems, r.numUsers, r.dim]).toEqual([1, 2, 8]);
    expect(r.models.twoTower.query.inputs.specs.map((s) => s.name)).toEqual(['user_id', 'timestamp_bucket', 'timestamp']);
    r.dispose();
  });
});
