import { checkBinaryLabels, checkPairs } from './check-pairs';

/**
 * Fraction of examples whose predicted class matches the label, the prediction being
 * `prob > threshold` (as Keras' `binary_accuracy`). `NaN` for no examples.
 * @param labels `[n]` 0/1 labels.
 * @param probs `[n]` predicted probabilities (or any scores, with a matching threshold).
 * @param threshold decision threshold; default 0.5.
 */
export function binaryAccuracy(labels: ArrayLike<number>, probs: ArrayLike<number>, threshold = 0.5): number {
  checkPairs('labels', labels, 'probs', probs);
  checkBinaryLabels(labels);
  const n = labels.length;
  if (n === 0) return NaN;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const pred = probs[i]! > threshold ? 1 : 0;
    if (pred === labels[i]) correct++;
  }
  return correct / n;
}
