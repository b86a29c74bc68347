import { MASKED_LOGIT } from './remove-accidental-hits';
import type { RetrievalLossOptions } from './retrieval-loss';

/**
 * The row kernel of {@link fusedRetrievalLoss}, on typed arrays: for rows [rowStart, rowEnd) of
 * the raw score matrix `scores` [batch × n], applies temperature, logQ correction,
 * accidental-hit removal and hard-negative mining, and writes `dLoss/dScores` (already scaled by
 * the row's weight / total weight and by 1/temperature) into `grad`, and its transpose into
 * `gradT` [n × batch] when given. Returns the sum over these rows of weight * loss.
 */
export function softmaxRows(
  scores: Float32Array,
  batch: number,
  n: number,
  rowStart: number,
  rowEnd: number,
  options: RetrievalLossOptions,
  totalWeight: number,
  grad: Float32Array,
  gradT: Float32Array | null,
): number {
  const invT = 1 / (options.temperature ?? 1);
  const logq = options.candidateLogProb;
  const qw = options.logQWeight ?? 1;
  const pos = options.positiveIds && options.candidateIds ? options.positiveIds : undefined;
  const cand = options.candidateIds;
  const hard = options.hardNegatives && options.hardNegatives > 0 && options.hardNegatives < n - 1 ? options.hardNegatives : 0;
  const w = options.sampleWeights;
  const logits = new Float64Array(n);
  const scratch = hard ? new Float64Array(n) : null;
  let lossSum = 0;
  for (let i = rowStart; i < rowEnd; i++) {
    const off = i * n;
    for (let j = 0; j < n; j++) {
      let z = scores[off + j]! * invT;
      if (logq) z -= qw * logq[j]!;
      logits[j] = z;
    }
    if (pos && cand) {
      const p = pos[i]!;
      for (let j = 0; j < n; j++) if (j !== i && cand[j] === p) logits[j] = MASKED_LOGIT;
    }
    if (hard && scratch) {
      // threshold = k-th largest negative; columns below it (and not the positive) are masked
      let m = 0;
      for (let j = 0; j < n; j++) if (j !== i) scratch[m++] = logits[j]!;
      const kth = kthLargest(scratch, m, hard);
      for (let j = 0; j < n; j++) if (j !== i && logits[j]! < kth) logits[j] = MASKED_LOGIT;
    }
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (logits[j]! > max) max = logits[j]!;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(logits[j]! - max);
      logits[j] = e;
      sum += e;
    }
    const rowWeight = w ? w[i]! : 1;
    const pi = logits[i]! / sum;
    lossSum += rowWeight * -Math.log(pi);
    const scale = (rowWeight / totalWeight) * invT;
    const inv = 1 / sum;
    for (let j = 0; j < n; j++) {
      const g = (logits[j]! * inv - (j === i ? 1 : 0)) * scale;
      grad[off + j] = g;
    }
    if (gradT) for (let j = 0; j < n; j++) gradT[j * batch + i] = grad[off + j]!;
  }
  return lossSum;
}

/** k-th largest of the first m entries of `a` (1-based k), by quickselect; reorders `a`. */
function kthLargest(a: Float64Array, m: number, k: number): number {
  let lo = 0;
  let hi = m - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!; a[i] = a[j]!; a[j] = t;
        i++; j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}
