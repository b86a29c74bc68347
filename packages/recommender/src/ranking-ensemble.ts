/**
 * How the members of a ranking ensemble combine (see {@link combineRankingPredictions}).
 */
export interface RankingEnsembleOptions {
  /**
   * Log-odds of "liked" per star of a regression member's rating r above the neutral rating
   * (half a star under the liked threshold): its log-odds are k · (r − (likedThreshold − 0.5)).
   * Default 2, the best of the slopes measured on a validation split (docs/decisions.md).
   */
  ratingSlope?: number;
  /** Rating from which an interaction counts as liked (the binary members' label). Default 4. */
  likedThreshold?: number;
}

/** What a combination means: P(liked), or a rating (only regression members). */
export type EnsembleKind = 'probability' | 'rating';

/** The kind of score an ensemble of these heads produces. */
export function ensembleKind(heads: readonly ('binary' | 'regression')[]): EnsembleKind {
  if (heads.length === 0) throw new Error('a ranking ensemble needs at least one member');
  return heads.every((h) => h === 'regression') ? 'rating' : 'probability';
}

const clampProbability = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p));

/**
 * Combines the members' predictions for `n` pairs into one score per pair:
 * - with a binary member: P(liked) = σ(mean of the members' log-odds), where a binary member's
 *   log-odds are logit(P) and a regression member's are k · (r − (likedThreshold − 0.5)) — a
 *   rating half a star under the liked threshold is neutral;
 * - regression members only: their mean rating;
 * - one member: its own predictions, unchanged.
 *
 * Averaging members trained from different seeds and with different heads cancels part of each
 * one's variance (the measurements: docs/decisions.md).
 * @param probabilities one [n] array per binary member
 * @param ratings one [n] array per regression member
 * @returns [n] scores
 */
export function combineRankingPredictions(
  probabilities: readonly Float32Array[],
  ratings: readonly Float32Array[],
  n: number,
  options: RankingEnsembleOptions = {},
): Float32Array {
  const members = probabilities.length + ratings.length;
  if (members === 0) throw new Error('a ranking ensemble needs at least one member');
  for (const p of [...probabilities, ...ratings]) {
    if (p.length !== n) throw new Error(`combineRankingPredictions: a member gave ${p.length} predictions for ${n} pairs`);
  }
  if (members === 1) return Float32Array.from(probabilities[0] ?? ratings[0]!);
  const k = options.ratingSlope ?? 2;
  const neutral = (options.likedThreshold ?? 4) - 0.5;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (probabilities.length === 0) {
      let s = 0;
      for (const r of ratings) s += r[i]!;
      out[i] = s / ratings.length;
      continue;
    }
    let z = 0;
    for (const p of probabilities) {
      const q = clampProbability(p[i]!);
      z += Math.log(q / (1 - q));
    }
    for (const r of ratings) z += k * (r[i]! - neutral);
    out[i] = 1 / (1 + Math.exp(-z / members));
  }
  return out;
}
