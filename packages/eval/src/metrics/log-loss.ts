import { EvalInputError } from '../errors';
import { checkPairs } from './check-pairs';

/**
 * Mean binary cross-entropy `-(y log p + (1 - y) log(1 - p))` with `p` clipped to
 * `[eps, 1 - eps]` so that confident mistakes cost a large finite amount. `NaN` for no examples.
 * @param labels `[n]` labels in [0, 1] (soft labels allowed).
 * @param probs `[n]` predicted probabilities.
 * @param eps clipping; default 1e-7 (Keras' epsilon).
 */
export function logLoss(labels: ArrayLike<number>, probs: ArrayLike<number>, eps = 1e-7): number {
  checkPairs('labels', labels, 'probs', probs);
  if (!(eps > 0 && eps < 0.5)) throw new EvalInputError('eps', `is ${eps}; use a small positive number such as 1e-7`);
  const n = labels.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (y < 0 || y > 1) throw new EvalInputError(`labels[${i}]`, `is ${y}; labels must lie in [0, 1]`);
    const p = Math.min(1 - eps, Math.max(eps, probs[i]!));
    sum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
  }
  return sum / n;
}
