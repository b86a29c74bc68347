import { idealDcg } from '@twotower/eval';
import { meanAndSe, type RankingFigures } from './per-user-ranking';

/** One user's ranking problem: how many candidates it ranks, how many of them are relevant. */
export interface RankingProblem {
  candidates: number;
  relevant: number;
}

/**
 * Expected recall@K, nDCG@K and hit@K of a uniformly random order of `n` candidates of which
 * `r` are relevant (exact, not sampled). With m = min(K, n) positions shown:
 * - recall: each relevant candidate is shown with probability m/n, so E[recall] = m/n;
 * - nDCG: each position holds a relevant candidate with probability r/n, so
 *   E[DCG] = (r/n)·Σ_{p=1..m} 1/log2(p+1), divided by the ideal DCG of min(K, r) hits (the
 *   ideal is fixed, so this is E[nDCG]);
 * - hit: 1 − P(no relevant among the m shown) = 1 − Π_{i=0..m−1} (n−r−i)/(n−i).
 */
export function randomOrderExpectation(n: number, r: number, k: number): { recall: number; ndcg: number; hitRate: number } {
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(r) && r >= 1 && r <= n && Number.isInteger(k) && k >= 1)) {
    throw new Error(`randomOrderExpectation: needs integers n >= r >= 1 and k >= 1, got n ${n}, r ${r}, k ${k}`);
  }
  const m = Math.min(k, n);
  let dcg = 0;
  for (let p = 1; p <= m; p++) dcg += 1 / Math.log2(p + 1);
  let miss = 1;
  for (let i = 0; i < m; i++) miss *= Math.max(0, n - r - i) / (n - i);
  return { recall: m / n, ndcg: ((r / n) * dcg) / idealDcg(Math.min(k, r)), hitRate: 1 - miss };
}

/**
 * The chance level of a per-user evaluation: the mean over users of what a random order is
 * expected to score ({@link randomOrderExpectation}), in {@link perUserRanking}'s shape. Users
 * without a relevant candidate are skipped. `se` is the spread of the users' expectations over
 * √users (not a sampling error: the figures are exact expectations).
 */
export function chanceLevel(problems: readonly RankingProblem[], k = 10): RankingFigures {
  const recall: number[] = [];
  const ndcg: number[] = [];
  const hit: number[] = [];
  for (const p of problems) {
    if (p.relevant < 1) continue;
    const e = randomOrderExpectation(p.candidates, p.relevant, k);
    recall.push(e.recall);
    ndcg.push(e.ndcg);
    hit.push(e.hitRate);
  }
  const r = meanAndSe(recall);
  const g = meanAndSe(ndcg);
  const h = meanAndSe(hit);
  return { users: recall.length, recall: r.mean, ndcg: g.mean, hitRate: h.mean, se: { recall: r.se, ndcg: g.se, hitRate: h.se } };
}
