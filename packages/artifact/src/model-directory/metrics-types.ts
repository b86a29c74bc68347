import type { PairedDifference, RetrievalMetrics, TwoStageResult } from '@twotower/eval';
import type { PopularityLeanMetrics } from './popularity-lean-metrics';

// `metrics.json` and `history.json` of a model directory: what the trainer measured. Field names are a contract: add, never rename.

/** One epoch of the retrieval model's training (`history.json`). */
export interface EpochRecord {
  epoch: number;
  /** Mean loss per example. */
  loss: number;
  seconds: number;
  examplesPerSecond: number;
  /** Validation figures (training items excluded), when a validation split exists. */
  validation?: Record<string, number>;
  /** True for the epochs of the refit on all training rows. */
  refit?: boolean;
}

/** How the engagement model was trained. */
export interface EngagementMetrics {
  /** Held-out interactions used as positives (those among the user's retrieved pool). */
  positives: number;
  epochs: number;
  seconds: number;
  examplesPerSecond: number;
}

/** One ranking model's test figures. */
export interface RankingMemberMetrics {
  head: 'binary' | 'regression';
  seed: number;
  /** Liked / not liked predicted right: probability > 0.5, or rating >= likedThreshold − 0.5. */
  binaryAccuracy: number;
  auc: number;
  /** Binary cross-entropy (binary head only). */
  logLoss?: number;
  /** Binary head: RMSE of the probability against the 0/1 label; regression head: RMSE of the rating. */
  rmse: number;
}

/** The ranking models' test figures: the combined prediction, then each member. */
export interface RankingMetrics {
  /** What the combined prediction is: P(liked), or a rating (regression members only). */
  kind: 'probability' | 'rating';
  /** Share of test rows whose liked / not-liked is predicted right. */
  binaryAccuracy: number;
  /** Area under the ROC curve of liked vs not liked. */
  auc: number;
  /** Binary cross-entropy of the predicted probability (probability kind only). */
  logLoss?: number;
  /** Probability kind: RMSE of the probability against the 0/1 label; rating kind: RMSE of the predicted rating. */
  rmse: number;
  /** RMSE of the regression members' mean rating, when there are regression members. */
  ratingRmse?: number;
  /** Share of liked rows among test rows (accuracy of always answering the majority). */
  positiveRate: number;
  /** Each model of the ensemble on its own (one entry without an ensemble). */
  members: RankingMemberMetrics[];
  epochs: number;
  seconds: number;
  examplesPerSecond: number;
  /** The engagement model's training, when one was trained. */
  engagement?: EngagementMetrics;
}

/** The two protocols of one model's retrieval figures. */
export type ProtocolFigures = Pick<RetrievalMetrics, 'wholeCatalogue' | 'excludeSeen'>;

/** One weight of the item-item blend tried on the validation rows: the re-ranked top K's means over users. */
export interface ItemItemChoice {
  weight: number;
  recall: number;
  ndcg: number;
}

/**
 * The item-item second stage's fit (`metrics.json` `itemItem`): EASE weights on the fit rows, each
 * blend weight scored on the validation rows (each user's top N retrieved, re-ranked, top K
 * against its validation items), the best kept; then EASE again on every training row, kept to
 * each item's strongest neighbours.
 */
export interface ItemItemMetrics {
  /** EASE's L2 regularisation λ. */
  lambda: number;
  /** Entries kept per item row. */
  neighbours: number;
  /** The blend weight chosen (0: the retrieval order is kept). */
  weight: number;
  /** N retrieved per user. */
  candidates: number;
  /** K of recall@K and nDCG@K. */
  k: number;
  /** Validation users scored. */
  users: number;
  /** Every weight tried, in the order tried. */
  choices: ItemItemChoice[];
  /** How a user the model never saw is answered from a history alone, and the figures that chose it (absent: not chosen). */
  coldHistory?: ColdHistoryMetrics;
  /** Wall time of both fits and the choice. */
  seconds: number;
}

/**
 * The choice of how a user the model never saw is answered from a history alone (`@twotower/training`'s
 * `chooseColdHistory`): held-out users queried with an unknown id and only their first `given`
 * items, by the query tower and by the popular items re-ordered by the item-item stage (each weight).
 */
export interface ColdHistoryMetrics {
  /** `'towers'` (the query tower answers) or `'item-item'` (the popular items re-ordered by the history). */
  answer: 'towers' | 'item-item';
  /** The blend weight chosen when `answer` is `'item-item'`, else the best weight tried. */
  weight: number;
  /** The most popular items re-ordered. */
  candidates: number;
  /** Items given per user (its first by time). */
  given: number;
  /** K of recall@K and nDCG@K. */
  k: number;
  /** Users scored. */
  users: number;
  /** The query tower from the given items (unknown id, no time). */
  towers: { recall: number; ndcg: number };
  /** Every weight tried for the item-item answer (0: popularity alone). */
  choices: ItemItemChoice[];
  /**
   * The weight chosen again for longer histories (users given their first `from` items), kept as
   * the stage's `coldHistory.byLength`: a history of at least `from` items uses `weight`.
   * Absent in directories written before it existed.
   */
  byLength?: ColdHistoryLengthChoice[];
}

/** The item-item answer's weight chosen for histories of `from` items (see {@link ColdHistoryMetrics.byLength}). */
export interface ColdHistoryLengthChoice {
  /** Items given per user (its first by time). */
  from: number;
  /** Users with that many items who were scored. */
  users: number;
  /** The weight of the best nDCG@K. */
  weight: number;
  /** Every weight tried. */
  choices: ItemItemChoice[];
}

/** One two-stage evaluation (retrieve N, re-rank, score the top K) as `metrics.json` keeps it. */
export type TwoStageFigures = Pick<TwoStageResult, 'candidates' | 'queries' | 'candidateRecall' | 'retrieval' | 'reranked' | 'popularityOrder' | 'rerankedGain'>;

/** Means over users of recall@K and nDCG@K of one list. */
export interface TwoStageUserFigures {
  recall: number;
  ndcg: number;
}

/**
 * The two-stage list scored per user as the main per-user table is (`@twotower/training`'s
 * `evaluateTwoStageUsers`): each user with a test interaction queried by default (no time), N
 * candidates outside its training items, re-ranked at its latest training time, the top K of each
 * order against all its test items.
 */
export interface TwoStagePerUserFigures {
  /** N. */
  candidates: number;
  /** K. */
  k: number;
  /** Users evaluated. */
  users: number;
  /**
   * The two-tower's own top K by the dot product: equal to `retrieval.excludeSeen`'s `recall@K`
   * and `ndcg@K` unless the model has a popularity lean (`popularityLean`), which the main table's
   * per-user lists read and the two-stage list's candidates do not.
   */
  retrieval: TwoStageUserFigures;
  /** The top K after re-ranking. */
  reranked: TwoStageUserFigures;
  /** What re-ranked: the item-item blend (`itemItem` of the metrics) or the ranking/engagement models' ranker. Absent in models written before it. */
  reranker?: 'item-item' | 'ranker';
  /** Re-ranked − retrieval, user by user, with the standard error of the mean. */
  gain: { recall: PairedDifference; ndcg: PairedDifference };
}

/**
 * One item embedding set compared as the item2vec paper and a recommender would (`metrics.json`
 * `embeddingSets`): neighbours' genre agreement, item-to-item recommendation on the test rows
 * (training items excluded; `recall@10`, `ndcg@10`, `coverage@10` for K = 10).
 */
export interface EmbeddingSetFigures {
  /** Set name (`candidates`, `item2vec`, `deepwalk`, `text`, `ease`). */
  name: string;
  /** How it was learned. */
  method: string;
  dim: number;
  /** Seconds it took to learn. */
  seconds: number;
  /** Items with a vector. */
  items: number;
  /** Mean share of each item's K nearest neighbours (cosine) sharing a genre with it (absent when the catalogue has no genres). */
  genreAgreement?: number;
  /** The same for random neighbours. */
  genreAgreementChance?: number;
  /** Trustworthiness of the report's map of the set (k = 10), when the report drew it. */
  trustworthiness?: number;
  /** `recall@K`, `ndcg@K` (per user), `coverage@K`. */
  [metric: string]: number | string | undefined;
}

/** `metrics.json`: what the trainer measured. Field names are a contract: add, never rename. */
export interface ModelMetrics {
  /** Name of the configuration trained. */
  config: string;
  dataset: { name: string; users: number; items: number; interactions: number };
  split: { protocol: 'random'; seed: number; train: number; test: number; validation: number };
  training: {
    backend: string;
    epochs: number;
    bestEpoch: number;
    stoppedEarly: boolean;
    seconds: number;
    examplesPerSecond: number;
    resumedFrom?: number;
  };
  retrieval: ProtocolFigures & {
    /** `coverage@K`: share of the catalogue recommended to someone. */
    coverage: Record<string, number>;
    popularityBias: RetrievalMetrics['popularityBias'];
  };
  baselines: { popularity?: ProtocolFigures; ease?: ProtocolFigures };
  ranking?: RankingMetrics;
  /** Why no ranking models were trained (e.g. the log has no ratings), when ranking was asked for. */
  rankingSkipped?: string;
  /** The engagement model's training, when one was trained without ranking models (with them it is `ranking.engagement`). */
  engagement?: EngagementMetrics;
  /** The two-stage evaluation at the first N of the ranking config (10, as the reference). */
  twoStage?: TwoStageFigures;
  /** Every N evaluated, by N. */
  twoStageByCandidates?: Record<string, TwoStageFigures>;
  /** The item-item second stage's fit, when the model has one (it then re-orders every two-stage list). */
  itemItem?: ItemItemMetrics;
  /** The popularity lean of a user's recommendations and the validation figures that chose it (absent: not chosen, as before it existed). */
  popularityLean?: PopularityLeanMetrics;
  /** The two-stage list per user (the largest N of the ranking config, top 10), beside the main table's per-user figures. */
  twoStagePerUser?: TwoStagePerUserFigures;
  /** The two-tower minus EASE, user by user (training items excluded), when EASE ran. */
  versusEase?: VersusBaselineFigures;
  evaluationSeconds: { model: number; baselines: number };
  /** Item embedding sets compared (the two-tower's candidates, item2vec, DeepWalk, text, EASE as the baseline), when any were learned. */
  embeddingSets?: EmbeddingSetFigures[];
}

/**
 * A model's per-user figures minus a baseline's on the same test users (`pairedUserDifference`):
 * `figures` has `recall@K` and `ndcg@K` for each K, each the mean difference and its standard error.
 */
export interface VersusBaselineFigures {
  /** The protocol of the per-user figures (`excludeSeen`: each user's training items left out). */
  protocol: 'wholeCatalogue' | 'excludeSeen';
  /** Users compared (those with a test item). */
  users: number;
  figures: Record<string, PairedDifference>;
}
