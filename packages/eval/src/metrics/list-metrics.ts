/**
 * Per-list ranking metrics with binary relevance: one recommended list (best first) against the
 * set of relevant items of one user. These are the definitions `evaluateRetrieval` averages over
 * users; they are exported for callers with their own lists.
 *
 * Conventions (all documented in the README):
 * - only the first `k` entries of `ranked` count; a list shorter than `k` (a tiny catalogue or
 *   many exclusions) is used as it is;
 * - duplicate entries in `relevant` count once; duplicate entries in `ranked` after the first are
 *   not relevant again;
 * - with no relevant items the user cannot be evaluated: recall, nDCG, AP and RR are `NaN`,
 *   precision and hit are 0.
 */
import { checkInteger } from '../errors';

function relevantSet(relevant: ArrayLike<number>): Set<number> {
  const set = new Set<number>();
  for (let i = 0; i < relevant.length; i++) set.add(relevant[i]!);
  return set;
}

/** Positions (0-based) of the first occurrence of each relevant item in `ranked[0, k)`. */
function hitPositions(ranked: ArrayLike<number>, rel: Set<number>, k: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  const n = Math.min(k, ranked.length);
  for (let p = 0; p < n; p++) {
    const item = ranked[p]!;
    if (rel.has(item) && !seen.has(item)) {
      seen.add(item);
      out.push(p);
    }
  }
  return out;
}

/** DCG of an ideal list with `n` relevant items at the top: `Σ_{r=1..n} 1/log2(r+1)`. */
export function idealDcg(n: number): number {
  let s = 0;
  for (let r = 1; r <= n; r++) s += 1 / Math.log2(r + 1);
  return s;
}

/** Recall@K = |top K ∩ relevant| / |relevant|. */
export function recallAtK(ranked: ArrayLike<number>, relevant: ArrayLike<number>, k: number): number {
  checkInteger('k', k, 1);
  const rel = relevantSet(relevant);
  if (rel.size === 0) return NaN;
  return hitPositions(ranked, rel, k).length / rel.size;
}

/**
 * Precision@K = |top K ∩ relevant| / (length of the list cut at K), i.e. divided by `k` unless the
 * list is shorter than `k`; 0 for an empty list.
 */
export function precisionAtK(ranked: ArrayLike<number>, relevant: ArrayLike<number>, k: number): number {
  checkInteger('k', k, 1);
  const len = Math.min(k, ranked.length);
  if (len === 0) return 0;
  return hitPositions(ranked, relevantSet(relevant), k).length / len;
}

/**
 * nDCG@K with binary relevance: `Σ_{hits at 1-based rank r ≤ K} 1/log2(r+1)` divided by the ideal
 * DCG of `min(K, |relevant|)` hits (`ideal = 'atK'`, the default) or of all `|relevant|` hits
 * (`'allRelevant'`, Dacrema et al.'s variant).
 */
export function ndcgAtK(
  ranked: ArrayLike<number>,
  relevant: ArrayLike<number>,
  k: number,
  ideal: 'atK' | 'allRelevant' = 'atK',
): number {
  checkInteger('k', k, 1);
  const rel = relevantSet(relevant);
  if (rel.size === 0) return NaN;
  let dcg = 0;
  for (const p of hitPositions(ranked, rel, k)) dcg += 1 / Math.log2(p + 2);
  return dcg / idealDcg(ideal === 'atK' ? Math.min(k, rel.size) : rel.size);
}

/**
 * Average precision@K: `Σ_{hits at 1-based rank r ≤ K} precision@r / min(K, |relevant|)`.
 * MAP@K is its mean over users.
 */
export function averagePrecisionAtK(ranked: ArrayLike<number>, relevant: ArrayLike<number>, k: number): number {
  checkInteger('k', k, 1);
  const rel = relevantSet(relevant);
  if (rel.size === 0) return NaN;
  const hits = hitPositions(ranked, rel, k);
  let s = 0;
  for (let h = 0; h < hits.length; h++) s += (h + 1) / (hits[h]! + 1);
  return s / Math.min(k, rel.size);
}

/** Hit@K: 1 when any relevant item is in the top K, else 0. Hit rate@K is its mean over users. */
export function hitAtK(ranked: ArrayLike<number>, relevant: ArrayLike<number>, k: number): number {
  checkInteger('k', k, 1);
  return hitPositions(ranked, relevantSet(relevant), k).length > 0 ? 1 : 0;
}

/**
 * Reciprocal rank: 1 / (1-based position of the first relevant item in `ranked`), 0 when none is
 * present. Pass the full ranking for MRR over the whole catalogue. MRR is its mean over users.
 */
export function reciprocalRank(ranked: ArrayLike<number>, relevant: ArrayLike<number>): number {
  const rel = relevantSet(relevant);
  if (rel.size === 0) return NaN;
  for (let p = 0; p < ranked.length; p++) if (rel.has(ranked[p]!)) return 1 / (p + 1);
  return 0;
}
