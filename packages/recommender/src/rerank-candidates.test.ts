import { ItemItemReranker } from './item-item-reranker';
import { ItemItemWeights } from './item-item-weights';
import type { Ranker } from './model-ranker';
import type { PairVectors } from './ranking-inputs';
import { rerankCandidates, type RerankHost } from './rerank-candidates';

/** One call the fake ranker received. */
interface RankerCall {
  users: string[];
  items: number[];
  timestamps: number[] | undefined;
  vectors: PairVectors | undefined;
}

/** A ranker scoring each pair by its item index × 10, recording its calls. */
function fakeRanker(calls: RankerCall[]): Ranker {
  return {
    kind: 'probability',
    scorePairs: (users, items, timestamps, vectors) => {
      calls.push({ users: Array.from(users), items: Array.from(items), timestamps: timestamps && Array.from(timestamps), vectors });
      return Float32Array.from(items, (i) => i * 10);
    },
  };
}

/** 5 items; item 4 goes with item 1, item 3 with item 0. */
const itemItem = () => {
  const dense = new Float32Array(25);
  dense[4 * 5 + 1] = 3;
  dense[3 * 5 + 0] = 2;
  return new ItemItemReranker(ItemItemWeights.fromDense(dense, 5, 2), { weight: 1.5, lambda: 500, neighbours: 2 });
};

/** Users u0 (training items 4) and u1 (3); the calls to seenItems and defaultTimestamp recorded. */
function fakeHost(parts: Pick<RerankHost, 'ranker' | 'itemItem'>) {
  const seenCalls: number[] = [];
  const timestampCalls: string[] = [];
  const seen = [Int32Array.from([4]), Int32Array.from([3])];
  const host: RerankHost = {
    ...parts,
    userIndex: (id) => ['u0', 'u1'].indexOf(id),
    seenItems: (u) => {
      seenCalls.push(u);
      return seen[u]!;
    },
    defaultTimestamp: (user) => {
      timestampCalls.push(user);
      return 1234;
    },
  };
  return { host, seenCalls, timestampCalls };
}

describe('rerankCandidates', () => {
  const candidates = Int32Array.from([0, 1, 2]);
  const retrieval = Float32Array.from([0.9, 0.5, 0.1]);

  it("uses the item-item stage when there is one (before the ranker), the user's training items as history by default", () => {
    const ii = itemItem();
    const calls: RankerCall[] = [];
    const { host, seenCalls, timestampCalls } = fakeHost({ itemItem: ii, ranker: fakeRanker(calls) });
    const { scores, by } = rerankCandidates(host, 'u0', candidates, retrieval);
    expect(by).toBe('item-item');
    expect(seenCalls).toEqual([0]);
    expect(Array.from(scores)).toEqual(Array.from(ii.rerank([4], candidates, retrieval)));
    // u0's history (item 4) lifts item 1 over item 0
    expect(scores[1]).toBeGreaterThan(scores[0]!);
    expect(Array.from(rerankCandidates(host, 'u1', candidates, retrieval).scores)).toEqual(Array.from(ii.rerank([3], candidates, retrieval)));
    expect(calls).toHaveLength(0);
    expect(timestampCalls).toHaveLength(0);
  });

  it('uses an explicit history instead of the training items, and none for an unknown user', () => {
    const ii = itemItem();
    const { host, seenCalls } = fakeHost({ itemItem: ii, ranker: undefined });
    const given = rerankCandidates(host, 'u0', candidates, retrieval, { history: [3] });
    expect(given.by).toBe('item-item');
    expect(Array.from(given.scores)).toEqual(Array.from(ii.rerank([3], candidates, retrieval)));
    expect(Array.from(rerankCandidates(host, 'stranger', candidates, retrieval, { history: [4] }).scores)).toEqual(Array.from(ii.rerank([4], candidates, retrieval)));
    expect(seenCalls).toHaveLength(0);
    // an unknown user without a history: the retrieval order, standardised
    const stranger = rerankCandidates(host, 'stranger', candidates, retrieval);
    expect(Array.from(stranger.scores)).toEqual(Array.from(ii.rerank([], candidates, retrieval)));
    expect(stranger.scores[0]).toBeGreaterThan(stranger.scores[1]!);
    expect(seenCalls).toHaveLength(0);
  });

  it('uses the ranker otherwise: the user for each candidate, at its default time unless a timestamp is given', () => {
    const calls: RankerCall[] = [];
    const { host, timestampCalls } = fakeHost({ itemItem: undefined, ranker: fakeRanker(calls) });
    const { scores, by } = rerankCandidates(host, 'u1', candidates, retrieval);
    expect(by).toBe('ranker');
    expect(Array.from(scores)).toEqual([0, 10, 20]);
    expect(timestampCalls).toEqual(['u1']);
    expect(calls).toEqual([{ users: ['u1', 'u1', 'u1'], items: [0, 1, 2], timestamps: [1234, 1234, 1234], vectors: undefined }]);
    const vectors: PairVectors = { query: new Float32Array(4), item: new Float32Array(4) };
    rerankCandidates(host, 'u0', [2, 4], [1, 0], { timestamp: 99, vectors });
    expect(calls[1]).toEqual({ users: ['u0', 'u0'], items: [2, 4], timestamps: [99, 99], vectors });
    expect(calls[1]!.vectors).toBe(vectors);
    expect(timestampCalls).toEqual(['u1']);
  });

  it('refuses when there is no second stage, or when the scores do not match the candidates', () => {
    const { host } = fakeHost({ itemItem: undefined, ranker: undefined });
    expect(() => rerankCandidates(host, 'u0', candidates, retrieval)).toThrow('rerank: this recommender has no second stage (no item-item weights, ranking or engagement model)');
    const { host: withStage } = fakeHost({ itemItem: itemItem(), ranker: undefined });
    expect(() => rerankCandidates(withStage, 'u0', candidates, [1, 2])).toThrow('rerank: 3 candidates but 2 retrieval scores; give one score per candidate');
    expect(() => rerankCandidates(host, 'u0', candidates, [1, 2, 3, 4])).toThrow('rerank: 3 candidates but 4 retrieval scores');
  });
});
