import { ready, tf } from '@twotower/runtime';
import type { Ranker } from './model-ranker';
import { combineRankingPredictions } from './ranking-ensemble';
import { RatingStatistics } from './rating-statistics';
import { makeRecommender, ratedLog, testSpec } from './test-utils';

describe('ModelSet', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('has the towers alone at first: no ranker, no ranking models, no options', () => {
    const r = makeRecommender();
    expect(r.models.ranking).toHaveLength(0);
    expect(r.models.engagement).toBeUndefined();
    expect(r.models.ratingStatistics).toBeUndefined();
    expect(r.ranker).toBeUndefined();
    expect(r.models.options()).toEqual({});
    r.dispose();
  });

  it('combines an ensemble of ranking models, adds an engagement model, and one model replaces the ensemble', () => {
    const r = makeRecommender();
    expect(() => r.models.setRankingEnsemble([])).toThrow('setRankingEnsemble: give at least one member');
    const members = r.models.setRankingEnsemble(
      [
        { layers: [8], seed: 1, features: ['user_id', 'title_id'] },
        { layers: [8], seed: 2, features: ['user_id', 'title_id'] },
        { layers: [8], seed: 3, head: 'regression', outputBias: 3.5, features: ['user_id', 'title_text'] },
      ],
      { ratingSlope: 1.5 },
    );
    expect(members).toHaveLength(3);
    expect(r.models.rankingOptions.map((o) => o.seed)).toEqual([1, 2, 3]);
    expect(members[0]!.query.specs.map((s) => s.name)).toEqual(['user_id']);
    expect(members[2]!.candidate.specs.map((s) => s.name)).toEqual(['title_text']);
    // a failed replacement keeps what is attached
    expect(() => r.models.setRankingModel({ features: ['title_id'] })).toThrow(/leave no query input/);
    expect(r.models.ranking).toEqual(members);
    members[2]!.trainStep(r.queryBatch(['a', 'b'], [300, 200]), r.candidatesFor([0, 1]), 2, Float32Array.from([5, 1]));
    const users = ['a', 'b', 'c'];
    const items = [3, 0, 1];
    const ts = [300, 200, 400];
    const { query, candidate } = r.rankingInputs(users, items, ts);
    const expected = combineRankingPredictions([members[0]!.predict(query, candidate, 3), members[1]!.predict(query, candidate, 3)], [members[2]!.predict(query, candidate, 3)], 3, { ratingSlope: 1.5 });
    expect(r.ranker?.kind).toBe('probability');
    expect(Array.from(r.ranker!.scorePairs(users, items, ts))).toEqual(Array.from(expected));
    expect(r.ranker!.liked?.sameAsScorePairs).toBe(true);
    // with an engagement model, scorePairs orders by engagement (likedWeight 0); liked still answers from the ensemble
    const engagement = r.models.setEngagementModel({ layers: [4], seed: 9 });
    expect(Array.from(r.ranker!.scorePairs(users, items, ts))).toEqual(Array.from(engagement.predict(query, candidate, 3)));
    expect(r.ranker!.liked?.sameAsScorePairs).toBe(false);
    expect(Array.from(r.ranker!.liked!.score(users, items, ts))).toEqual(Array.from(expected));
    expect(r.models.options()).toEqual({ engagement: { layers: [4], seed: 9 }, ranking: expect.any(Array), rankingEnsemble: { ratingSlope: 1.5 } });
    expect(() => r.models.setEngagementModel({ layers: [4], head: 'regression' })).toThrow(/needs the binary head/);
    expect(r.models.engagement).toBe(engagement);
    // one model again replaces the ensemble (the replaced models are disposed)
    const tensors = tf.memory().numTensors;
    r.models.setRankingModel({ layers: [4], head: 'regression' });
    expect(tf.memory().numTensors).toBeLessThan(tensors);
    expect(r.models.ranking).toHaveLength(1);
    expect(r.ranker?.kind).toBe('probability');
    expect(r.ranker?.liked?.kind).toBe('rating');
    expect(r.models.options()).toEqual({ engagement: { layers: [4], seed: 9 }, ranking: { layers: [4], head: 'regression' } });
    expect(r.models.rankingOptions).toEqual([{ layers: [4], head: 'regression' }]);
    r.dispose();
  });

  it('never changes the spec it was built from', () => {
    const spec = testSpec();
    const r = makeRecommender(spec);
    r.models.setRankingModel({ layers: [4] });
    r.models.setEngagementModel({ layers: [4] });
    expect(Object.keys(spec)).toEqual(['query', 'candidate', 'model']);
    expect(Object.keys(r.spec)).toEqual(['query', 'candidate', 'model']);
    expect(Object.isFrozen(r.spec)).toBe(true);
    r.dispose();
  });

  it('scores P(interaction) × P(liked)^likedWeight with both models', () => {
    const r = makeRecommender({ ...testSpec(), likedWeight: 1 });
    const ranking = r.models.setRankingModel({ layers: [4], seed: 2 });
    const engagement = r.models.setEngagementModel({ layers: [4], seed: 3, inputs: 'retrieval' });
    const users = ['a', 'c'];
    const items = [1, 2];
    const ts = [300, 400];
    const liked = ranking.predict(r.rankingInputs(users, items, ts).query, r.rankingInputs(users, items, ts).candidate, 2);
    const x = r.rankingInputs(users, items, ts, 'retrieval');
    const engaged = engagement.predict(x.query, x.candidate, 2);
    expect(Array.from(r.ranker!.scorePairs(users, items, ts))).toEqual([0, 1].map((i) => Math.fround(engaged[i]! * liked[i]!)));
    r.dispose();
  });

  it('takes rating statistics of its size only, and refuses inputs that read statistics before they are set', () => {
    const r = makeRecommender();
    expect(() => r.models.setRankingModel({ inputs: 'statistics' })).toThrow(/has none: call recommender.models.setRatingStatistics/);
    expect(() => r.rankingInputs(['a'], [0], [300], 'statistics')).toThrow(/has none/);
    expect(() => r.models.setRatingStatistics(RatingStatistics.fit(ratedLog(), [0, 1, 2, 3], 5, r.numItems))).toThrow(/cover 5 users and 4 items but the recommender has 3 and 4/);
    r.models.setRatingStatistics(RatingStatistics.fit(ratedLog(), [0, 1, 2, 3], r.numUsers, r.numItems));
    expect(r.models.setRankingModel({ inputs: 'statistics', layers: [4] }).query.specs.map((s) => s.name)).toEqual(['user_rating_stats']);
    r.dispose();
  });

  it('resets the towers to fresh ones of the same configuration, keeping the ranking models', () => {
    const r = makeRecommender();
    const ranking = r.models.setRankingModel({ layers: [4] });
    const first = r.models.twoTower;
    const before = r.embedItems();
    first.trainStep(r.queryBatch(['a'], [300]), 1, r.candidatesFor([0, 1]), 2);
    expect(Array.from(r.embedItems())).not.toEqual(Array.from(before));
    const tensors = tf.memory().numTensors;
    const fresh = r.models.resetTwoTower();
    expect(fresh).not.toBe(first);
    expect(r.models.twoTower).toBe(fresh);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(tensors);
    // the same seed: the same initial weights
    expect(Array.from(r.embedItems())).toEqual(Array.from(before));
    expect(r.models.ranking).toEqual([ranking]);
    r.dispose();
  });

  it('serves with a ranker given in place of its own until models are attached', () => {
    const r = makeRecommender();
    const fake: Ranker = { kind: 'rating', scorePairs: (_u, items) => Float32Array.from(items, (i) => i) };
    r.models.setRanker(fake);
    expect(r.ranker).toBe(fake);
    r.models.setRanker(undefined);
    expect(r.ranker).toBeUndefined();
    r.models.setRanker(fake);
    r.models.setRankingModel({ layers: [4] });
    expect(r.ranker).not.toBe(fake);
    r.dispose();
  });
});
