/**
 * user-items `historyMode: 'append'` on fixture H (a history input): a known user's training items
 * and the request's history read together, the same answer as that list given in place of them.
 */
import { appendedHistory } from '@twotower/recommender';
import { modelH } from './test/fixtures';
import { serverUnderTest, type Json } from './test/server-under-test';

jest.setTimeout(60_000);

const server = serverUnderTest({ model: modelH });
const post = (payload: unknown) => server.post('/v1/recommend/user-items', payload);
const view = (body: Json) => body.items.map((h: Json) => [h.id, Math.round(h.score * 1e5) / 1e5]);

describe("user-items historyMode 'append'", () => {
  it("answers a known user as if its training items and the history were given in place of them, leaving both out", async () => {
    const rec = server.model.recommender;
    for (const u of [0, 3]) {
      const seen = new Set(rec.seenItems(u));
      const fresh = [...Array(rec.numItems).keys()].filter((j) => !seen.has(j)).slice(0, 2);
      const ids = (items: number[]) => items.map((j) => rec.catalogue.ids[j]!);
      const user = rec.users.ids[u]!;
      const appended = await post({ user, history: ids(fresh), historyMode: 'append', k: 5 });
      expect(appended.status).toBe(200);
      expect(appended.body).toMatchObject({ coldStart: false, scoreKind: 'history', historyUsed: 2 });
      const list = appendedHistory(rec.seenItems(u), fresh, rec.historyLength);
      const replaced = await post({ user, history: ids(list), k: 5 });
      expect(view(appended.body)).toEqual(view(replaced.body));
      for (const id of [...ids(fresh), ...ids([...seen])]) expect(appended.body.items.map((h: Json) => h.id)).not.toContain(id);
      // and it differs from the history read alone (the default, 'replace')
      const alone = await post({ user, history: ids(fresh), k: 5 });
      expect(view(alone.body)).not.toEqual(view(appended.body));
    }
  });

  it("reads the history alone for a user the model never saw, and refuses an unknown mode naming the field", async () => {
    const rec = server.model.recommender;
    const history = rec.catalogue.ids.slice(2, 5);
    const a = await post({ user: 'someone-new', history, historyMode: 'append', k: 4 });
    const b = await post({ user: 'someone-new', history, k: 4 });
    expect(view(a.body)).toEqual(view(b.body));
    const bad = await post({ user: rec.users.ids[0], history, historyMode: 'merge', k: 4 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('historyMode');
  });
});
