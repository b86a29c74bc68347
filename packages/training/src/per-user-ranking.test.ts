import { perUserRanking } from './per-user-ranking';

const fixed = (scores: number[]) => (_: number, out: Float32Array) => out.set(scores);

describe('perUserRanking', () => {
  it('recall, nDCG and hit rate at K of a hand-made ranking', () => {
    const lists: number[][] = [];
    const r = perUserRanking({ numCandidates: 5, relevant: [[1, 3]], score: fixed([5, 4, 3, 2, 1]) }, { k: 2, onList: (_, top) => lists.push([...top]) });
    expect(lists).toEqual([[0, 1]]);
    expect(r.users).toBe(1);
    expect(r.recall).toBeCloseTo(0.5);
    expect(r.hitRate).toBe(1);
    expect(r.ndcg).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)));
  });

  it('leaves the excluded candidates out of the list; a relevant one that is excluded cannot count', () => {
    const lists: number[][] = [];
    const r = perUserRanking(
      { numCandidates: 5, relevant: [[0, 2], [1]], exclude: [[0, 1], [1]], score: fixed([5, 4, 3, 2, 1]) },
      { k: 2, onList: (_, top) => lists.push([...top]) },
    );
    // user 0: list [2, 3], relevant {2} (0 is excluded); user 1: its only relevant item is excluded: skipped
    expect(lists).toEqual([[2, 3]]);
    expect(r.users).toBe(1);
    expect(r.recall).toBe(1);
    expect(r.ndcg).toBe(1);
  });

  it('breaks ties at random per user (seeded), NaN last', () => {
    const run = (seed: number) => {
      const lists: number[][] = [];
      perUserRanking({ numCandidates: 20, relevant: Array.from({ length: 30 }, () => [0]), score: (_, out) => out.fill(1) }, { k: 5, seed, onList: (_, top) => lists.push([...top]) });
      return lists;
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
    expect(new Set(a.map((l) => l.join(','))).size).toBeGreaterThan(25); // not one order for everyone
    expect(new Set(a.map((l) => l[0])).size).toBeGreaterThan(5); // not the lowest index first
    const lists: number[][] = [];
    perUserRanking({ numCandidates: 4, relevant: [[0]], score: fixed([NaN, 1, NaN, 2]) }, { k: 3, onList: (_, top) => lists.push([...top]) });
    expect(lists[0]!.slice(0, 2)).toEqual([3, 1]);
  });

  it('reports standard errors of the means', () => {
    const r = perUserRanking({ numCandidates: 3, relevant: [[0], [2]], score: fixed([3, 2, 1]) }, { k: 1 });
    expect(r.recall).toBe(0.5);
    expect(r.se.recall).toBeCloseTo(0.5); // sd of [1, 0] is 0.707, / √2
  });
});
