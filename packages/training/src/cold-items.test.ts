import { syntheticDataset, type Dataset } from '@twotower/data';
import { coldTestSpec } from './test/cold-spec';
import { ready } from '@twotower/runtime';
import { chanceLevel } from './chance-level';
import { COLD_ITEM_POPULARITY_NOTE, coldItemSplit, runColdItemProtocol, type ColdItemReport } from './cold-items';
import { fitRetrieval } from './fit-retrieval';
import type { RankingFigures } from './per-user-ranking';
import { createRecommender } from './recommender-from-data';
import type { TrainingData } from './training-data';

jest.setTimeout(60_000);

const dataset = syntheticDataset({ numUsers: 100, numItems: 150, numInteractions: 3000, seed: 7 });
const log = dataset.interactions;
const spec = coldTestSpec();
/** (user id, item id, time) of rows, as strings to compare logs whatever their indices. */
const rowKeys = (l: Dataset['interactions'], rows: Iterable<number>) => Array.from(rows, (r) => `${l.userIds[l.users[r]!]}|${l.itemIds[l.items[r]!]}|${l.timestamps[r]}`).sort();
const expectClose = (a: RankingFigures, b: RankingFigures) => {
  expect(a.users).toBe(b.users);
  for (const m of ['recall', 'ndcg', 'hitRate'] as const) expect(a[m]).toBeCloseTo(b[m], 12);
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('coldItemSplit', () => {
  const split = coldItemSplit(dataset, { fraction: 0.1, seed: 3 });
  const heldIds = new Set(Array.from(split.heldOutItems, (j) => log.itemIds[j]!));

  it('holds out the share of the items with interactions, seeded', () => {
    const active = new Set(log.items).size;
    expect(split.itemsWithInteractions).toBe(active);
    expect(split.heldOutItems.length).toBe(Math.round(0.1 * active));
    expect(Array.from(coldItemSplit(dataset, { fraction: 0.1, seed: 3 }).heldOutItems)).toEqual(Array.from(split.heldOutItems));
    expect(Array.from(coldItemSplit(dataset, { fraction: 0.1, seed: 4 }).heldOutItems)).not.toEqual(Array.from(split.heldOutItems));
    expect(() => coldItemSplit(dataset, { fraction: 1 })).toThrow('fraction must be in (0, 1)');
  });

  it('removes every interaction with a held-out item and its catalogue entry; the test is exactly those interactions', () => {
    const reduced = split.dataset.interactions;
    expect(reduced.itemIds.some((id) => heldIds.has(id))).toBe(false);
    expect(reduced.itemIds.length + split.heldOutItems.length).toBe(log.itemIds.length);
    expect(rowKeys(log, split.testRows)).toEqual(rowKeys(log, range(log.length).filter((r) => heldIds.has(log.itemIds[log.items[r]!]!))));
    // the rest of the log, re-indexed: the same (user, item, time) rows
    expect(rowKeys(reduced, range(reduced.length))).toEqual(rowKeys(log, range(log.length).filter((r) => !heldIds.has(log.itemIds[log.items[r]!]!))));
    // the catalogue follows the re-indexing; users are untouched
    split.keptItems.forEach((j, i) => {
      expect(reduced.itemIds[i]).toBe(log.itemIds[j]);
      expect(split.dataset.items!.titles[i]).toBe(dataset.items.titles[j]);
      expect(split.dataset.items!.genres[i]).toEqual(dataset.items.genres[j]);
    });
    expect(reduced.userIds).toBe(log.userIds);
  });
});

describe('runColdItemProtocol', () => {
  let seenByTraining: { dataset: Dataset; data: TrainingData; fitItems: Set<string>; trainItems: Set<string> } | undefined;
  const lists: { ranking: string; scorer: string; user: number; top: number[] }[] = [];
  let report: ColdItemReport;
  const split = coldItemSplit(dataset, { fraction: 0.1, seed: 3 });
  const heldIds = new Set(Array.from(split.heldOutItems, (j) => log.itemIds[j]!));

  beforeAll(async () => {
    await ready({ backend: 'cpu', log: null });
    report = await runColdItemProtocol(
      dataset,
      async (ds, data) => {
        const ids = (rows: Int32Array) => new Set(Array.from(rows, (r) => data.log.itemIds[data.log.items[r]!]!));
        seenByTraining = { dataset: ds, data, fitItems: ids(data.fitRows), trainItems: ids(data.trainRows) };
        const rec = createRecommender(ds, data, spec);
        await fitRetrieval(rec, data, { epochs: 2, batchSize: 256 });
        return rec;
      },
      { fraction: 0.1, seed: 3, split: { seed: 42, validationFraction: 0.1 }, onList: (ranking, scorer, user, top) => lists.push({ ranking, scorer, user, top: [...top] }) },
    );
  });

  it('trains without the held-out items: not in the rows given to fitRetrieval, not in the catalogue', () => {
    const t = seenByTraining!;
    expect(t.data.fitRows.length).toBeGreaterThan(0);
    for (const id of heldIds) {
      expect(t.fitItems.has(id)).toBe(false);
      expect(t.trainItems.has(id)).toBe(false);
      expect(t.data.log.itemIds).not.toContain(id);
    }
    expect(t.dataset.items!.titles).toHaveLength(t.data.numItems);
    expect(report.training.trainRows).toBe(t.data.trainRows.length);
  });

  it('evaluates every user with a held-out interaction, on the held-out items and on the whole catalogue', () => {
    const users = new Set(Array.from(split.testRows, (r) => log.users[r]!));
    expect(report.heldOut).toEqual({ items: split.heldOutItems.length, itemsWithInteractions: split.itemsWithInteractions, interactions: split.testRows.length, users: users.size });
    for (const ranking of [report.heldOutOnly, report.wholeCatalogue]) {
      for (const f of [ranking.model, ranking.content, ranking.random]) {
        expect(f.users).toBe(users.size);
        for (const v of [f.recall, f.ndcg, f.hitRate]) expect(v).toBeGreaterThanOrEqual(0);
        for (const v of [f.recall, f.ndcg, f.hitRate]) expect(v).toBeLessThanOrEqual(1);
      }
      expect(ranking.popularity).toBe(COLD_ITEM_POPULARITY_NOTE); // a sentence, not a number
    }
    const share = report.wholeCatalogue.heldOutShareOfTopK;
    for (const v of Object.values(share)) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('ranks only held-out items in the first ranking, never a training item of the user in the second', () => {
    const train = seenByTraining!.data;
    const heldOut = new Set(split.heldOutItems);
    const held = lists.filter((l) => l.ranking === 'heldOutOnly');
    const whole = lists.filter((l) => l.ranking === 'wholeCatalogue');
    expect(held.length).toBe(2 * report.heldOut.users);
    expect(whole.length).toBe(2 * report.heldOut.users);
    for (const l of held) for (const j of l.top) expect(heldOut.has(j)).toBe(true);
    for (const l of whole) {
      const mine = new Set(Array.from(train.seenTrain.items.subarray(train.seenTrain.offsets[l.user]!, train.seenTrain.offsets[l.user + 1]!), (i) => split.keptItems[i]!));
      expect(mine.size).toBeGreaterThan(0);
      for (const j of l.top) expect(mine.has(j)).toBe(false);
    }
  });

  it("ranks the whole catalogue with the towers' popularity lean: a swamping one leaves no held-out item (the median lean) in a top K", async () => {
    const leaned = await runColdItemProtocol(
      dataset,
      async (ds, data) => {
        const rec = createRecommender(ds, data, spec);
        await fitRetrieval(rec, data, { epochs: 2, batchSize: 256 });
        rec.models.setPopularityLean(1000);
        return rec;
      },
      { fraction: 0.1, seed: 3, split: { seed: 42, validationFraction: 0.1 } },
    );
    expect(leaned.wholeCatalogue.heldOutShareOfTopK.model).toBe(0);
    // the held-out items alone all have the same lean: that ranking is the towers' as before
    expect(leaned.heldOutOnly.model).toEqual(report.heldOutOnly.model);
  });

  it('the random order is the exact chance level of each ranking', () => {
    const byUser = new Map<number, Set<number>>();
    for (const r of split.testRows) {
      const u = log.users[r]!;
      if (!byUser.has(u)) byUser.set(u, new Set());
      byUser.get(u)!.add(log.items[r]!);
    }
    const H = split.heldOutItems.length;
    const seen = seenByTraining!.data.seenTrain;
    const expected = chanceLevel([...byUser].map(([, items]) => ({ candidates: H, relevant: items.size })));
    expect(H).toBeGreaterThan(10); // more held-out items than K: the chance level is below 1
    expect(report.heldOutOnly.random.recall).toBeLessThan(1);
    expectClose(report.heldOutOnly.random, expected);
    const whole = chanceLevel([...byUser].map(([u, items]) => ({ candidates: log.itemIds.length - (seen.offsets[u + 1]! - seen.offsets[u]!), relevant: items.size })));
    expectClose(report.wholeCatalogue.random, whole);
    // planted genres and genre words in the titles: the content baseline beats chance
    expect(report.heldOutOnly.content.recall).toBeGreaterThan(report.heldOutOnly.random.recall);
  });
});
