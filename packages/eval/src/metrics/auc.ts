import { checkBinaryLabels, checkPairs } from './check-pairs';

/**
 * Area under the ROC curve: the probability that a random positive scores higher than a random
 * negative, ties counting one half (Mann-Whitney U with average ranks for tied scores).
 * O(n log n). `NaN` when there is no positive or no negative (the AUC is undefined then).
 * @param labels `[n]` 0/1 labels.
 * @param scores `[n]` finite scores; only their order matters.
 */
export function auc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkPairs('labels', labels, 'scores', scores);
  checkBinaryLabels(labels);
  const n = labels.length;
  const s = Float64Array.from(scores);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => s[a]! - s[b]!);
  let positives = 0;
  let rankSumPositives = 0;
  let i = 0;
  while (i < n) {
    // [i, j) is a run of tied scores; each gets the average of 1-based ranks i+1 .. j.
    let j = i + 1;
    const v = s[order[i]!]!;
    while (j < n && s[order[j]!]! === v) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) {
      if (labels[order[t]!] === 1) {
        positives++;
        rankSumPositives += avgRank;
      }
    }
    i = j;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}
