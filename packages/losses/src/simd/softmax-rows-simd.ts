import { columnsById } from '../hit-columns';
import { MASKED_LOGIT } from '../remove-accidental-hits';
import type { RetrievalLossOptions } from '../retrieval-loss';
import type { SoftmaxKernel } from './softmax-kernel';

/** Where a job's matrices lie in the kernel's memory (byte offsets) and a float view of it all. */
export interface KernelLayout {
  kernel: SoftmaxKernel;
  /** The whole memory as floats. */
  f32: Float32Array;
  /** Raw scores `[batch × n]`. */
  scores: number;
  /** `dLoss/dScores` `[batch × n]` (written). */
  grad: number;
  /** Its transpose `[n × batch]` (written when the pass transposes). */
  gradT?: number;
  /** `logQWeight · candidateLogProb` `[n]` (zeros without logQ). */
  shift: number;
}

/**
 * Whether {@link softmaxRowsSimd} computes these options at these sizes: everything but hard
 * negatives, with `batch` and `n` multiples of 4.
 */
export function simdRowsApply(batch: number, n: number, options: RetrievalLossOptions): boolean {
  const hard = options.hardNegatives ?? 0;
  return batch % 4 === 0 && n % 4 === 0 && !(hard > 0 && hard < n - 1);
}

/**
 * `softmaxRows` on the WebAssembly SIMD kernel, then the rows' columns of the transpose: rows
 * `[rowStart, rowEnd)` (multiples of 4, or `batch`) of the raw scores become `dLoss/dScores` in
 * `grad` and `gradT`, with temperature, logQ correction, accidental-hit removal and
 * `inBatchNegatives: false` as `softmaxRows` applies them. Returns the rows' sum of weight × loss.
 * float32 throughout (the JavaScript pass keeps float64 logits); values agree to ~1e-6 relative.
 *
 * @param transpose write the rows' columns of `gradT` too (default true).
 */
export function softmaxRowsSimd(
  m: KernelLayout,
  batch: number,
  n: number,
  rowStart: number,
  rowEnd: number,
  options: RetrievalLossOptions,
  totalWeight: number,
  transpose = true,
): number {
  const { kernel, f32 } = m;
  const invT = 1 / (options.temperature ?? 1);
  const w = options.sampleWeights;
  const pos = options.positiveIds && options.candidateIds ? options.positiveIds : undefined;
  const columnsOf = pos ? columnsById(options.candidateIds!, n) : null;
  const noInBatch = options.inBatchNegatives === false;
  let lossSum = 0;
  for (let i = rowStart; i < rowEnd; i++) {
    const rowBytes = i * n * 4;
    const out = m.grad + rowBytes;
    const base = out >> 2;
    let max = kernel.logits(m.scores + rowBytes, m.shift, n, invT, out);
    let masked = false;
    if (columnsOf) {
      for (const j of columnsOf.get(pos![i]!) ?? NO_COLUMNS) {
        if (j !== i) {
          f32[base + j] = MASKED_LOGIT;
          masked = true;
        }
      }
    }
    if (noInBatch) {
      for (let j = 0; j < batch; j++) if (j !== i) f32[base + j] = MASKED_LOGIT;
      masked = masked || batch > 1;
    }
    if (masked) {
      max = -Infinity;
      for (let j = 0; j < n; j++) if (f32[base + j]! > max) max = f32[base + j]!;
    }
    const positive = f32[base + i]!;
    const sum = kernel.expsum(out, n, max);
    const rowWeight = w ? w[i]! : 1;
    // −log softmax of the positive, from its logit (finite even where its exp underflows)
    lossSum += rowWeight * (max - positive + Math.log(sum));
    const scale = (rowWeight / totalWeight) * invT;
    kernel.scale(out, n, scale / sum);
    f32[base + i]! -= scale;
  }
  if (transpose) kernel.transpose(m.grad, batch, n, rowStart, rowEnd, m.gradT!);
  return lossSum;
}

const NO_COLUMNS: readonly number[] = [];
