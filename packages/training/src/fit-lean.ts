import { PopularityLean, type Recommender } from '@twotower/recommender';
import type { TrainingData } from './training-data';

/**
 * The recommender's popularity lean at its current weight, built from the fit rows' popularity —
 * for choices measured on the validation rows, which must not count towards the popularity that
 * ranks them — or undefined when its weight is 0.
 */
export function fitPopularityLean(rec: Recommender, data: TrainingData): PopularityLean | undefined {
  const w = rec.models.popularityLean;
  return w > 0 ? new PopularityLean(w, data.fitPopularity) : undefined;
}
