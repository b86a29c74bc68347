import { columnsById } from './hit-columns';
import { fillLogQShift } from './logq-shift';
import { MASKED_LOGIT } from './remove-accidental-hits';
import type { RetrievalLossOptions } from './retrieval-loss';
import { expNonPositive } from './fast-exp';

/**
 * The row kernel of {@link fusedRetrievalLoss}, on typed arrays: for rows [rowStart, rowEnd) of
 * the raw score matrix `scores` [batch × n], applies temperature, logQ correction,
 * accidental-hit removal and hard-negative mining, and writes `dLoss/dScores` (already scaled by
 * the row's weight / total weight and by 1/temperature) into `grad` [batch × n]. Returns the sum
 * over these rows of weight × loss. Rows are independent: ranges can run in parallel.
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
): number {
  const invT = 1 / (options.temperature ?? 1);
  const pos = options.positiveIds && options.candidateIds ? options.positiveIds : undefined;
  const cand = options.candidateIds;
  const hard = options.hardNegatives && options.hardNegatives > 0 && options.hardNegatives < n - 1 ? options.hardNegatives : 0;
  const w = options.sampleWeights;
  // logQ term pre-scaled once: z_j = s_ij / T - qw * logq_j
  let shift: Float64Array | null = null;
  if (options.candidateLogProb) {
    shift = new Float64Array(n);
    fillLogQShift(shift, options, n);
  }
  const z = new Float64Array(n);
  const scratch = hard ? new Float64Array(n) : null;
  const columnsOf = pos && cand ? columnsById(cand, n) : null;
  const extra = options.maskedColumns;
  const teacher = options.teacher && options.teacher.weight > 0 ? options.teacher : undefined;
  // the teacher's target of a row, and the student's logits before the exponential
  const target = teacher ? new Float64Array(n) : null;
  const logits = teacher ? new Float64Array(n) : null;
  let lossSum = 0;
  for (let i = rowStart; i < rowEnd; i++) {
    const off = i * n;
    let max = -Infinity;
    // one pass: scaled score, logQ shift, running maximum
    if (shift) {
      for (let j = 0; j < n; j++) {
        const v = scores[off + j]! * invT - shift[j]!;
        z[j] = v;
        if (v > max) max = v;
      }
    } else {
      for (let j = 0; j < n; j++) {
        const v = scores[off + j]! * invT;
        z[j] = v;
        if (v > max) max = v;
      }
    }
    // masked columns: the row's accidental hits, and without in-batch negatives the other rows' positives
    let maskedMax = false;
    if (columnsOf) {
      for (const j of columnsOf.get(pos![i]!) ?? NO_COLUMNS) if (j !== i) maskedMax = mask(z, j, max) || maskedMax;
    }
    if (extra) {
      for (let k = extra.offsets[i]!; k < extra.offsets[i + 1]!; k++) {
        const j = extra.columns[k]!;
        if (j !== i) maskedMax = mask(z, j, max) || maskedMax;
      }
    }
    if (options.inBatchNegatives === false) {
      for (let j = 0; j < batch; j++) if (j !== i) maskedMax = mask(z, j, max) || maskedMax;
    }
    if (maskedMax) {
      max = -Infinity;
      for (let j = 0; j < n; j++) if (z[j]! > max) max = z[j]!;
    }
    if (hard && scratch) {
      let m = 0;
      for (let j = 0; j < n; j++) if (j !== i) scratch[m++] = z[j]!;
      const kth = kthLargest(scratch, m, hard);
      for (let j = 0; j < n; j++) if (j !== i && z[j]! < kth) z[j] = MASKED_LOGIT;
      max = -Infinity;
      for (let j = 0; j < n; j++) if (z[j]! > max) max = z[j]!;
    }
    if (teacher) {
      teacherTarget(teacher, off, n, z, shift, target!);
      logits!.set(z);
    }
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = expNonPositive(z[j]! - max);
      z[j] = e;
      sum += e;
    }
    const rowWeight = w ? w[i]! : 1;
    const scale = (rowWeight / totalWeight) * invT;
    const k = scale / sum;
    for (let j = 0; j < n; j++) grad[off + j] = z[j]! * k;
    if (teacher) {
      // target (1 − a)·positive + a·t: loss −Σ target log p, gradient p − target
      const a = teacher.weight;
      const logSum = Math.log(sum) + max;
      let rowLoss = (1 - a) * (logSum - logits![i]!);
      for (let j = 0; j < n; j++) {
        const t = target![j]!;
        if (t === 0) continue;
        rowLoss += a * t * (logSum - logits![j]!);
        grad[off + j]! -= scale * a * t;
      }
      lossSum += rowWeight * rowLoss;
      grad[off + i]! -= scale * (1 - a);
    } else {
      lossSum += rowWeight * -Math.log(z[i]! / sum);
      grad[off + i]! -= scale;
    }
  }
  return lossSum;
}

const NO_COLUMNS: readonly number[] = [];

/**
 * The teacher's target over one row's live columns (those whose logit `z` is not masked): the
 * softmax of its scores standardised over those columns, divided by its temperature, minus the
 * row's logQ shift (as the student's logits). Masked columns get 0.
 */
function teacherTarget(teacher: NonNullable<RetrievalLossOptions['teacher']>, off: number, n: number, z: Float64Array, shift: Float64Array | null, out: Float64Array): void {
  const s = teacher.scores;
  let count = 0;
  let mean = 0;
  for (let j = 0; j < n; j++) {
    if (z[j] === MASKED_LOGIT) continue;
    mean += s[off + j]!;
    count++;
  }
  mean /= count;
  let ss = 0;
  for (let j = 0; j < n; j++) if (z[j] !== MASKED_LOGIT) ss += (s[off + j]! - mean) ** 2;
  const inv = 1 / ((Math.sqrt(ss / count) || 1) * teacher.temperature);
  let max = -Infinity;
  for (let j = 0; j < n; j++) {
    if (z[j] === MASKED_LOGIT) {
      out[j] = -Infinity;
      continue;
    }
    const v = (s[off + j]! - mean) * inv - (shift ? shift[j]! : 0);
    out[j] = v;
    if (v > max) max = v;
  }
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const e = out[j] === -Infinity ? 0 : Math.exp(out[j]! - max);
    out[j] = e;
    sum += e;
  }
  for (let j = 0; j < n; j++) out[j]! /= sum;
}

/** Masks column `j` of a row's logits; returns whether it held the row's maximum (which must then be found again). */
function mask(z: Float64Array, j: number, max: number): boolean {
  const wasMax = z[j] === max;
  z[j] = MASKED_LOGIT;
  return wasMax;
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
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}
