import type { ProgressCallback } from '@twotower/utils';
import { EvalInputError, checkInteger } from '../errors';
import { pairedDifference } from './paired-difference';

/** Options of {@link evaluateTwoStage}. */
export interface TwoStageEvalOptions {
  /** Query ids (e.g. test rows with a liked item, rating >= 4), passed back to `retrieve` and `rerank`. */
  queries: Int32Array;
  /** `[queries.length]` the true item of each query. */
  target: Int32Array;
  /**
   * Candidate generation: `[queries.length × n]` items per query in retrieval order, row-major.
   * Fewer than `n` candidates are padded with -1.
   */
  retrieve: (queries: Int32Array, n: number) => Promise<Int32Array> | Int32Array;
  /**
   * Ranking model: `[queries.length × n]` scores for the candidates returned by `retrieve` (same
   * layout; entries for -1 padding are ignored). Higher is better.
   */
  rerank: (queries: Int32Array, candidates: Int32Array, n: number) => Promise<Float32Array> | Float32Array;
  /** `[numItems]` training counts: the third order ranks the same candidates by popularity. */
  itemPopularity: Float32Array;
  /** N, candidates retrieved per query (10 in the TFRS reference; 100 is realistic). */
  candidates: number;
  /** Cut-off K of nDCG@K and Recall@K. Default 10. */
  k?: number;
  /** Queries per `retrieve`/`rerank` call. Default 1024. */
  blockSize?: number;
  /** Called after each block with queries done and the total. */
  onProgress?: ProgressCallback;
}

/** Metrics of one ordering of the candidates: keys `ndcg@K`, `recall@K` and `mrr` (MRR within the N candidates). */
export type TwoStageMetrics = Partial<Record<`ndcg@${number}` | `recall@${number}` | 'mrr', number>>;

/** A mean over queries of a paired difference, with its standard error. */
export interface PairedDifference {
  /** Mean over all queries of (re-ranked − other) nDCG@K. */
  mean: number;
  /** Standard error of that mean (sample standard deviation / √queries): ±2 SE is about a 95% interval. */
  standardError: number;
}

/** Result of {@link evaluateTwoStage}. */
export interface TwoStageResult {
  /** N. */
  candidates: number;
  /** K. */
  k: number;
  /** Number of queries evaluated. */
  queries: number;
  /** Fraction of queries whose true item is among the N candidates (the ceiling of any re-ranking). */
  candidateRecall: number;
  /** Candidates in retrieval order. */
  retrieval: TwoStageMetrics;
  /** Candidates sorted by the ranking model's score (ties keep retrieval order). */
  reranked: TwoStageMetrics;
  /** Candidates sorted by training popularity (ties keep retrieval order): the naive re-ranker to beat. */
  popularityOrder: TwoStageMetrics;
  /**
   * nDCG@K of the re-ranked order minus that of the other orders, query by query: whether
   * re-ranking helps by more than the noise of this many queries.
   */
  rerankedGain: { vsRetrieval: PairedDifference; vsPopularity: PairedDifference };
}

/**
 * The two-stage evaluation: retrieve N candidates per query, order them three ways (retrieval,
 * ranking model, popularity) and score each order against the one true item: nDCG@K =
 * 1/log2(rank + 1) when the 1-based rank is <= K else 0, Recall@K = [rank <= K], MRR = 1/rank
 * (0 when the item is not among the candidates). Duplicate candidates count at their first position.
 */
export async function evaluateTwoStage(options: TwoStageEvalOptions): Promise<TwoStageResult> {
  const { queries, target, itemPopularity, onProgress } = options;
  const n = options.candidates;
  const k = options.k ?? 10;
  const blockSize = options.blockSize ?? 1024;
  checkInteger('candidates', n, 1);
  checkInteger('k', k, 1);
  checkInteger('blockSize', blockSize, 1);
  if (target.length !== queries.length) {
    throw new EvalInputError('target', `has length ${target.length} but queries has ${queries.length}; pass one true item per query`);
  }
  const numItems = itemPopularity.length;
  const sums = {
    retrieval: new Float64Array(3),
    reranked: new Float64Array(3),
    popularityOrder: new Float64Array(3),
  };
  // per-query differences of nDCG@K: re-ranked − retrieval, re-ranked − popularity (sum, sum of squares)
  const gain = { vsRetrieval: new Float64Array(2), vsPopularity: new Float64Array(2) };
  let inCandidates = 0;
  const first = new Uint8Array(n); // 1 where a candidate is valid and its item's first occurrence
  const mark = new Int32Array(numItems);
  let markValue = 0;
  const total = queries.length;
  for (let start = 0; start < total; start += blockSize) {
    const end = Math.min(total, start + blockSize);
    const q = queries.subarray(start, end);
    const rows = q.length;
    const cand = await options.retrieve(q, n);
    if (cand.length !== rows * n) {
      throw new EvalInputError('retrieve', `returned ${cand.length} candidates for ${rows} queries; expected queries × n = ${rows * n} (pad with -1)`);
    }
    const scores = await options.rerank(q, cand, n);
    if (scores.length !== rows * n) {
      throw new EvalInputError('rerank', `returned ${scores.length} scores for ${rows} queries; expected queries × n = ${rows * n}`);
    }
    for (let b = 0; b < rows; b++) {
      const t = target[start + b]!;
      const off = b * n;
      // Valid first occurrences, and the position and retrieval rank of the true item among them.
      markValue++;
      let pos = -1;
      let retrievalRank = 0;
      for (let p = 0; p < n; p++) {
        const c = cand[off + p]!;
        first[p] = 0;
        if (c === -1) continue;
        if (c < 0 || c >= numItems) {
          throw new EvalInputError(`retrieve[${start + b}][${p}]`, `is item ${c}, outside the catalogue [0, ${numItems}); return item indices or -1 for padding`);
        }
        if (mark[c] === markValue) continue;
        mark[c] = markValue;
        first[p] = 1;
        if (pos < 0) retrievalRank++;
        if (c === t) pos = p;
      }
      if (pos < 0) continue; // every order scores 0 for this query
      inCandidates++;
      const ndcgRetrieval = addRank(sums.retrieval, retrievalRank, k);
      // Rank under a key = 1 + number of distinct valid candidates placed before the true one:
      // higher key, or equal key and earlier in retrieval order; NaN scores sort last.
      const tScore = scores[off + pos]!;
      const tNaN = tScore !== tScore;
      const tPop = itemPopularity[t]!;
      let aheadRerank = 0;
      let aheadPop = 0;
      for (let p = 0; p < n; p++) {
        if (first[p] === 0 || p === pos) continue;
        const c = cand[off + p]!;
        const s = scores[off + p]!;
        if (tNaN ? s === s || p < pos : s > tScore || (s === tScore && p < pos)) aheadRerank++;
        const pp = itemPopularity[c]!;
        if (pp > tPop || (pp === tPop && p < pos)) aheadPop++;
      }
      const ndcgReranked = addRank(sums.reranked, aheadRerank + 1, k);
      const ndcgPopularity = addRank(sums.popularityOrder, aheadPop + 1, k);
      addDifference(gain.vsRetrieval, ndcgReranked - ndcgRetrieval);
      addDifference(gain.vsPopularity, ndcgReranked - ndcgPopularity);
    }
    onProgress?.(end, total);
  }
  const finish = (s: Float64Array): TwoStageMetrics => ({
    [`ndcg@${k}`]: total > 0 ? s[0]! / total : NaN,
    [`recall@${k}`]: total > 0 ? s[1]! / total : NaN,
    mrr: total > 0 ? s[2]! / total : NaN,
  });
  return {
    candidates: n,
    k,
    queries: total,
    candidateRecall: total > 0 ? inCandidates / total : NaN,
    retrieval: finish(sums.retrieval),
    reranked: finish(sums.reranked),
    popularityOrder: finish(sums.popularityOrder),
    rerankedGain: { vsRetrieval: pairedDifference(gain.vsRetrieval[0]!, gain.vsRetrieval[1]!, total), vsPopularity: pairedDifference(gain.vsPopularity[0]!, gain.vsPopularity[1]!, total) },
  };
}

/** Adds one query's rank to the sums (nDCG, recall, reciprocal rank); returns its nDCG. */
function addRank(sum: Float64Array, rank: number, k: number): number {
  const ndcg = rank <= k ? 1 / Math.log2(rank + 1) : 0;
  if (rank <= k) {
    sum[0]! += ndcg;
    sum[1]! += 1;
  }
  sum[2]! += 1 / rank;
  return ndcg;
}

function addDifference(acc: Float64Array, d: number): void {
  acc[0]! += d;
  acc[1]! += d * d;
}
