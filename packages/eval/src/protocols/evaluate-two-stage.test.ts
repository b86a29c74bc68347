import { rng } from '../test-utils';
import { evaluateTwoStage, type TwoStageEvalOptions } from './evaluate-two-stage';

describe('evaluateTwoStage on hand-made candidates', () => {
  const pop = new Float32Array(10);
  pop[5] = 1;
  pop[3] = 10;
  pop[7] = 5;
  // query 0: candidates [5, 3, 7, pad], true item 7; query 1: true item 4 not retrieved.
  const cand = new Int32Array([5, 3, 7, -1, 1, 2, 2, -1]);
  const scores = new Float32Array([0.1, 0.2, 0.9, 0, 0.5, 0.5, 0.5, 0]);
  const base: TwoStageEvalOptions = {
    queries: new Int32Array([100, 101]),
    target: new Int32Array([7, 4]),
    retrieve: (q, n) => cand.slice(q[0] === 100 ? 0 : n, q[0] === 100 ? q.length * n : 2 * n),
    rerank: (q, _c, n) => scores.slice(q[0] === 100 ? 0 : n, q[0] === 100 ? q.length * n : 2 * n),
    itemPopularity: pop,
    candidates: 4,
  };

  it('scores the three orders against the one true item', async () => {
    const res = await evaluateTwoStage(base);
    expect(res.candidates).toBe(4);
    expect(res.k).toBe(10);
    expect(res.queries).toBe(2);
    expect(res.candidateRecall).toBe(0.5);
    // retrieval: rank 3; reranked: rank 1; popularity (3: 10 > 7: 5 > 5: 1): rank 2
    expect(res.retrieval['ndcg@10']).toBeCloseTo(0.5 / 2, 12);
    expect(res.retrieval['recall@10']).toBeCloseTo(0.5, 12);
    expect(res.retrieval.mrr).toBeCloseTo(1 / 3 / 2, 12);
    expect(res.reranked['ndcg@10']).toBeCloseTo(1 / 2, 12);
    expect(res.reranked.mrr).toBeCloseTo(1 / 2, 12);
    expect(res.popularityOrder['ndcg@10']).toBeCloseTo(1 / Math.log2(3) / 2, 12);
    expect(res.popularityOrder.mrr).toBeCloseTo(1 / 2 / 2, 12);
    // paired nDCG differences over both queries: query 0 gains 1 − 1/2 (vs retrieval) and
    // 1 − 1/log2(3) (vs popularity); query 1 (not retrieved) differs by 0
    const d1 = 1 - 0.5;
    expect(res.rerankedGain.vsRetrieval.mean).toBeCloseTo(d1 / 2, 12);
    // sample sd of {d1, 0} is d1/√2; standard error sd/√2 = d1/2
    expect(res.rerankedGain.vsRetrieval.standardError).toBeCloseTo(d1 / 2, 12);
    const d2 = 1 - 1 / Math.log2(3);
    expect(res.rerankedGain.vsPopularity.mean).toBeCloseTo(d2 / 2, 12);
    expect(res.rerankedGain.vsPopularity.standardError).toBeCloseTo(d2 / 2, 12);
  });

  it('gives the same result block by block', async () => {
    const res = await evaluateTwoStage({ ...base, blockSize: 1 });
    expect(res).toEqual(await evaluateTwoStage(base));
  });

  it('applies the cut-off k', async () => {
    const res = await evaluateTwoStage({ ...base, k: 2 });
    expect(res.retrieval['ndcg@2']).toBe(0); // rank 3 > 2
    expect(res.retrieval.mrr).toBeCloseTo(1 / 6, 12); // MRR is not cut
    expect(res.popularityOrder['recall@2']).toBeCloseTo(0.5, 12);
  });

  it('counts duplicates once, ignores padding, keeps retrieval order on ties, sorts NaN last', async () => {
    const res = await evaluateTwoStage({
      queries: new Int32Array([0]),
      target: new Int32Array([6]),
      retrieve: () => new Int32Array([4, -1, 4, 6, 8]),
      rerank: () => new Float32Array([NaN, 0, 0.3, 0.3, 0.3]),
      itemPopularity: new Float32Array(10),
      candidates: 5,
    });
    expect(res.retrieval.mrr).toBeCloseTo(1 / 2, 12); // [4, 6, 8] after dropping the pad and the duplicate
    expect(res.reranked.mrr).toBeCloseTo(1 / 1, 12); // 4 scores NaN, so 6 (tied with 8, earlier) is first
    expect(res.popularityOrder.mrr).toBeCloseTo(1 / 2, 12); // all popularity 0: retrieval order
  });

  it('rejects wrong shapes and unknown items with the place at fault', async () => {
    await expect(evaluateTwoStage({ ...base, target: new Int32Array([1]) })).rejects.toThrow(/target: has length 1/);
    await expect(evaluateTwoStage({ ...base, retrieve: () => new Int32Array(3) })).rejects.toThrow(/retrieve: returned 3 candidates/);
    await expect(evaluateTwoStage({ ...base, rerank: () => new Float32Array(1) })).rejects.toThrow(/rerank: returned 1 scores/);
    await expect(
      evaluateTwoStage({ ...base, retrieve: (q, n) => new Int32Array(q.length * n).fill(12) }),
    ).rejects.toThrow(/retrieve\[0\]\[0\].*outside the catalogue/);
    await expect(evaluateTwoStage({ ...base, candidates: 0 })).rejects.toThrow(/candidates/);
  });
});

describe('evaluateTwoStage on synthetic data', () => {
  // Each query has a hidden affinity for every item; its true item has the highest affinity.
  // Retrieval returns N candidates in a random order (the true one with probability 0.8);
  // re-ranking by the affinity must improve nDCG.
  const r = rng(21);
  const numQueries = 400;
  const numItems = 300;
  const n = 10;
  const target = Int32Array.from({ length: numQueries }, () => Math.floor(r() * numItems));
  const candidates = new Int32Array(numQueries * n);
  for (let q = 0; q < numQueries; q++) {
    const chosen = new Set<number>();
    if (r() < 0.8) chosen.add(target[q]!);
    while (chosen.size < n) {
      const j = Math.floor(r() * numItems);
      if (j !== target[q]) chosen.add(j);
    }
    const list = [...chosen].sort(() => r() - 0.5);
    candidates.set(list, q * n);
  }
  const affinity = (q: number, item: number): number => (item === target[q] ? 1 : ((q * 31 + item * 17) % 97) / 100);
  const opts: TwoStageEvalOptions = {
    queries: Int32Array.from({ length: numQueries }, (_, i) => i),
    target,
    retrieve: async (qs, m) => {
      const out = new Int32Array(qs.length * m);
      qs.forEach((q, b) => out.set(candidates.subarray(q * n, q * n + m), b * m));
      return out;
    },
    rerank: async (qs, cand, m) => Float32Array.from(cand, (c, i) => affinity(qs[Math.floor(i / m)]!, c)),
    itemPopularity: Float32Array.from({ length: numItems }, (_, j) => j % 13),
    candidates: n,
    blockSize: 64,
  };

  it('re-ranking by the true score improves nDCG to the candidate recall', async () => {
    const res = await evaluateTwoStage(opts);
    expect(res.candidateRecall).toBeGreaterThan(0.7);
    expect(res.reranked['ndcg@10']).toBeGreaterThan(res.retrieval['ndcg@10']! + 0.1);
    expect(res.reranked['ndcg@10']).toBeCloseTo(res.candidateRecall, 12);
    // the paired gain is the difference of the means, and far beyond its noise
    const g = res.rerankedGain.vsRetrieval;
    expect(g.mean).toBeCloseTo(res.reranked['ndcg@10']! - res.retrieval['ndcg@10']!, 12);
    expect(g.mean).toBeGreaterThan(4 * g.standardError);
    expect(res.rerankedGain.vsPopularity.mean).toBeCloseTo(res.reranked['ndcg@10']! - res.popularityOrder['ndcg@10']!, 12);
    // With N = K every order has the same recall@10.
    expect(res.retrieval['recall@10']).toBeCloseTo(res.candidateRecall, 12);
    expect(res.popularityOrder['recall@10']).toBeCloseTo(res.candidateRecall, 12);
  });

  it('a noisy but informative ranker still beats retrieval order', async () => {
    const noisy = await evaluateTwoStage({
      ...opts,
      rerank: (qs, cand, m) => Float32Array.from(cand, (c, i) => affinity(qs[Math.floor(i / m)]!, c) + 0.8 * ((i * 7919) % 101) / 101),
    });
    expect(noisy.reranked['ndcg@10']).toBeGreaterThan(noisy.retrieval['ndcg@10']!);
  });
});
