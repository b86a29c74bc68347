import { evaluateRetrieval } from '@twotower/eval';
import type { Recommender } from '@twotower/recommender';
import type { TrainingCallback } from './callbacks';
import { scoreRows, scoreUsers, withItemScorer } from './item-scorer';
import { rowColumns, type TrainingData } from './training-data';

/** Options of {@link retrievalValidation}. */
export interface RetrievalValidationOptions {
  /** Cut-offs of the top-K accuracies. Default [10, 50, 100]. */
  ks?: number[];
  /** The figure shown on the epoch line, e.g. `top100`. Default `top100`. */
  monitor?: string;
}

/**
 * A callback that measures the retrieval model on the validation rows after each epoch (top-K
 * accuracy over the catalogue and per-user recall, nDCG... at the same cut-offs, each user's fit
 * items excluded, as a service ranks) and puts the figures in `logs.validation`. Does nothing when there are no validation rows.
 */
export function retrievalValidation(rec: () => Recommender, data: TrainingData, options: RetrievalValidationOptions = {}): TrainingCallback {
  const monitor = options.monitor ?? 'top100';
  return {
    async onEpochEnd(logs) {
      if (data.validationRows.length === 0) return;
      const r = rec();
      const m = await withItemScorer(r, (scorer) =>
        evaluateRetrieval({
          numItems: data.numItems,
          test: rowColumns(data, data.validationRows),
          scoreQueries: scoreRows(r, data, data.validationRows, scorer, data.seenFit),
          scoreUsers: scoreUsers(r, data, scorer, data.seenFit),
          seen: data.seenFit,
          ks: options.ks ?? [10, 50, 100],
          perUser: ['excludeSeen'],
        }),
      );
      logs.validation = { ...(m.excludeSeen as Record<string, number>) };
      logs.notes.push(`validation ${monitor} ${(logs.validation[monitor] ?? NaN).toFixed(4)}`);
    },
  };
}
