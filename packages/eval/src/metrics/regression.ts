import { checkPairs } from './check-pairs';

/**
 * Root mean squared error `sqrt(mean((t - p)^2))`. `NaN` for no examples.
 * @param targets `[n]` true values (e.g. ratings).
 * @param predictions `[n]` predicted values.
 */
export function rmse(targets: ArrayLike<number>, predictions: ArrayLike<number>): number {
  checkPairs('targets', targets, 'predictions', predictions);
  const n = targets.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = targets[i]! - predictions[i]!;
    s += d * d;
  }
  return Math.sqrt(s / n);
}

/**
 * Mean absolute error `mean(|t - p|)`. `NaN` for no examples.
 * @param targets `[n]` true values.
 * @param predictions `[n]` predicted values.
 */
export function mae(targets: ArrayLike<number>, predictions: ArrayLike<number>): number {
  checkPairs('targets', targets, 'predictions', predictions);
  const n = targets.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(targets[i]! - predictions[i]!);
  return s / n;
}
