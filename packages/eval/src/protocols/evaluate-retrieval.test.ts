import { averagePrecisionAtK, hitAtK, ndcgAtK, precisionAtK, recallAtK, reciprocalRank } from '../metrics/list-metrics';
import { topKIndices } from '../ranking/top-k';
import { rng } from '../test-utils';
import { evaluateRetrieval, type RetrievalEvalOptions, type ScoreBlock } from './evaluate-retrieval';
import { buildUserItemCsr } from './user-item-csr';

/** A scorer whose scores depend only on the user: `table[u]` is user u's row. */
function byUser(table: number[][], numItems: number) {
  const scoreUsers: ScoreBlock = (users, out) => {
    users.forEach((u, b) => out.set(table[u]!.slice(0, numItems), b * numItems));
  };
  const scoreQueriesFor =
    (testUser: Int32Array): ScoreBlock =>
    (rows, out) =>
      scoreUsers(rows.map((r) => testUser[r]!), out);
  return { scoreUsers, scoreQueriesFor };
}

// The hand-made case of the README: 5 items, 2 users.
//   user 0 trains on {0, 1}; tests on 2 and on 1 (also in train: kept in the ranking).
//   user 1 trains on {2};    tests on 4 and on 0.
const numItems = 5;
const scoresByUser = [
  [0.9, 0.8, 0.5, 0.5, 0.1],
  [0.2, 0.3, 0.9, 0.7, 0.6],
];
const test = { user: new Int32Array([0, 0, 1, 1]), item: new Int32Array([2, 1, 4, 0]) };
const seen = buildUserItemCsr(new Int32Array([0, 0, 1]), new Int32Array([0, 1, 2]), undefined, 2);
const model = byUser(scoresByUser, numItems);
const base: RetrievalEvalOptions = {
  numItems,
  test,
  scoreQueries: model.scoreQueriesFor(test.user),
  scoreUsers: model.scoreUsers,
  seen,
  ks: [1, 2, 3],
};

describe('evaluateRetrieval on a hand-made case', () => {
  it('factorized top-K over the whole catalogue counts strictly higher scores', async () => {
    // ranks (items strictly above the true item): 2, 1, 2, 4
    const m = await evaluateRetrieval(base);
    expect(m.wholeCatalogue).toMatchObject({ top1: 0, top2: 0.25, top3: 0.75 });
  });

  it('excludeSeen removes the training items but keeps the test item', async () => {
    // ranks after removing seen items: 0 (items 0, 1 removed), 0 (item 0 removed, item 1 kept), 1, 3
    const m = await evaluateRetrieval(base);
    expect(m.excludeSeen).toMatchObject({ top1: 0.5, top2: 0.75, top3: 0.75 });
  });

  it('per-user metrics (excludeSeen) match hand-computed values', async () => {
    // user 0 list [1, 2, 3, 4] (item 0 excluded; 2 before 3 by index), relevant {1, 2}
    // user 1 list [3, 4, 1, 0] (item 2 excluded), relevant {4, 0}
    const a = 1 / Math.log2(3);
    const m = await evaluateRetrieval(base);
    const e = m.excludeSeen!;
    expect(e['recall@1']).toBeCloseTo(0.25, 12);
    expect(e['recall@2']).toBeCloseTo(0.75, 12);
    expect(e['precision@1']).toBeCloseTo(0.5, 12);
    expect(e['precision@3']).toBeCloseTo((2 / 3 + 1 / 3) / 2, 12);
    expect(e['ndcg@1']).toBeCloseTo(0.5, 12);
    expect(e['ndcg@2']).toBeCloseTo((1 + a / (1 + a)) / 2, 12);
    expect(e['map@2']).toBeCloseTo((1 + 0.25) / 2, 12);
    expect(e['hitRate@1']).toBeCloseTo(0.5, 12);
    expect(e['hitRate@2']).toBe(1);
    expect(e.mrr).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(m.counts).toEqual({ queries: 4, users: 2, items: 5, nanTargetScores: 0 });
    expect(m.listProtocol).toBe('excludeSeen');
    // whole-catalogue block holds only top-K by default
    expect(m.wholeCatalogue['recall@1']).toBeUndefined();
  });

  it("userValues keeps each user's recall@K and nDCG@K of the list protocol, whose means are the figures", async () => {
    const a = 1 / Math.log2(3);
    const m = await evaluateRetrieval({ ...base, userValues: true });
    const v = m.userValues!;
    expect(v.protocol).toBe('excludeSeen');
    expect(Array.from(v.users)).toEqual([0, 1]);
    expect(Array.from(v.metrics['recall@1']!)).toEqual([0.5, 0]);
    expect(Array.from(v.metrics['recall@2']!)).toEqual([1, 0.5]);
    expect(v.metrics['ndcg@2']![1]).toBeCloseTo(a / (1 + a), 12);
    for (const key of ['recall@3', 'ndcg@3'] as const) expect((v.metrics[key]![0]! + v.metrics[key]![1]!) / 2).toBeCloseTo(m.excludeSeen![key]!, 12);
    expect((await evaluateRetrieval(base)).userValues).toBeUndefined();
  });

  it('coverage and popularity bias come from the excludeSeen lists', async () => {
    const m = await evaluateRetrieval({ ...base, itemPopularity: new Float32Array([3, 1, 0, 0, 2]) });
    expect(m['coverage@1']).toBeCloseTo(2 / 5, 12); // items 1 and 3
    expect(m['coverage@2']).toBeCloseTo(4 / 5, 12);
    // percentiles: [1, 0.5, 0.125, 0.125, 0.75]; top-1 items 1 and 3
    expect(m.popularityBias!['meanPercentile@1']).toBeCloseTo((0.5 + 0.125) / 2, 12);
    expect(m.popularityBias!['meanLogPopularity@1']).toBeCloseTo((Math.log(2) + Math.log(1)) / 2, 12);
    expect(m.popularityBias!.catalogueMeanPercentile).toBeCloseTo(0.5, 12);
  });

  it('per-user metrics over the whole catalogue on request', async () => {
    const m = await evaluateRetrieval({ ...base, perUser: ['wholeCatalogue', 'excludeSeen'] });
    // user 0 whole list [0, 1, 2, 3, 4]: first hit at rank 2; user 1 [2, 3, 4, 1, 0]: rank 3
    expect(m.wholeCatalogue.mrr).toBeCloseTo((1 / 2 + 1 / 3) / 2, 12);
    expect(m.excludeSeen!.mrr).toBeCloseTo(0.75, 12);
    expect(m.listProtocol).toBe('wholeCatalogue');
  });

  it('without seen: only the whole-catalogue protocol, per-user metrics there', async () => {
    const m = await evaluateRetrieval({ ...base, seen: undefined });
    expect(m.excludeSeen).toBeUndefined();
    expect(m.wholeCatalogue.top1).toBe(0);
    expect(m.wholeCatalogue.mrr).toBeCloseTo((1 / 2 + 1 / 3) / 2, 12);
  });

  it('perUser: [] skips the per-user pass', async () => {
    let userCalls = 0;
    const m = await evaluateRetrieval({ ...base, perUser: [], scoreUsers: () => void userCalls++ });
    expect(userCalls).toBe(0);
    expect(m.excludeSeen!['recall@1']).toBeUndefined();
    expect(m.counts.users).toBe(0);
  });

  it('without scoreUsers, each user is scored through its first test row', async () => {
    const seenRows: number[][] = [];
    const m = await evaluateRetrieval({
      ...base,
      scoreUsers: undefined,
      scoreQueries: (rows, out) => {
        seenRows.push(Array.from(rows));
        return model.scoreQueriesFor(test.user)(rows, out);
      },
    });
    expect(seenRows[seenRows.length - 1]).toEqual([0, 2]);
    expect(m.excludeSeen!.mrr).toBeCloseTo(0.75, 12);
  });

  it('an unwritten row counts as a miss and is reported', async () => {
    const m = await evaluateRetrieval({ ...base, scoreQueries: () => undefined, perUser: [] });
    expect(m.wholeCatalogue.top3).toBe(0);
    expect(m.counts.nanTargetScores).toBe(4);
  });

  it('reports progress up to the total', async () => {
    const calls: Array<[number, number]> = [];
    await evaluateRetrieval({ ...base, blockSize: 3, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([
      [3, 6],
      [4, 6],
      [6, 6],
    ]);
  });

  it('k larger than the catalogue', async () => {
    const m = await evaluateRetrieval({ ...base, ks: [100] });
    expect(m.wholeCatalogue.top100).toBe(1);
    expect(m.excludeSeen!['recall@100']).toBe(1);
    expect(m.excludeSeen!['precision@100']).toBeCloseTo((2 / 4 + 2 / 4) / 2, 12);
    expect(m['coverage@100']).toBe(1);
  });

  it('rejects bad input with the field at fault', async () => {
    await expect(evaluateRetrieval({ ...base, ks: [0] })).rejects.toThrow(/ks: contains 0/);
    await expect(evaluateRetrieval({ ...base, test: { user: test.user, item: new Int32Array([0, 1, 2, 5]) } })).rejects.toThrow(
      /test\.item\[3\].*outside the catalogue/,
    );
    await expect(evaluateRetrieval({ ...base, test: { user: new Int32Array([0, 0, 2, 1]), item: test.item } })).rejects.toThrow(
      /test\.user\[2\]/,
    );
    await expect(evaluateRetrieval({ ...base, seen: undefined, perUser: ['excludeSeen'] })).rejects.toThrow(/perUser/);
    await expect(evaluateRetrieval({ ...base, itemPopularity: new Float32Array(2) })).rejects.toThrow(/itemPopularity/);
    await expect(
      evaluateRetrieval({ ...base, seen: { offsets: new Int32Array([0, 1, 2]), items: new Int32Array([0, 9]) } }),
    ).rejects.toThrow(/seen\.items\[1\]/);
  });
});

describe('evaluateRetrieval on random data', () => {
  const r = rng(11);
  const nUsers = 23;
  const nItems = 37;
  const nRows = 260;
  // Scores rounded to one decimal: many ties.
  const table = Array.from({ length: nUsers }, () => Array.from({ length: nItems }, () => Math.round(r() * 10) / 10));
  const trainUser = Int32Array.from({ length: 400 }, () => Math.floor(r() * nUsers));
  const trainItem = Int32Array.from({ length: 400 }, () => Math.floor(r() * nItems));
  const testUser = Int32Array.from({ length: nRows }, () => Math.floor(r() * (nUsers - 2)));
  const testItem = Int32Array.from({ length: nRows }, () => Math.floor(r() * nItems));
  const seenR = buildUserItemCsr(trainUser, trainItem, undefined, nUsers);
  const m = byUser(table, nItems);
  const opts: RetrievalEvalOptions = {
    numItems: nItems,
    test: { user: testUser, item: testItem },
    scoreQueries: m.scoreQueriesFor(testUser),
    scoreUsers: m.scoreUsers,
    seen: seenR,
    itemPopularity: Float32Array.from({ length: nItems }, () => Math.floor(r() * 9)),
    ks: [1, 3, 10, 50],
    perUser: ['excludeSeen', 'wholeCatalogue'],
  };

  it('gives the same result for any block size', async () => {
    const a = await evaluateRetrieval({ ...opts, blockSize: 1 });
    const b = await evaluateRetrieval({ ...opts, blockSize: 7 });
    const c = await evaluateRetrieval({ ...opts, blockSize: 1000 });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('top-K matches a brute-force rank count', async () => {
    const res = await evaluateRetrieval(opts);
    for (const k of [1, 3, 10]) {
      let whole = 0;
      let excl = 0;
      for (let i = 0; i < nRows; i++) {
        const row = table[testUser[i]!]!;
        const t = testItem[i]!;
        const seenItems = new Set(Array.from(seenR.items.subarray(seenR.offsets[testUser[i]!]!, seenR.offsets[testUser[i]! + 1]!)));
        let hw = 0;
        let he = 0;
        row.forEach((s, j) => {
          if (s > row[t]!) {
            hw++;
            if (!seenItems.has(j) || j === t) he++;
          }
        });
        if (hw < k) whole++;
        if (he < k) excl++;
      }
      expect(res.wholeCatalogue[`top${k}`]).toBeCloseTo(whole / nRows, 12);
      expect(res.excludeSeen![`top${k}`]).toBeCloseTo(excl / nRows, 12);
    }
  });

  it('per-user metrics equal the average of the list-metric functions on full sorts', async () => {
    const res = await evaluateRetrieval(opts);
    const users = [...new Set(Array.from(testUser))].sort((x, y) => x - y);
    for (const protocol of ['excludeSeen', 'wholeCatalogue'] as const) {
      const sums: Record<string, number> = {};
      const add = (key: string, v: number): void => {
        sums[key] = (sums[key] ?? 0) + v;
      };
      for (const u of users) {
        const relevant = [...new Set(Array.from(testItem).filter((_, i) => testUser[i] === u))];
        const seenItems = Array.from(seenR.items.subarray(seenR.offsets[u]!, seenR.offsets[u + 1]!));
        const exclude = protocol === 'excludeSeen' ? seenItems.filter((j) => !relevant.includes(j)) : [];
        const full = topKIndices(table[u]!, nItems, { exclude });
        for (const k of [1, 3, 10, 50]) {
          add(`recall@${k}`, recallAtK(full, relevant, k));
          add(`precision@${k}`, precisionAtK(full, relevant, k));
          add(`ndcg@${k}`, ndcgAtK(full, relevant, k));
          add(`map@${k}`, averagePrecisionAtK(full, relevant, k));
          add(`hitRate@${k}`, hitAtK(full, relevant, k));
        }
        add('mrr', reciprocalRank(full, relevant));
      }
      const block = res[protocol]!;
      for (const [key, v] of Object.entries(sums)) {
        expect([key, block[key as 'mrr']]).toEqual([key, expect.closeTo(v / users.length, 10)]);
      }
    }
  });

  it('items excluded by excludeSeen are never recommended', async () => {
    // Give every user's training items (not in the user's test set) the top scores: they must not matter.
    const boosted = table.map((row, u) => {
      const s = row.slice();
      const rel = new Set(Array.from(testItem).filter((_, i) => testUser[i] === u));
      for (let p = seenR.offsets[u]!; p < seenR.offsets[u + 1]!; p++) {
        const j = seenR.items[p]!;
        if (!rel.has(j)) s[j] = 100;
      }
      return s;
    });
    const mb = byUser(boosted, nItems);
    const a = await evaluateRetrieval({ ...opts, perUser: ['excludeSeen'] });
    const b = await evaluateRetrieval({ ...opts, perUser: ['excludeSeen'], scoreQueries: mb.scoreQueriesFor(testUser), scoreUsers: mb.scoreUsers });
    expect(b.excludeSeen).toEqual(a.excludeSeen);
    expect(b['coverage@10']).toEqual(a['coverage@10']);
  });
});
