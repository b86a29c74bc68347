import { hitAtK, ndcgAtK, recallAtK } from '@twotower/eval';
import { chanceLevel, randomOrderExpectation } from './chance-level';
import { perUserRanking } from './per-user-ranking';

/** Every order of 0..n-1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  return out;
}

describe('chance level', () => {
  it('is the exact mean over every order of the candidates', () => {
    for (const [n, r, k] of [
      [3, 1, 1],
      [4, 2, 2],
      [5, 2, 3],
      [6, 3, 2],
      [6, 1, 10], // K beyond the candidates
      [5, 5, 2],
    ] as const) {
      const relevant = Array.from({ length: r }, (_, i) => i);
      const all = permutations(n);
      const mean = (f: (p: number[]) => number) => all.reduce((s, p) => s + f(p), 0) / all.length;
      const e = randomOrderExpectation(n, r, k);
      expect(e.recall).toBeCloseTo(mean((p) => recallAtK(p, relevant, k)), 12);
      expect(e.ndcg).toBeCloseTo(mean((p) => ndcgAtK(p, relevant, k)), 12);
      expect(e.hitRate).toBeCloseTo(mean((p) => hitAtK(p, relevant, k)), 12);
    }
    const e = randomOrderExpectation(3, 1, 1);
    for (const v of [e.recall, e.ndcg, e.hitRate]) expect(v).toBeCloseTo(1 / 3, 12);
  });

  it('averages over users; a scorer that ties everything (random tie-break) lands on it', () => {
    const problems = [
      { candidates: 50, relevant: 3 },
      { candidates: 40, relevant: 1 },
      { candidates: 60, relevant: 0 }, // nothing to find: skipped
    ];
    const c = chanceLevel(problems, 10);
    expect(c.users).toBe(2);
    expect(c.recall).toBeCloseTo((10 / 50 + 10 / 40) / 2, 12);
    // 4,000 users of each kind (the second problem: 60 candidates, 20 excluded; the first: 10 excluded) ranked with constant scores: the random tie-break is a random order
    const users = 8000;
    const relevant = Array.from({ length: users }, (_, i) => (i % 2 === 0 ? [0, 1, 2] : [0]));
    const exclude = Array.from({ length: users }, (_, i) => (i % 2 === 0 ? Array.from({ length: 10 }, (_, t) => 50 + t) : Array.from({ length: 20 }, (_, t) => 40 + t)));
    const sampled = perUserRanking({ numCandidates: 60, relevant, exclude, score: (_, out) => out.fill(0) }, { k: 10, seed: 3 });
    // within 4 standard errors of the sample (a seeded draw: the same every run)
    for (const m of ['recall', 'ndcg', 'hitRate'] as const) expect(Math.abs(sampled[m] - c[m])).toBeLessThan(4 * sampled.se[m]);
  });

  it('refuses impossible problems', () => {
    expect(() => randomOrderExpectation(3, 4, 1)).toThrow('n >= r >= 1');
  });
});
