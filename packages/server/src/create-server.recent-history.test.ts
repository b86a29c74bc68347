/**
 * user-items on fixture R (a recent history: the last 4 training items before the query's time):
 * a known user asked at a time reads its last items before that time — the answer is the one
 * given that list as its history; a history given without a time is read at the user's latest time.
 */
import { timelineOf } from '@twotower/recommender';
import { modelR } from './test/fixtures';
import { serverUnderTest, type Json } from './test/server-under-test';

jest.setTimeout(60_000);

const server = serverUnderTest({ model: modelR });
const post = (payload: unknown) => server.post('/v1/recommend/user-items', payload);
const scores = (body: Json) => new Map<string, number>(body.items.map((h: Json) => [h.id, Math.round(h.score * 1e5) / 1e5]));

describe('user-items on a model with a recent history', () => {
  it("asked at a time, a known user reads its last training items before it: the answer given that list as the history", async () => {
    const rec = server.model.recommender;
    expect(rec.spec.history).toMatchObject({ length: 4, recent: true });
    const timeline = timelineOf(rec.seen);
    let compared = 0;
    for (const u of [0, 5, 9]) {
      const user = rec.users.ids[u]!;
      const all = timeline.before(u, Infinity);
      if (all.length < 6) continue;
      // a time between the user's 5th and 6th item: the list read is items 2..5
      const t = (timeline.times[timeline.offsets[u]! + 4]! + timeline.times[timeline.offsets[u]! + 5]!) / 2;
      const recent = Array.from(timeline.lastBefore(u, t, 4));
      expect(recent).toEqual(Array.from(all.subarray(1, 5)));
      const timed = await post({ user, timestamp: t, k: 10 });
      expect(timed.status).toBe(200);
      expect(timed.body).toMatchObject({ coldStart: false, scoreKind: 'dot' });
      const given = await post({ user, timestamp: t, history: recent.map((j) => rec.catalogue.ids[j]!), k: 10 });
      expect(given.status).toBe(200);
      // the same query vector: every item both answers hold has the same score
      const a = scores(timed.body);
      const b = scores(given.body);
      for (const [id, s] of b) if (a.has(id)) expect(a.get(id)).toBe(s);
      // another time reads other items, and answers otherwise
      const later = await post({ user, timestamp: timeline.times[timeline.offsets[u + 1]! - 1]! + 1, k: 10 });
      expect([...scores(later.body)]).not.toEqual([...a]);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('a history given without a time is what the user did last: read at the user\'s latest time, unlike the plain untimed query', async () => {
    const rec = server.model.recommender;
    const user = rec.users.ids[3]!;
    const seen = new Set(Array.from(rec.seenItems(3), (j) => rec.catalogue.ids[j]!));
    const other = rec.catalogue.ids.filter((id) => !seen.has(id)).slice(0, 3);
    const given = await post({ user, history: other, k: 10 });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ scoreKind: 'history', historyUsed: 3, timestamp: rec.defaultTimestamp(user) });
    const now = await post({ user, history: other, timestamp: rec.defaultTimestamp(user), k: 10 });
    // the same answer (this fixture has no popularity lean, which an untimed query would add)
    expect(rec.popularityLean).toBeUndefined();
    expect([...scores(given.body)]).toEqual([...scores(now.body)]);
    const plain = await post({ user, k: 10 });
    expect([...scores(plain.body)]).not.toEqual([...scores(given.body)]);
  });
});
