import { makeRecommender, saveToDirectory, testSpec } from './test-utils';
import { Recommender } from './recommender';

describe('queries without a time (timeDropout)', () => {
  it('the time inputs get a "no time" value: one more row for the buckets, 0 for the standardised time', () => {
    const rec = makeRecommender({ ...testSpec(), timeDropout: 0.5 });
    const plain = makeRecommender();
    const size = (r: Recommender) => r.models.twoTower.query.inputs.tables.get('timestamp_bucket')!.vocabularySize;
    expect(size(rec)).toBe(size(plain) + 1);
    const batch = rec.queryBatch(['a', 'b'], [300, 200]);
    rec.blankTime(batch, [1]);
    expect(batch.timestamp_bucket![1]).toBe(size(rec) - 1);
    expect(batch.timestamp_bucket![0]).not.toBe(size(rec) - 1);
    expect(batch.timestamp![1]).toBe(0);
    expect(batch.user_id![1]).toBe(rec.queryBatch(['b'], [200]).user_id![0]);
    rec.dispose();
    plain.dispose();
  });

  it('a query without a time reads no time; with one, its time; and the same after a save and load', async () => {
    const rec = makeRecommender({ ...testSpec(), timeDropout: 0.5 });
    expect(rec.readsNoTime).toBe(true);
    const none = rec.embedQueries(['a']);
    expect(Array.from(none)).not.toEqual(Array.from(rec.embedQueries(['a'], [300])));
    const batch = rec.queryBatch(['a'], [300]);
    rec.blankTime(batch, 'all');
    expect(Array.from(none)).toEqual(Array.from(rec.models.twoTower.embedQueries(batch, 1)));
    // NaN for a query's time: that query reads no time, the others theirs
    const mixed = rec.embedQueries(['a', 'b'], [NaN, 200]);
    expect(Array.from(mixed.subarray(0, 8))).toEqual(Array.from(none));
    expect(Array.from(mixed.subarray(8))).toEqual(Array.from(rec.embedQueries(['b'], [200])));
    const back = await Recommender.load(await saveToDirectory(rec));
    expect(Array.from(back.embedQueries(['a']))).toEqual(Array.from(none));
    rec.dispose();
    back.dispose();
  });

  it('without timeDropout a query without a time is at the latest training time, and there is nothing to blank', () => {
    const rec = makeRecommender();
    expect(Array.from(rec.embedQueries(['a']))).toEqual(Array.from(rec.embedQueries(['a'], [300])));
    expect(() => rec.blankTime(rec.queryBatch(['a'], [0]), 'all')).toThrow(/no "no time" value/);
    rec.dispose();
  });
});
