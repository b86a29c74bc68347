import type { ItemItemChoice } from './metrics-types';

/**
 * The popularity lean of untimed user queries (`weight · ln(1 + training interactions)` added to
 * each item's score) and the validation figures that chose its weight.
 */
export interface PopularityLeanMetrics {
  /** The weight kept (0: no lean). */
  weight: number;
  /** True when the weight was given (kept whatever validation said; measured beside no lean), absent when chosen among `choices`. */
  fixed?: boolean;
  /** Validation users the choice was measured on. */
  users: number;
  /** Per-user recall@K and nDCG@K on the validation rows at each weight tried (K: `k`). */
  choices: ItemItemChoice[];
  /** K of the figures (10). */
  k: number;
}
