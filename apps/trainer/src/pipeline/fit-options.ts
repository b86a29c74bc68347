import type { ChoosePopularityLeanOptions, FitRetrievalOptions } from '@twotower/training';
import type { TrainConfig } from '../config/schema';

/**
 * The retrieval training options a config sets (loss, epochs, batches, early stopping, id
 * dropout, short histories, time smoothness): what `twotower train`, the sweep and the cold-start
 * bench all pass to `fitRetrieval`, beside their own run key, progress and checkpoint.
 */
export function retrievalFitOptions(config: TrainConfig): FitRetrievalOptions {
  const t = config.training;
  return {
    task: config.loss,
    epochs: t.epochs,
    batchSize: t.batchSize,
    seed: t.seed,
    monitor: t.monitor,
    patience: t.patience,
    ...(t.userDropout ? { userDropout: t.userDropout } : {}),
    ...(t.itemDropout ? { itemDropout: t.itemDropout } : {}),
    ...(t.shortHistories ? { shortHistories: t.shortHistories } : {}),
    ...(t.timeSmoothness ? { timeSmoothness: t.timeSmoothness } : {}),
    ...(t.distill ? { distill: t.distill } : {}),
    ...(t.memberBatches ? { memberBatches: t.memberBatches } : {}),
    ...(t.maskSeen ? { maskSeen: t.maskSeen } : {}),
  };
}

/** `choosePopularityLean`'s options for `model.popularityLean`: a number is kept (`fixed`), a list is chosen from (`weights`). */
export function leanChoice(lean: number | readonly number[]): ChoosePopularityLeanOptions {
  return typeof lean === 'number' ? { fixed: lean } : { weights: lean };
}
