import { ready } from '@twotower/runtime';
import { createEngagementModel, createRankingModel, createRankingModels, rankingFeatureInputs } from './create-ranking-model';
import { STATISTICS_INPUTS } from './ranking-inputs';
import { RatingStatistics } from './rating-statistics';
import { makeRecommender, ratedLog } from './test-utils';

describe('creating ranking models from options', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));
  const rec = () => makeRecommender();
  const names = (specs: { name: string }[]) => specs.map((s) => s.name);

  it('reads every tower feature by default, or those named, refusing an unknown name with the names there are', () => {
    const r = rec();
    const all = rankingFeatureInputs(r.queryFeatures, r.candidateFeatures);
    expect(names(all.query)).toEqual(['user_id', 'timestamp_bucket', 'timestamp']);
    expect(names(all.candidate)).toEqual(['title_id', 'title_text']);
    const some = rankingFeatureInputs(r.queryFeatures, r.candidateFeatures, ['title_id', 'user_id']);
    expect([names(some.query), names(some.candidate)]).toEqual([['user_id'], ['title_id']]);
    expect(() => rankingFeatureInputs(r.queryFeatures, r.candidateFeatures, ['user_id', 'nope'])).toThrow(/unknown feature "nope"; the towers have user_id, timestamp_bucket, timestamp, title_id, title_text/);
    r.dispose();
  });

  it('adds the numeric inputs of the retrieval numbers and of the rating statistics', () => {
    const r = rec();
    const sources = { queryFeatures: r.queryFeatures, candidateFeatures: r.candidateFeatures };
    const retrieval = createRankingModel({ inputs: 'retrieval', layers: [4] }, sources);
    expect([names(retrieval.query.specs), names(retrieval.candidate.specs)]).toEqual([['log_activity'], ['retrieval_score', 'log_popularity']]);
    expect(() => createRankingModel({ inputs: 'statistics' }, sources)).toThrow(/inputs 'statistics' read rating statistics, but the recommender has none: call recommender.models.setRatingStatistics/);
    const ratingStatistics = RatingStatistics.fit(ratedLog(), [0, 1, 2, 3], r.numUsers, r.numItems);
    const both = createRankingModel({ inputs: 'features+statistics', features: ['user_id', 'title_id'], layers: [4] }, { ...sources, ratingStatistics });
    expect([names(both.query.specs), names(both.candidate.specs)]).toEqual([['user_id', STATISTICS_INPUTS.query], ['title_id', STATISTICS_INPUTS.candidate]]);
    for (const m of [retrieval, both]) m.dispose();
    r.dispose();
  });

  it('refuses features with inputs that read none, a side without inputs, an empty ensemble and a regression engagement model', () => {
    const r = rec();
    const sources = { queryFeatures: r.queryFeatures, candidateFeatures: r.candidateFeatures };
    expect(() => createRankingModel({ inputs: 'retrieval', features: ['user_id'] }, sources)).toThrow(/needs inputs that read features; inputs 'retrieval' reads none/);
    expect(() => createRankingModel({ features: ['title_id'] }, sources)).toThrow(/leave no query input/);
    expect(() => createRankingModels([], sources)).toThrow(/at least one member/);
    expect(() => createRankingModels([{ layers: [4] }, { features: ['nope'] }], sources)).toThrow(/unknown feature "nope"/);
    expect(() => createEngagementModel({ head: 'regression', layers: [4] }, sources)).toThrow(/needs the binary head/);
    r.dispose();
  });
});
