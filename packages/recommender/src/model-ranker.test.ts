import type { RankingModel, TowerBatch } from '@twotower/towers';
import { ModelRanker, type RankerHost } from './model-ranker';
import { combineRankingPredictions } from './ranking-ensemble';
import type { PairVectors, RankingInputs } from './ranking-inputs';

/** A fake model: its prediction for pair i is `f(item i)`, read from the `item` input. */
const model = (head: 'binary' | 'regression', f: (item: number) => number) =>
  ({ head, predict: (_q: TowerBatch, c: TowerBatch, n: number) => Float32Array.from({ length: n }, (_, i) => f(c.item![i]!)) }) as unknown as RankingModel;

/** A host that records what it is asked; its inputs carry the item indices and whether vectors were given. */
function host() {
  const calls = { embedPairs: 0, vectors: [] as (PairVectors | undefined)[], timestamps: [] as number[][] };
  const h: RankerHost = {
    rankingInputs: (_users, items, timestamps, _inputs: RankingInputs, options = {}) => {
      calls.vectors.push(options.vectors);
      calls.timestamps.push(Array.from(timestamps));
      return { query: {}, candidate: { item: Float32Array.from(items) } };
    },
    embedPairs: (users) => {
      calls.embedPairs++;
      return { query: new Float32Array(users.length), item: new Float32Array(users.length) };
    },
    defaultTimestamp: (user) => (user === 'a' ? 10 : 20),
  };
  return { h, calls };
}

describe('ModelRanker', () => {
  const users = ['a', 'b', 'a'];
  const items = [0, 1, 2];

  it('scores with the ranking models combined, the default times being the users\' own', () => {
    const { h, calls } = host();
    const p = (i: number) => 0.2 + 0.3 * i;
    const r = (i: number) => 2 + i;
    const ranker = new ModelRanker([{ model: model('binary', p), inputs: 'features' }, { model: model('regression', r), inputs: 'features' }], undefined, h, 0, { ratingSlope: 1.5 });
    expect(ranker.kind).toBe('probability');
    const expected = combineRankingPredictions([Float32Array.from(items, p)], [Float32Array.from(items, r)], 3, { ratingSlope: 1.5 });
    expect(Array.from(ranker.scorePairs(users, items))).toEqual(Array.from(expected));
    expect(calls.timestamps[0]).toEqual([10, 20, 10]);
    expect(ranker.liked?.sameAsScorePairs).toBe(true);
    expect(Array.from(ranker.liked!.score(users, items, [1, 2, 3]))).toEqual(Array.from(expected));
    // features alone: the towers never run
    expect(calls.embedPairs).toBe(0);
    expect(ranker.scorePairs([], [])).toHaveLength(0);
    expect(() => ranker.scorePairs(['a'], [1, 2])).toThrow(/1 users but 2 items/);
  });

  it('with an engagement model, multiplies by the liked score to the power likedWeight; liked stays the ranking models\'', () => {
    const { h } = host();
    const engage = (i: number) => 0.5 - 0.1 * i;
    const rating = (i: number) => 3 + i;
    const ranker = new ModelRanker([{ model: model('regression', rating), inputs: 'features' }], { model: model('binary', engage), inputs: 'features' }, h, 2);
    expect(ranker.kind).toBe('probability');
    expect(ranker.liked?.kind).toBe('rating');
    expect(ranker.liked?.sameAsScorePairs).toBe(false);
    expect(Array.from(ranker.scorePairs(users, items))).toEqual(items.map((i) => Math.fround(Math.fround(engage(i)) * Math.pow(rating(i), 2))));
    expect(Array.from(ranker.liked!.score(users, items))).toEqual(items.map(rating));
    const alone = new ModelRanker([], { model: model('binary', engage), inputs: 'retrieval' }, h);
    expect(alone.liked).toBeUndefined();
    expect(Array.from(alone.scorePairs(users, items))).toEqual(items.map((i) => Math.fround(engage(i))));
    expect(() => new ModelRanker([], undefined, h)).toThrow(/needs a ranking or an engagement model/);
  });

  it('embeds the pairs once for every model that reads the retrieval score, or uses the vectors given', () => {
    const { h, calls } = host();
    const parts = (['features', 'retrieval', 'all'] as const).map((inputs) => ({ model: model('binary', () => 0.5), inputs }));
    new ModelRanker(parts, undefined, h).scorePairs(users, items);
    expect(calls.embedPairs).toBe(1);
    expect(calls.vectors.map((v) => v !== undefined)).toEqual([false, true, true]);
    expect(calls.vectors[1]).toBe(calls.vectors[2]);
    calls.vectors.length = 0;
    const ranker = new ModelRanker(parts, { model: model('binary', () => 0.5), inputs: 'both' }, h, 1);
    ranker.scorePairs(users, items);
    expect(calls.embedPairs).toBe(2);
    expect(calls.vectors.every((v) => v === calls.vectors[0] && v !== undefined)).toBe(true);
    const given = { query: new Float32Array(3), item: new Float32Array(3) };
    calls.vectors.length = 0;
    ranker.liked!.score(users, items, undefined, given);
    expect(calls.embedPairs).toBe(2);
    expect(calls.vectors).toEqual([given, given, given]);
  });
});
