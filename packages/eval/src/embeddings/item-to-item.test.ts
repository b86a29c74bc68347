import { mulberry32 } from '@twotower/utils';
import { EaseBaseline } from '../baselines/ease';
import { evaluateRetrieval } from '../protocols/evaluate-retrieval';
import { buildUserItemCsr } from '../protocols/user-item-csr';
import { cosineSimilarity, easeSimilarity } from './item-similarity';
import { evaluateItemToItem } from './item-to-item';

// cos(0,1) = 1, cos(0,2) = 0, cos(0,3) = cos(1,3) = cos(2,3) = 1/√2.
const planted = cosineSimilarity(new Float32Array([1, 0, 1, 0, 0, 1, 1, 1]), 2);
// Rows 0-1 train (user 0: item 0, user 1: item 2), rows 2-3 test (user 0: item 3, user 1: item 1).
const log = { user: new Int32Array([0, 1, 0, 1]), item: new Int32Array([0, 2, 3, 1]) };
const trainRows = new Int32Array([0, 1]);
const testRows = new Int32Array([2, 3]);

describe('evaluateItemToItem', () => {
  it('gives the hand-computed recall, nDCG and coverage on a tiny log', async () => {
    // user 0: scores 1 → 1, 3 → 0.71, 2 → 0: list [1, 3]: test item 3 at rank 2.
    // user 1: scores 3 → 0.71, 0 → 0, 1 → 0: list [3, 0]: test item 1 missed.
    const r = await evaluateItemToItem(
      planted,
      { train: { interactions: log, rows: trainRows, numUsers: 2 }, test: { interactions: log, rows: testRows } },
      { k: 2 },
    );
    expect(r.users).toBe(2);
    expect(r.recall).toBeCloseTo(0.5, 12);
    expect(r.ndcg).toBeCloseTo(1 / Math.log2(3) / 2, 12);
    expect(r.coverage).toBeCloseTo(3 / 4, 12); // items 0, 1, 3
    expect(r.neighbours).toBeNull();
  });

  it('with neighbours, lets each history item add only to its nearest items', async () => {
    // neighbours 1: item 0 → item 1 only, item 2 → item 3 only.
    // user 0: list [1, 2] (2 and 3 tie at 0, lower index first): item 3 missed; user 1: [3, 0]: missed.
    const seen = buildUserItemCsr(log.user, log.item, trainRows, 2, 4);
    const test = { user: new Int32Array([0, 1]), item: new Int32Array([3, 1]) };
    const r = await evaluateItemToItem(planted, { train: seen, test }, { k: 2, neighbours: 1 });
    expect(r.recall).toBe(0);
    expect(r.ndcg).toBe(0);
    expect(r.coverage).toBe(1);
    expect(r.neighbours).toBe(1);
  });

  it('equals the EASE baseline’s own per-user figures for easeSimilarity with neighbours unset', async () => {
    const rand = mulberry32(7);
    const numUsers = 40;
    const numItems = 15;
    const user: number[] = [];
    const item: number[] = [];
    for (let u = 0; u < numUsers; u++) {
      for (let j = 0; j < numItems; j++) {
        if (rand() < 0.2 + 0.4 * ((u % 3 === j % 3) ? 1 : 0)) {
          user.push(u);
          item.push(j);
        }
      }
    }
    const interactions = { user: Int32Array.from(user), item: Int32Array.from(item) };
    const isTest = Array.from({ length: user.length }, () => rand() < 0.25);
    const train = Int32Array.from(isTest.flatMap((t, r) => (t ? [] : [r])));
    const testR = Int32Array.from(isTest.flatMap((t, r) => (t ? [r] : [])));
    const ease = EaseBaseline.fit(interactions, train, numUsers, numItems, { lambda: 3 });
    const test = { user: testR.map((r) => user[r]!), item: testR.map((r) => item[r]!) };
    const base = await evaluateRetrieval({
      numItems,
      test,
      scoreQueries: ease.queryScorer(test.user),
      scoreUsers: ease.scoreUsers,
      seen: buildUserItemCsr(interactions.user, interactions.item, train, numUsers, numItems),
      ks: [5],
    });
    const r = await evaluateItemToItem(easeSimilarity(ease), { train: ease.userItems, test }, { k: 5 });
    expect(r.users).toBe(base.counts.users);
    expect(r.users).toBeGreaterThan(15);
    expect(r.recall).toBe(base.excludeSeen!['recall@5']);
    expect(r.ndcg).toBe(base.excludeSeen!['ndcg@5']);
    expect(r.coverage).toBe(base['coverage@5']);
    expect(r.retrieval.excludeSeen).toEqual(base.excludeSeen);
    // with neighbours = all other items the sum is the same up to rounding.
    const all = await evaluateItemToItem(easeSimilarity(ease), { train: ease.userItems, test }, { k: 5, neighbours: numItems });
    expect(all.recall).toBeCloseTo(r.recall, 6);
  });

  it('lets an item without a vector contribute nothing, never NaN', async () => {
    const v = new Float32Array([1, 0, 0, 0, 0, 1, 1, 1]); // item 1 untrained
    const train = { user: new Int32Array([0, 0]), item: new Int32Array([0, 1]) };
    const test = { user: new Int32Array([0]), item: new Int32Array([3]) };
    const seen = buildUserItemCsr(train.user, train.item, undefined, 1, 4);
    for (const neighbours of [undefined, 2]) {
      const r = await evaluateItemToItem(cosineSimilarity(v, 2), { train: seen, test }, { k: 1, neighbours });
      expect(r.recall).toBe(1); // item 3 (0.71) beats item 2 (0)
      expect(r.retrieval.counts.nanTargetScores).toBe(0);
    }
  });

  it('refuses bad options and test rows, naming the field', async () => {
    const seen = buildUserItemCsr(log.user, log.item, trainRows, 2, 4);
    await expect(evaluateItemToItem(planted, { train: seen, test: log }, { k: 0 })).rejects.toThrow(/k/);
    await expect(evaluateItemToItem(planted, { train: seen, test: log }, { neighbours: 0 })).rejects.toThrow(/neighbours/);
    await expect(
      evaluateItemToItem(planted, { train: seen, test: { interactions: log, rows: new Int32Array([9]) } }),
    ).rejects.toThrow(/test\.rows\[0\]/);
  });
});
