import { makeRecommender, testSpec } from './test-utils';

describe('blankUser', () => {
  it("sets the rows' user inputs to an unknown user's, leaving time, history and other rows alone", () => {
    const rec = makeRecommender({ ...testSpec(), history: { length: 3, dim: 4 } });
    const batch = rec.queryBatch(['a', 'b'], [300, 200]);
    const before = { time: Array.from(batch.timestamp_bucket!), history: Array.from(batch.history!), a: batch.user_id![0] };
    rec.blankUser(batch, [1]);
    expect(batch.user_id![1]).toBe(rec.queryBatch(['stranger'], [0]).user_id![0]);
    expect(batch.user_id![0]).toBe(before.a);
    expect(Array.from(batch.timestamp_bucket!)).toEqual(before.time);
    expect(Array.from(batch.history!)).toEqual(before.history);
    // an unknown user with b's history embeds as b's blanked row does
    const row = rec.models.twoTower.embedQueries(rec.queryBatch(['stranger'], [200], [[1]]), 1);
    const blanked = rec.models.twoTower.embedQueries({ user_id: batch.user_id!.slice(1, 2), timestamp_bucket: batch.timestamp_bucket!.slice(1, 2), timestamp: batch.timestamp!.slice(1, 2), history: batch.history!.slice(3, 6) }, 1);
    expect(Array.from(blanked)).toEqual(Array.from(row));
    rec.dispose();
  });

  it("blankItemId sets candidate rows' id to an unknown item's, leaving title and genres", () => {
    const rec = makeRecommender();
    const c = rec.candidatesFor([0, 1]);
    const title = Array.from(c.title_text!);
    rec.blankItemId(c, [0]);
    const unknown = rec.candidateFeatures.transform({ item: ['never-seen'], title: ['x'], genres: [''] }).title_id!.values[0];
    expect(c.title_id![0]).toBe(unknown);
    expect(c.title_id![1]).toBe(rec.candidatesFor([1]).title_id![0]);
    expect(Array.from(c.title_text!)).toEqual(title);
    rec.dispose();
  });
});
