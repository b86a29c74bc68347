/**
 * Published and independently computed baseline figures on MovieLens 100K, for reports that say
 * where a model stands. Split: seed protocol (shuffle, 80,000 train / 20,000 test); the project's
 * seeded shuffle differs from the one used for these, so expect agreement within about ±0.015.
 */
export const ML100K_BASELINE_REFERENCE = {
  /** Factorized top-K, most popular items, whole catalogue (numpy, Python `random.seed(42)` shuffle). */
  popularityWholeCatalogue: { top10: 0.048, top50: 0.176, top100: 0.296 },
  /** Factorized top-K, most popular items, the user's training items excluded. */
  popularityExcludeSeen: { top10: 0.092, top50: 0.274, top100: 0.411 },
  /** Factorized top-K, EASE (λ = 500), the user's training items excluded. */
  easeExcludeSeen: { top10: 0.175, top50: 0.461, top100: 0.626 },
  /**
   * Per-user TopPop, random 80/20, seen items excluded (Dacrema et al.'s reproducibility study). Their
   * nDCG divides by the ideal DCG of all the user's test items: compare with `ndcgIdeal: 'allRelevant'`.
   */
  popularityPerUserDacrema: { 'recall@10': 0.118, 'ndcg@10': 0.136 },
} as const;
