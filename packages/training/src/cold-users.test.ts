import { syntheticDataset } from '@twotower/data';
import { coldTestSpec } from './test/cold-spec';
import type { Recommender } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { chanceLevel } from './chance-level';
import { coldUserSplit, evaluateColdUsers, runColdUserProtocol, type ColdUserReport } from './cold-users';
import { fitRetrieval } from './fit-retrieval';
import { createRecommender } from './recommender-from-data';
import { trainingData, type TrainingData } from './training-data';

jest.setTimeout(60_000);

// rows are drawn in random time order, so "first by time" is not "first in the log"
const dataset = syntheticDataset({ numUsers: 100, numItems: 80, numInteractions: 3000, seed: 9 });
const log = dataset.interactions;
const spec = coldTestSpec();
const rowsOf = (u: number) => Array.from({ length: log.length }, (_, r) => r).filter((r) => log.users[r] === u);

describe('coldUserSplit', () => {
  const split = coldUserSplit(dataset, { fraction: 0.1, given: 5, seed: 3 });

  it('holds out the share of the users with interactions, seeded; none of their rows is left to train on', () => {
    const active = new Set(log.users).size;
    expect(split.coldUsers.length).toBe(Math.round(0.1 * active));
    expect(Array.from(coldUserSplit(dataset, { seed: 3 }).coldUsers)).toEqual(Array.from(split.coldUsers));
    expect(Array.from(coldUserSplit(dataset, { seed: 4 }).coldUsers)).not.toEqual(Array.from(split.coldUsers));
    const cold = new Set(split.coldUsers);
    const reduced = split.dataset.interactions;
    expect(reduced.users.some((u) => cold.has(u))).toBe(false);
    const coldRows = log.users.filter((u) => cold.has(u)).length;
    expect(reduced.length).toBe(log.length - coldRows);
    // the same id tables: indices mean the same users and items
    expect(reduced.userIds).toBe(log.userIds);
    expect(reduced.itemIds).toBe(log.itemIds);
  });

  it('gives each held-out user its first N rows by time and tests on the rest', () => {
    split.coldUsers.forEach((u, i) => {
      const rows = rowsOf(u).sort((a, b) => log.timestamps[a]! - log.timestamps[b]! || a - b);
      expect(Array.from(split.givenRows[i]!)).toEqual(rows.slice(0, 5));
      expect(Array.from(split.testRows[i]!).sort((a, b) => a - b)).toEqual(rows.slice(5).sort((a, b) => a - b));
      const lastGiven = Math.max(...Array.from(split.givenRows[i]!, (r) => log.timestamps[r]!));
      for (const r of split.testRows[i]!) expect(log.timestamps[r]!).toBeGreaterThanOrEqual(lastGiven);
    });
    // the log's order is not the time order (the check above is not trivial)
    const u = split.coldUsers[0]!;
    expect(Array.from(split.givenRows[0]!)).not.toEqual(rowsOf(u).slice(0, 5));
  });
});

describe('evaluateColdUsers', () => {
  const split = coldUserSplit(dataset, { fraction: 0.1, given: 5, seed: 3 });
  const cold = new Set(split.coldUsers);
  const lists: { scorer: string; user: number; top: number[] }[] = [];
  const histories: (readonly ArrayLike<number>[])[] = [];
  let data: TrainingData;
  let rec: Recommender;
  let report: ColdUserReport;
  let coldQuery: Float32Array;
  let strangerQuery: Float32Array;

  beforeAll(async () => {
    await ready({ backend: 'cpu', log: null });
    data = trainingData(split.dataset.interactions, { validationFraction: 0.1 });
    rec = createRecommender(split.dataset, data, spec);
    await fitRetrieval(rec, data, { epochs: 2, batchSize: 256 });
    const embed = rec.embedQueries.bind(rec);
    const spy = jest.spyOn(rec, 'embedQueries').mockImplementation((users, timestamps, history) => {
      histories.push(history as readonly ArrayLike<number>[]);
      return embed(users, timestamps, history);
    });
    report = evaluateColdUsers(rec, split, data, { onList: (scorer, user, top) => lists.push({ scorer, user, top: [...top] }) });
    spy.mockRestore();
    const given = Array.from(split.givenRows[0]!, (r) => log.items[r]!);
    coldQuery = rec.embedQueries([log.userIds[split.coldUsers[0]!]!], undefined, [given]);
    strangerQuery = rec.embedQueries(['nobody-ever'], undefined, [given]);
  });

  afterAll(() => rec.dispose());

  it('never trains on a held-out user: its id reads the OOV slot, as an unknown id does', () => {
    for (const rows of [data.fitRows, data.trainRows, data.validationRows]) for (const r of rows) expect(cold.has(data.log.users[r]!)).toBe(false);
    expect(Array.from(coldQuery)).toEqual(Array.from(strangerQuery));
  });

  it('queries each held-out user with its first N items by time as the history (and once with none)', () => {
    expect(histories).toHaveLength(2);
    expect(histories[0]!.map((h) => Array.from(h))).toEqual(split.givenRows.map((rows) => Array.from(rows, (r) => log.items[r]!)));
    expect(histories[1]!.map((h) => Array.from(h))).toEqual(split.givenRows.map(() => []));
  });

  it('ranks every item but the given ones, for the model (with and without the history), popularity, EASE and the popular items re-ordered', () => {
    expect(new Set(lists.map((l) => l.scorer))).toEqual(new Set(['model', 'modelWithoutHistory', 'popularity', 'ease', 'popularityItemItem']));
    expect(lists).toHaveLength(5 * report.heldOut.evaluated);
    for (const l of lists) {
      const i = split.coldUsers.indexOf(l.user);
      const given = new Set(Array.from(split.givenRows[i]!, (r) => log.items[r]!));
      expect(l.top).toHaveLength(10);
      for (const j of l.top) expect(given.has(j)).toBe(false);
    }
    // popularity: the most popular training item but the given ones first
    const first = lists.find((l) => l.scorer === 'popularity')!;
    const given = new Set(Array.from(split.givenRows[split.coldUsers.indexOf(first.user)]!, (r) => log.items[r]!));
    const best = Math.max(...Array.from(data.popularity).filter((_, j) => !given.has(j)));
    expect(data.popularity[first.top[0]!]).toBe(best);
    // the popular items re-ordered: the top 10 are among the 100 most popular outside the given ones, by default
    expect(report.popularityItemItem).toMatchObject({ weight: 0.5, candidates: 100 });
    for (const l of lists.filter((x) => x.scorer === 'popularityItemItem')) {
      const g = new Set(Array.from(split.givenRows[split.coldUsers.indexOf(l.user)]!, (r) => log.items[r]!));
      const popular = Array.from(data.popularity.keys()).filter((j) => !g.has(j)).sort((a, b) => data.popularity[b]! - data.popularity[a]! || a - b).slice(0, 100);
      for (const j of l.top) expect(popular).toContain(j);
    }
  });

  it('reports the figures beside the exact chance level', () => {
    expect(report.heldOut.users).toBe(split.coldUsers.length);
    expect(report.heldOut.givenInteractions).toBe(5 * split.coldUsers.length);
    expect(report.training.users).toBe(new Set(Array.from(data.trainRows, (r) => data.log.users[r]!)).size);
    const itemSet = (rows: Int32Array) => new Set(Array.from(rows, (r) => log.items[r]!));
    const expected = chanceLevel(split.givenRows.map((g, i) => ({ candidates: log.itemIds.length - itemSet(g).size, relevant: itemSet(split.testRows[i]!).size })));
    expect(report.random.users).toBe(expected.users);
    for (const m of ['recall', 'ndcg', 'hitRate'] as const) expect(report.random[m]).toBeCloseTo(expected[m], 12);
    for (const f of [report.model, report.modelWithoutHistory, report.popularity, report.ease, report.popularityItemItem]) {
      expect(f.users).toBe(report.heldOut.evaluated);
      for (const v of [f.recall, f.ndcg, f.hitRate]) expect(v >= 0 && v <= 1).toBe(true);
    }
    // planted structure: EASE from 5 items beats a random order
    expect(report.ease.recall).toBeGreaterThan(report.random.recall);
  });

  it('scores a model without a history input as it answers a stranger: its model row is the OOV id alone', async () => {
    const plain = createRecommender(split.dataset, data, { ...spec, history: undefined });
    const report = evaluateColdUsers(plain, split, data);
    expect(report.model).toEqual(report.modelWithoutHistory);
    expect(report.ease.users).toBe(report.heldOut.evaluated);
    plain.dispose();
  });

  it("adds the towers' popularity lean to their answers: a swamping one makes them popularity's lists", async () => {
    const plain = createRecommender(split.dataset, data, { ...spec, history: undefined });
    plain.models.setPopularityLean(1e6);
    const tops = new Map<string, number[][]>();
    const report = evaluateColdUsers(plain, split, data, { onList: (scorer, _, top) => void tops.set(scorer, [...(tops.get(scorer) ?? []), [...top]]) });
    // equal counts may be ordered differently (the towers break popularity's ties): compare the
    // lists' popularity, not their items
    const pop = (lists: number[][]) => lists.map((l) => l.map((j) => data.popularity[j]!));
    expect(pop(tops.get('model')!)).toEqual(pop(tops.get('popularity')!));
    expect(report.model.users).toBe(report.popularity.users);
    plain.dispose();
  });
});

describe('runColdUserProtocol', () => {
  it('splits, trains on the other users only, evaluates and disposes', async () => {
    await ready({ backend: 'cpu', log: null });
    const split = coldUserSplit(dataset, { fraction: 0.2, given: 3, seed: 1 });
    let trained: Recommender | undefined;
    const report = await runColdUserProtocol(
      dataset,
      async (ds, d) => {
        expect(d.log.users.some((u) => split.coldUsers.includes(u))).toBe(false);
        trained = createRecommender(ds, d, spec);
        await fitRetrieval(trained, d, { epochs: 1, batchSize: 256 });
        return trained;
      },
      { fraction: 0.2, given: 3, seed: 1 },
    );
    expect(report.given).toBe(3);
    expect(report.heldOut.users).toBe(split.coldUsers.length);
    expect(() => trained!.embedItems()).toThrow(); // disposed
  });
});
