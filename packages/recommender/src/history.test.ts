import { historyIds, historyInput, historyLists } from './history';
import { makeRecommender, saveToDirectory, testSpec } from './test-utils';
import { Recommender } from './recommender';

const csr = { offsets: Int32Array.from([0, 3, 3, 8]), items: Int32Array.from([0, 2, 5, 1, 2, 3, 4, 6]) };

describe('historyIds', () => {
  it('writes item index + 1 per slot and pads with 0; an unknown user (-1) has an empty history', () => {
    const users = [0, 1, -1];
    const ids = historyIds(historyLists(csr, (i) => users[i]!), 3, 4, 7);
    expect(Array.from(ids)).toEqual([1, 3, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('leaves out each query\'s own target, and only that item', () => {
    const ids = historyIds(historyLists(csr, () => 0), 2, 4, 7, { exclude: [2, -1] });
    expect(Array.from(ids)).toEqual([1, 6, 0, 0, 1, 3, 6, 0]);
  });

  it('takes an evenly spaced subset of a longer history without rand, a random one with it (never the target)', () => {
    const even = historyIds(historyLists(csr, () => 2), 1, 2, 7);
    expect(Array.from(even)).toEqual([2, 4]);
    let state = 3;
    const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const seen = new Set<number>();
    for (let k = 0; k < 200; k++) {
      const ids = Array.from(historyIds(historyLists(csr, () => 2), 1, 3, 7, { exclude: [4], rand }));
      expect(new Set(ids).size).toBe(3);
      expect(ids).not.toContain(5);
      for (const id of ids) seen.add(id);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 7]);
  });

  it('cuts each query to at most cut[i] items (a random subset with rand, evenly spaced without)', () => {
    expect(Array.from(historyIds(historyLists(csr, () => 2), 2, 4, 7, { cut: [2, 0] }))).toEqual([2, 4, 0, 0, 2, 3, 4, 5]);
    let state = 5;
    const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const ids = Array.from(historyIds(historyLists(csr, () => 2), 1, 4, 7, { cut: [1], rand }));
    expect(ids.filter((x) => x > 0)).toHaveLength(1);
    expect([2, 3, 4, 5, 7]).toContain(ids[0]);
  });

  it('reads one list per query, and names a query whose item is outside the catalogue', () => {
    expect(Array.from(historyIds(historyLists([[4], []], () => -1), 2, 2, 7))).toEqual([5, 0, 0, 0]);
    expect(() => historyIds(historyLists([[1], [9]], () => -1), 2, 2, 7)).toThrow(/history of query 1: item index 9 is outside the catalogue \[0, 7\)/);
  });

  it('the input spec: a row per item plus padding, and named errors', () => {
    expect(historyInput({ length: 20, dim: 8 }, 100)).toEqual({ name: 'history', kind: 'embedding', vocabularySize: 101, dim: 8, width: 20 });
    expect(() => historyInput({ length: 0 }, 10)).toThrow(/history.length must be a positive integer, got 0/);
  });

  it('pooling: "mean" (default) leaves the input as it was; "attention" adds the pooling and heads; errors name the field', () => {
    const plain = historyInput({ length: 20, dim: 8 }, 100);
    expect(historyInput({ length: 20, dim: 8, pooling: 'mean' }, 100)).toEqual(plain);
    expect(historyInput({ length: 20, dim: 8, pooling: 'attention' }, 100)).toEqual({ ...plain, pooling: 'attention' });
    expect(historyInput({ length: 20, dim: 8, pooling: 'attention', heads: 2 }, 100)).toEqual({ ...plain, pooling: 'attention', heads: 2 });
    expect(() => historyInput({ pooling: 'gru' as 'mean' }, 10)).toThrow(/history.pooling must be "mean" or "attention", got "gru"/);
    expect(() => historyInput({ heads: 2 }, 10)).toThrow(/history.heads is an option of history.pooling "attention" \(pooling is "mean"\)/);
    expect(() => historyInput({ pooling: 'attention', heads: 1.5 }, 10)).toThrow(/history.heads must be a positive integer, got 1.5/);
    expect(() => historyInput({ pooling: 'attention', length: 1 }, 10)).toThrow(/history.pooling "attention" .* needs history.length >= 2, got 1/);
    expect(() => historyInput({ itemTable: 'shared' }, 10)).toThrow(/history.itemTable "shared": the candidate tower has no item-id embedding input/);
    expect(() => historyInput({ itemTable: 'theirs' as 'own' }, 10)).toThrow(/history.itemTable must be "own" or "shared", got "theirs"/);
    expect(historyInput({ itemTable: 'shared', dim: 7 }, 10, { name: 'item', vocabularySize: 11, dim: 5 })).toEqual({ name: 'history', kind: 'embedding', vocabularySize: 11, dim: 5, width: 50, sharedTable: 'item' });
  });
});

describe('a recommender whose query tower reads a history', () => {
  const spec = () => ({ ...testSpec(), history: { length: 3, dim: 4 } });

  it('embeds a known user from its training items, and a user it never saw from a history given with the query', () => {
    const rec = makeRecommender(spec());
    expect(rec.historyLength).toBe(3);
    // user a's training items are films 0 and 2: the same history given explicitly gives the same vector
    const known = rec.embedQueries(['a'], [300]);
    expect(Array.from(rec.embedQueries(['a'], [300], [[0, 2]]))).toEqual(Array.from(known));
    const cold = rec.embedQueries(['newcomer'], [300], [[0, 2]]);
    const empty = rec.embedQueries(['newcomer'], [300]);
    expect(Array.from(cold)).not.toEqual(Array.from(empty));
    expect(Array.from(rec.queryBatch(['a', 'b'], [0, 0]).history!)).toEqual([1, 3, 0, 2, 0, 0]);
    expect(rec.queryBatch(['a'], [0], false).history).toBeUndefined();
    rec.dispose();
  });

  it('round-trips through a model directory (spec, table and the users\' histories)', async () => {
    const rec = makeRecommender(spec());
    const back = await Recommender.load(await saveToDirectory(rec));
    expect(back.spec.history).toEqual({ length: 3, dim: 4 });
    expect(Array.from(back.embedQueries(['a', 'c', 'newcomer']))).toEqual(Array.from(rec.embedQueries(['a', 'c', 'newcomer'])));
    expect(Array.from(back.embedQueries(['x'], [300], [[3, 1]]))).toEqual(Array.from(rec.embedQueries(['x'], [300], [[3, 1]])));
    rec.dispose();
    back.dispose();
  });

  it('with attention pooling: the query path reads the learned query vectors, and they round-trip with the spec', async () => {
    const rec = makeRecommender({ ...testSpec(), history: { length: 3, dim: 4, pooling: 'attention', heads: 2 } });
    const tower = rec.models.twoTower.query;
    const mean = makeRecommender(spec());
    expect(tower.inputs.inputDim - mean.models.twoTower.query.inputs.inputDim).toBe(4); // 2 heads × 4, not 4
    mean.dispose();
    const queries = tower.inputs.tables.get('history/attention')!;
    expect([queries.vocabularySize, queries.dim]).toEqual([2, 4]);
    const atZero = rec.embedQueries(['newcomer', 'a'], [300, 300], [[0, 2], [3, 1]]);
    queries.weights.set([3, -2, 1, 0.5, -1, 2, 0, 4]);
    const given = rec.embedQueries(['newcomer', 'a'], [300, 300], [[0, 2], [3, 1]]);
    expect(Array.from(given)).not.toEqual(Array.from(atZero));
    const back = await Recommender.load(await saveToDirectory(rec));
    expect(back.spec.history).toEqual({ length: 3, dim: 4, pooling: 'attention', heads: 2 });
    expect(Array.from(back.models.twoTower.query.inputs.tables.get('history/attention')!.weights)).toEqual(Array.from(queries.weights));
    expect(Array.from(back.embedQueries(['newcomer', 'a'], [300, 300], [[0, 2], [3, 1]]))).toEqual(Array.from(given));
    expect(Array.from(back.embedQueries(['a', 'c']))).toEqual(Array.from(rec.embedQueries(['a', 'c'])));
    rec.dispose();
    back.dispose();
  });

  it('with itemTable "shared": the history reads the candidate tower\'s item-id table by its ids, and round-trips', async () => {
    const rec = makeRecommender({ ...testSpec(), history: { length: 3, dim: 99, itemTable: 'shared' } });
    const towers = rec.models.twoTower;
    const spec = towers.query.inputs.specs.find((s) => s.name === 'history')!;
    expect(spec).toMatchObject({ kind: 'embedding', sharedTable: 'title_id' });
    const table = towers.candidate.inputs.tables.get('title_id')!;
    expect(towers.query.inputs.tables.get('history')).toBe(table);
    // dim is the shared table's (the option's 99 is ignored); ids are the item-id feature's
    expect(spec.kind === 'embedding' && [spec.vocabularySize, spec.dim]).toEqual([table.vocabularySize, table.dim]);
    const itemIds = rec.candidatesFor([0, 2]).title_id!;
    expect(Array.from(rec.queryBatch(['a'], [0]).history!)).toEqual([itemIds[0]!, itemIds[1]!, 0]);
    // a history moves with the item rows it reads
    const before = rec.embedQueries(['newcomer'], [300], [[0, 2]]);
    table.weights.fill(0.25, itemIds[0]! * table.dim, (itemIds[0]! + 1) * table.dim);
    expect(Array.from(rec.embedQueries(['newcomer'], [300], [[0, 2]]))).not.toEqual(Array.from(before));
    const back = await Recommender.load(await saveToDirectory(rec));
    expect(back.spec.history).toEqual({ length: 3, dim: 99, itemTable: 'shared' });
    expect(Array.from(back.embedQueries(['newcomer', 'a'], [300, 300], [[0, 2], []]))).toEqual(Array.from(rec.embedQueries(['newcomer', 'a'], [300, 300], [[0, 2], []])));
    rec.dispose();
    back.dispose();
  });

  it('a recent history: the last items before the query\'s time, none without a time, a given list\'s last items; round-trips with the times', async () => {
    // a: film 0 at 100, film 2 at 300; b: film 1 at 200; c: film 3 at 400
    const rec = makeRecommender({ ...testSpec(), timeDropout: 0.5, history: { length: 1, dim: 4, recent: true } });
    expect(Array.from(rec.queryBatch(['a', 'a', 'a', 'b', 'x'], [250, 350, 100, 201, 999]).history!)).toEqual([1, 3, 0, 2, 0]);
    // a query without a time reads no time, and so no recent history: a user's list is the user's own
    const batch = rec.queryBatch(['a', 'c'], [350, 450]);
    rec.blankTime(batch, [1]);
    expect(Array.from(batch.history!)).toEqual([3, 0]);
    rec.blankTime(batch, 'all');
    expect(Array.from(batch.history!)).toEqual([0, 0]);
    expect(Array.from(rec.embedQueries(['a']))).toEqual(Array.from(rec.embedQueries(['a'], undefined, [[]])));
    expect(Array.from(rec.embedQueries(['a'], [350]))).not.toEqual(Array.from(rec.embedQueries(['a'])));
    // what a known user's query reads of its training items (the server's historyOf)
    expect(Array.from(rec.historyOf(0, 250))).toEqual([0]);
    expect(Array.from(rec.historyOf(0))).toEqual([2]);
    expect(Array.from(makeRecommender({ ...testSpec(), history: { length: 1, dim: 4 } }).historyOf(0, 250))).toEqual([0, 2]);
    // a query that brings its own history and no time is asked now (the user's latest time), and reads it
    expect(rec.givenHistoryTime('a')).toBe(300);
    expect(rec.givenHistoryTime('stranger')).toBe(400);
    expect(makeRecommender({ ...testSpec(), history: { length: 1, dim: 4 } }).givenHistoryTime('a')).toBeNaN();
    // a list given with the query is in time order: its last items are read
    const wide = makeRecommender({ ...testSpec(), timeDropout: 0.5, history: { length: 2, dim: 4, recent: true } });
    expect(Array.from(wide.queryBatch(['x'], [0], [[3, 1, 0]]).history!)).toEqual([2, 1]);
    const back = await Recommender.load(await saveToDirectory(rec));
    expect(Array.from(back.seen.times!)).toEqual([100, 300, 200, 400]);
    expect(Array.from(back.queryBatch(['a', 'a'], [250, 350]).history!)).toEqual([1, 3]);
    expect(Array.from(back.embedQueries(['a', 'b'], [350, 201]))).toEqual(Array.from(rec.embedQueries(['a', 'b'], [350, 201])));
    rec.dispose();
    wide.dispose();
    back.dispose();
  });

  it('a recent history without time features: read at a query\'s time, emptied without one', () => {
    const spec = testSpec();
    const rec = makeRecommender({ ...spec, query: spec.query.filter((q) => q.source !== 'timestamp'), timeDropout: 0.5, history: { length: 1, dim: 4, recent: true } });
    expect(rec.queryBatch(['a'], [250]).timestamp_bucket).toBeUndefined();
    expect(Array.from(rec.queryBatch(['a', 'a'], [250, 350]).history!)).toEqual([1, 3]);
    // the time is the recent history alone: without a time the query reads the user alone
    expect(Array.from(rec.embedQueries(['a']))).toEqual(Array.from(rec.embedQueries(['a'], undefined, [[]])));
    expect(Array.from(rec.embedQueries(['a'], [350]))).not.toEqual(Array.from(rec.embedQueries(['a'])));
    rec.dispose();
  });

  it('a recent history needs the seen items\' times', () => {
    const seen = { offsets: Int32Array.from([0, 1]), items: Int32Array.from([0]) };
    const catalogue = { ids: ['1'], titles: ['One'], genres: [[]] };
    const spec = { ...testSpec(), timeDropout: 0.5, history: { length: 2, recent: true } };
    expect(() => Recommender.create(spec, { users: ['a'], timestamps: [1] }, { catalogue, users: { ids: ['a'], lastTimestamp: Float64Array.from([1]) }, seen, popularity: Float32Array.from([1]) })).toThrow(
      /spec.history.recent: a recent history reads the time of each seen item, and these seen items have none \(seen.times\)/,
    );
  });

  it('a recommender without a history has none to build', () => {
    const rec = makeRecommender();
    expect(rec.historyLength).toBe(0);
    expect(rec.queryBatch(['a'], [0]).history).toBeUndefined();
    expect(() => rec.historyBatch(rec.seen, () => 0, 1)).toThrow(/reads no history/);
    rec.dispose();
  });
});
