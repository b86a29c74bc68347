import { deriveSeed, mulberry32 } from '@twotower/data';
import { hitAtK, ndcgAtK, recallAtK } from '@twotower/eval';

/** What {@link perUserRanking} ranks: a candidate set, and per evaluated user the relevant and excluded candidates. */
export interface PerUserRankingInput {
  /** Candidates, `0 .. numCandidates - 1` (what they stand for is the caller's business). */
  numCandidates: number;
  /** Per evaluated user: its relevant candidates (a user without any is skipped). */
  relevant: readonly ArrayLike<number>[];
  /** Per evaluated user: candidates left out of its ranking (e.g. its training items). Default: none. */
  exclude?: readonly ArrayLike<number>[];
  /** Writes user `i`'s score of every candidate into `out` (`[numCandidates]`); NaN ranks last. */
  score: (i: number, out: Float32Array) => void;
}

/** Options of {@link perUserRanking}. */
export interface PerUserRankingOptions {
  /** Cut-off K. Default 10. */
  k?: number;
  /**
   * Seed of the tie-break: equal scores are ordered by a random permutation drawn per user from
   * this seed (not by index, which would favour whichever items come first). Default 42.
   */
  seed?: number;
  /** Told each user's top-K list (candidate indices, best first), e.g. to inspect what was ranked. */
  onList?: (i: number, top: Int32Array) => void;
}

/** Means over users of recall@K, nDCG@K and hit rate@K, with their standard errors. */
export interface RankingFigures {
  /** Users evaluated (those with at least one relevant candidate). */
  users: number;
  recall: number;
  ndcg: number;
  hitRate: number;
  /** Standard error of each mean (standard deviation over users / √users). */
  se: { recall: number; ndcg: number; hitRate: number };
}

/** Mean and standard error of per-user values. */
export function meanAndSe(values: readonly number[]): { mean: number; se: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, se: NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 };
}

/**
 * Ranks a candidate set for each user — its excluded candidates left out, ties broken at random
 * (seeded, per user) — and averages recall@K, nDCG@K (ideal: min(K, relevant) hits) and hit
 * rate@K over the users with at least one relevant candidate (`@twotower/eval`'s definitions).
 * A relevant candidate that is also excluded cannot be hit: it is dropped from the user's
 * relevant set (a user left with none is skipped).
 */
export function perUserRanking(input: PerUserRankingInput, options: PerUserRankingOptions = {}): RankingFigures {
  const n = input.numCandidates;
  const k = options.k ?? 10;
  const seed = options.seed ?? 42;
  if (!Number.isInteger(n) || n < 1) throw new Error(`perUserRanking: numCandidates must be a positive integer, got ${n}`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`perUserRanking: k must be a positive integer, got ${k}`);
  const scores = new Float32Array(n);
  const tie = new Float64Array(n);
  const stamp = new Int32Array(n);
  const topIdx = new Int32Array(k);
  const topScore = new Float64Array(k);
  const topTie = new Float64Array(k);
  const recall: number[] = [];
  const ndcg: number[] = [];
  const hit: number[] = [];
  for (let i = 0; i < input.relevant.length; i++) {
    const mark = i + 1;
    const excluded = input.exclude?.[i];
    if (excluded) {
      for (let t = 0; t < excluded.length; t++) {
        const j = excluded[t]!;
        if (j >= 0 && j < n) stamp[j] = mark;
      }
    }
    const rel: number[] = [];
    const rawRel = input.relevant[i]!;
    for (let t = 0; t < rawRel.length; t++) {
      const j = rawRel[t]!;
      if (!(Number.isInteger(j) && j >= 0 && j < n)) throw new Error(`perUserRanking: user ${i}'s relevant candidate ${j} is outside [0, ${n})`);
      if (stamp[j] !== mark) rel.push(j);
    }
    if (rel.length === 0) continue;
    scores.fill(NaN);
    input.score(i, scores);
    const rand = mulberry32(deriveSeed(seed, i));
    for (let j = 0; j < n; j++) tie[j] = rand();
    // top K by (score desc, tie asc): insertion into a sorted list of at most K
    let size = 0;
    for (let j = 0; j < n; j++) {
      if (stamp[j] === mark) continue;
      const s = Number.isNaN(scores[j]!) ? -Infinity : scores[j]!;
      const tj = tie[j]!;
      if (size === k && (s < topScore[k - 1]! || (s === topScore[k - 1]! && tj >= topTie[k - 1]!))) continue;
      let p = size < k ? size++ : k - 1;
      while (p > 0 && (topScore[p - 1]! < s || (topScore[p - 1]! === s && topTie[p - 1]! > tj))) {
        topIdx[p] = topIdx[p - 1]!;
        topScore[p] = topScore[p - 1]!;
        topTie[p] = topTie[p - 1]!;
        p--;
      }
      topIdx[p] = j;
      topScore[p] = s;
      topTie[p] = tj;
    }
    const top = topIdx.slice(0, size);
    options.onList?.(i, top);
    recall.push(recallAtK(top, rel, k));
    ndcg.push(ndcgAtK(top, rel, k));
    hit.push(hitAtK(top, rel, k));
  }
  const r = meanAndSe(recall);
  const g = meanAndSe(ndcg);
  const h = meanAndSe(hit);
  return { users: recall.length, recall: r.mean, ndcg: g.mean, hitRate: h.mean, se: { recall: r.se, ndcg: g.se, hitRate: h.se } };
}
