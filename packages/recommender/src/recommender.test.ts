import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '@twotower/runtime';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { writeModelDirectory } from '@twotower/artifact';
import { tf } from '@twotower/runtime';
import { Recommender, STATISTICS_INPUTS, type RecommenderSpec } from './recommender';
import { RatingStatistics } from './rating-statistics';
import { combineRankingPredictions } from './ranking-ensemble';

const spec = (): RecommenderSpec => ({
  query: movieLensQuerySpecs({ embeddingDim: 8, timestampBins: 10 }),
  candidate: movieLensCandidateSpecs({ embeddingDim: 8 }),
  model: { queryLayers: [8], candidateLayers: [8], seed: 1 },
});

function make() {
  const catalogue = {
    ids: ['1', '2', '3', '4'],
    titles: ['Toy Story (1995)', 'GoldenEye (1995)', 'Four Rooms (1995)', 'Get Shorty (1995)'],
    genres: [['Animation'], ['Action'], ['Thriller'], ['Comedy']],
  };
  return Recommender.create(spec(), { users: ['a', 'b', 'a', 'c'], timestamps: [100, 200, 300, 400] }, {
    catalogue,
    users: { ids: ['a', 'b', 'c'], lastTimestamp: Float64Array.from([300, 200, 400]) },
    seen: { offsets: Int32Array.from([0, 2, 3, 4]), items: Int32Array.from([0, 2, 1, 3]) },
    popularity: Float32Array.from([1, 1, 1, 1]),
  });
}

describe('Recommender', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('embeds by original ids, defaults the query time to the user latest, and maps unknown users to OOV', () => {
    const r = make();
    expect(r.itemIndex('3')).toBe(2);
    expect(r.itemIndex('nope')).toBe(-1);
    expect(Array.from(r.seenItems(0))).toEqual([0, 2]);
    expect(r.defaultTimestamp('a')).toBe(300);
    expect(r.defaultTimestamp('stranger')).toBe(400);
    expect(Array.from(r.embedQueries(['a']))).toEqual(Array.from(r.embedQueries(['a'], [300])));
    expect(r.embedQueries(['stranger']).length).toBe(8);
    expect(r.embedItems().length).toBe(4 * 8);
    expect(Array.from(r.embedItemIndices([2]))).toEqual(Array.from(r.embedItems().subarray(16, 24)));
    r.dispose();
  });

  it('saves into an artifact and loads back identical, ranking model included', async () => {
    const r = make();
    const ranking = r.addRankingModel({ layers: [16, 8], seed: 2 });
    ranking.trainStep(r.queryBatch(['a', 'b'], [300, 200]), r.candidatesFor([0, 1]), 2, Float32Array.from([1, 0]));
    const dir = join(mkdtempSync(join(tmpdir(), 'tt-rec-')), 'model');
    await writeModelDirectory(dir, { packages: {}, config: {}, data: { name: 't', fingerprint: 'x' } }, (w) => r.save(w));
    const back = await Recommender.load(dir);
    expect(Array.from(back.embedItems())).toEqual(Array.from(r.embedItems()));
    // item embeddings computed by the caller are written as they are, checked for their size
    const given = join(mkdtempSync(join(tmpdir(), 'tt-rec-')), 'model');
    await writeModelDirectory(given, { packages: {}, config: {}, data: { name: 't', fingerprint: 'x' } }, (w) => r.save(w, { itemEmbeddings: r.embedItems() }));
    expect(readFileSync(join(given, 'candidates.f32'))).toEqual(readFileSync(join(dir, 'candidates.f32')));
    await expect(writeModelDirectory(join(mkdtempSync(join(tmpdir(), 'tt-rec-')), 'm'), { packages: {}, config: {}, data: { name: 't', fingerprint: 'x' } }, (w) => r.save(w, { itemEmbeddings: new Float32Array(3) }))).rejects.toThrow(/itemEmbeddings has 3 values; expected numItems × dim = 32/);
    expect(Array.from(back.embedQueries(['a', 'c']))).toEqual(Array.from(r.embedQueries(['a', 'c'])));
    expect(back.ranker?.kind).toBe('probability');
    expect(Array.from(back.ranker!.scorePairs(['a', 'b'], [3, 0]))).toEqual(Array.from(r.ranker!.scorePairs(['a', 'b'], [3, 0])));
    expect(() => back.ranker!.scorePairs(['a'], [1, 2])).toThrow(/1 users but 2 items/);
    r.dispose();
    back.dispose();
  });

  it("reads rating statistics ('features+statistics'), leave-one-out on request, and saves and loads them", async () => {
    const r = make();
    expect(() => r.addRankingModel({ inputs: 'statistics' })).toThrow(/has none: set recommender.ratingStatistics/);
    // training rows: a rated items 0 (5) and 2 (3), b rated 1 (4), c rated 3 (2)
    const log = { users: Int32Array.from([0, 0, 1, 2]), items: Int32Array.from([0, 2, 1, 3]), ratings: Float32Array.from([5, 3, 4, 2]) };
    r.ratingStatistics = RatingStatistics.fit(log, [0, 1, 2, 3], r.numUsers, r.numItems);
    const ranking = r.addRankingModel({ layers: [8], seed: 3, inputs: 'features+statistics' });
    expect(ranking.query.specs.map((s) => s.name)).toContain(STATISTICS_INPUTS.query);
    expect(ranking.candidate.specs.map((s) => s.name)).toContain(STATISTICS_INPUTS.candidate);
    const full = r.rankingInputs(['a', 'b'], [0, 1], [300, 200], 'statistics');
    const loo = r.rankingInputs(['a', 'b'], [0, 1], [300, 200], 'statistics', { leaveOut: [5, NaN] });
    expect(Object.keys(full.query)).toEqual([STATISTICS_INPUTS.query]);
    const expected = r.ratingStatistics.features([0, 1], [0, 1], [5, NaN]);
    expect(Array.from(loo.query[STATISTICS_INPUTS.query]!)).toEqual(Array.from(expected.user));
    expect(Array.from(loo.candidate[STATISTICS_INPUTS.candidate]!)).toEqual(Array.from(expected.item));
    // the left-out 5 lowers user a's mean; b's row is untouched
    expect(loo.query[STATISTICS_INPUTS.query]![0]!).toBeLessThan(full.query[STATISTICS_INPUTS.query]![0]!);
    expect(loo.query[STATISTICS_INPUTS.query]![3]).toBe(full.query[STATISTICS_INPUTS.query]![3]);
    const { query, candidate } = r.rankingInputs(['a', 'b'], [0, 1], [300, 200], 'features+statistics', { leaveOut: [5, 4] });
    ranking.trainStep(query, candidate, 2, Float32Array.from([1, 1]));
    // the optimiser's state exists now: further steps and predictions leak nothing
    const tensors = tf.memory().numTensors;
    ranking.trainStep(query, candidate, 2, Float32Array.from([1, 0]));
    r.ranker!.scorePairs(['a', 'b'], [0, 1]);
    expect(tf.memory().numTensors).toBe(tensors);
    const dir = join(mkdtempSync(join(tmpdir(), 'tt-rec-')), 'model');
    await writeModelDirectory(dir, { packages: {}, config: {}, data: { name: 't', fingerprint: 'x' } }, (w) => r.save(w));
    const back = await Recommender.load(dir);
    expect(Array.from(back.ratingStatistics!.user)).toEqual(Array.from(r.ratingStatistics.user));
    expect(Array.from(back.ratingStatistics!.item)).toEqual(Array.from(r.ratingStatistics.item));
    expect(back.ratingStatistics!.toJSON()).toEqual(r.ratingStatistics.toJSON());
    expect(Array.from(back.ranker!.scorePairs(['a', 'c', 'stranger'], [3, 0, 1]))).toEqual(Array.from(r.ranker!.scorePairs(['a', 'c', 'stranger'], [3, 0, 1])));
    r.dispose();
    back.dispose();
  });

  it('combines an ensemble of ranking models, reads only the features asked for, and saves and loads it', async () => {
    const r = make();
    expect(() => r.addRankingModel({ features: ['user_id', 'nope'] })).toThrow(/unknown feature "nope"; the towers have user_id, timestamp_bucket/);
    expect(() => r.addRankingEnsemble([])).toThrow(/at least one member/);
    const members = r.addRankingEnsemble(
      [
        { layers: [8], seed: 1, features: ['user_id', 'title_id'] },
        { layers: [8], seed: 2, features: ['user_id', 'title_id'] },
        { layers: [8], seed: 3, head: 'regression', outputBias: 3.5, features: ['user_id', 'title_text'] },
      ],
      { ratingSlope: 1.5 },
    );
    expect(members).toHaveLength(3);
    expect(members[0]!.query.specs.map((s) => s.name)).toEqual(['user_id']);
    expect(members[0]!.candidate.specs.map((s) => s.name)).toEqual(['title_id']);
    expect(members[2]!.candidate.specs.map((s) => s.name)).toEqual(['title_text']);
    expect(() => r.addRankingModel({ features: ['title_id'] })).toThrow(/leave no query input/);
    expect(r.rankingModels).toHaveLength(3);
    members[2]!.trainStep(r.queryBatch(['a', 'b'], [300, 200]), r.candidatesFor([0, 1]), 2, Float32Array.from([5, 1]));
    expect(r.ranker?.kind).toBe('probability');
    const users = ['a', 'b', 'c'];
    const items = [3, 0, 1];
    const { query, candidate } = r.rankingInputs(users, items, [300, 200, 400]);
    const expected = combineRankingPredictions(
      [members[0]!.predict(query, candidate, 3), members[1]!.predict(query, candidate, 3)],
      [members[2]!.predict(query, candidate, 3)],
      3,
      { ratingSlope: 1.5 },
    );
    const scores = r.ranker!.scorePairs(users, items, [300, 200, 400]);
    expect(Array.from(scores)).toEqual(Array.from(expected));
    expect(r.ranker!.liked?.kind).toBe('probability');
    expect(r.ranker!.liked?.sameAsScorePairs).toBe(true);
    expect(Array.from(r.ranker!.liked!.score(users, items, [300, 200, 400]))).toEqual(Array.from(expected));
    // with an engagement model, scorePairs orders by engagement; liked still answers from the ensemble
    const engagement = r.addRankingModel({ layers: [4], seed: 9 }, 'engagement');
    const engaged = engagement.predict(query, candidate, 3);
    expect(Array.from(r.ranker!.scorePairs(users, items, [300, 200, 400]))).toEqual(Array.from(engaged));
    expect(r.ranker!.liked?.sameAsScorePairs).toBe(false);
    expect(Array.from(r.ranker!.liked!.score(users, items, [300, 200, 400]))).toEqual(Array.from(expected));
    expect(() => r.ranker!.liked!.score(['a'], [1, 2])).toThrow(/1 users but 2 items/);
    const dir = join(mkdtempSync(join(tmpdir(), 'tt-rec-')), 'model');
    await writeModelDirectory(dir, { packages: {}, config: {}, data: { name: 't', fingerprint: 'x' } }, (w) => r.save(w));
    expect(existsSync(join(dir, 'ranking-2.bin'))).toBe(true);
    const back = await Recommender.load(dir);
    expect(back.rankingModels).toHaveLength(3);
    expect(back.spec.rankingEnsemble).toEqual({ ratingSlope: 1.5 });
    expect(Array.from(back.ranker!.liked!.score(users, items, [300, 200, 400]))).toEqual(Array.from(scores));
    expect(Array.from(back.ranker!.scorePairs(users, items, [300, 200, 400]))).toEqual(Array.from(engaged));
    // one model again replaces the ensemble
    r.addRankingModel({ layers: [4], head: 'regression' });
    expect(r.rankingModels).toHaveLength(1);
    // (with the engagement model the ranker's score is a probability; liked is the rating)
    expect(r.ranker?.kind).toBe('probability');
    expect(r.ranker?.liked?.kind).toBe('rating');
    expect(r.spec.rankingEnsemble).toBeUndefined();
    r.dispose();
    back.dispose();
  });

  it('has no ranker until one is added, and no liked scorer with an engagement model alone', () => {
    const r = make();
    expect(r.ranker).toBeUndefined();
    r.addRankingModel({ layers: [4] }, 'engagement');
    expect(r.ranker?.kind).toBe('probability');
    expect(r.ranker?.liked).toBeUndefined();
    r.dispose();
  });
});
