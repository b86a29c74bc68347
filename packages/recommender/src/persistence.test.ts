import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ready, tf } from '@twotower/runtime';
import { RatingStatistics } from './rating-statistics';
import { Recommender } from './recommender';
import { makeRecommender, ratedLog, saveToDirectory, testSpec } from './test-utils';

const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('saving and loading a recommender', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('loads back identical: towers, lookups, ranking model; item embeddings given are written as they are', async () => {
    const r = makeRecommender();
    const ranking = r.models.setRankingModel({ layers: [16, 8], seed: 2 });
    ranking.trainStep(r.queryBatch(['a', 'b'], [300, 200]), r.candidatesFor([0, 1]), 2, Float32Array.from([1, 0]));
    const dir = await saveToDirectory(r);
    const back = await Recommender.load(dir);
    expect(Array.from(back.embedItems())).toEqual(Array.from(r.embedItems()));
    expect(Array.from(back.embedQueries(['a', 'c']))).toEqual(Array.from(r.embedQueries(['a', 'c'])));
    expect([back.itemIndex('3'), back.userIndex('c'), Array.from(back.seenItems(0))]).toEqual([2, 2, [0, 2]]);
    expect(back.ranker?.kind).toBe('probability');
    expect(Array.from(back.ranker!.scorePairs(['a', 'b'], [3, 0]))).toEqual(Array.from(r.ranker!.scorePairs(['a', 'b'], [3, 0])));
    const given = await saveToDirectory(r, { itemEmbeddings: r.embedItems() });
    expect(readFileSync(join(given, 'candidates.f32'))).toEqual(readFileSync(join(dir, 'candidates.f32')));
    await expect(saveToDirectory(r, { itemEmbeddings: new Float32Array(3) })).rejects.toThrow(/itemEmbeddings has 3 values; expected numItems × dim = 32/);
    r.dispose();
    back.dispose();
  });

  it('writes the spec with the options of the models attached (engagement, ranking, ensemble) after its own fields', async () => {
    const r = makeRecommender({ ...testSpec(), likedWeight: 0.5 });
    r.models.setRatingStatistics(RatingStatistics.fit(ratedLog(), [0, 1, 2, 3], r.numUsers, r.numItems, { priorStrength: 3 }));
    r.models.setEngagementModel({ inputs: 'retrieval', layers: [4], seed: 5 });
    r.models.setRankingEnsemble([{ layers: [4], seed: 1, inputs: 'features+statistics' }, { layers: [4], seed: 2, head: 'regression', inputs: 'all' }], { likedThreshold: 4 });
    const dir = await saveToDirectory(r);
    const meta = json(dir, 'recommender.json');
    expect(Object.keys(meta)).toEqual(['format', 'version', 'spec', 'dim', 'ratingStatistics']);
    expect(Object.keys(meta.spec)).toEqual(['query', 'candidate', 'model', 'likedWeight', 'engagement', 'ranking', 'rankingEnsemble']);
    expect(meta.spec.rankingEnsemble).toEqual({ likedThreshold: 4 });
    expect(meta.ratingStatistics).toEqual({ likedThreshold: 4, priorStrength: 3 });
    for (const f of ['two-tower.bin', 'ranking.bin', 'ranking-1.bin', 'engagement.bin', 'rating-stats.users.f32', 'rating-stats.items.f32', 'candidates.f32', 'seen.items.i32']) expect(existsSync(join(dir, f))).toBe(true);
    const back = await Recommender.load(dir);
    expect(back.models.options()).toEqual(r.models.options());
    expect(back.spec).toEqual(r.spec);
    expect(back.models.ratingStatistics!.toJSON()).toEqual(r.models.ratingStatistics!.toJSON());
    expect(Array.from(back.models.ratingStatistics!.user)).toEqual(Array.from(r.models.ratingStatistics!.user));
    const users = ['a', 'c', 'stranger'];
    const items = [3, 0, 1];
    expect(Array.from(back.ranker!.scorePairs(users, items))).toEqual(Array.from(r.ranker!.scorePairs(users, items)));
    expect(Array.from(back.ranker!.liked!.score(users, items))).toEqual(Array.from(r.ranker!.liked!.score(users, items)));
    // one model (not an ensemble) is saved without ensemble options
    r.models.setRankingModel({ layers: [4] });
    const single = json(await saveToDirectory(r), 'recommender.json').spec;
    expect(Object.keys(single).slice(3)).toEqual(['likedWeight', 'engagement', 'ranking']);
    r.dispose();
    back.dispose();
  });

  it('refuses a directory that is not a recommender, leaving no tensors behind', async () => {
    const r = makeRecommender();
    const dir = await saveToDirectory(r);
    const tensors = tf.memory().numTensors;
    const meta = json(dir, 'recommender.json');
    writeFileSync(join(dir, 'recommender.json'), JSON.stringify({ ...meta, version: 2 }));
    await expect(Recommender.load(dir, { verify: false })).rejects.toThrow(/is not a twotower recommender of version 1 \(got twotower-recommender 2\)/);
    writeFileSync(join(dir, 'recommender.json'), JSON.stringify({ ...meta, spec: { ...meta.spec, ranking: { layers: [4] } } }));
    await expect(Recommender.load(dir, { verify: false })).rejects.toThrow(/has no file "ranking.json" in its manifest/);
    writeFileSync(join(dir, 'recommender.json'), JSON.stringify({ ...meta, spec: { ...meta.spec, ranking: [{ layers: [4] }, { features: ['nope'] }] } }));
    await expect(Recommender.load(dir, { verify: false })).rejects.toThrow(/unknown feature "nope"/);
    expect(tf.memory().numTensors).toBe(tensors);
    r.dispose();
  });
});
