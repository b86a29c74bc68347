import type { RetrievalLossOptions } from '../retrieval-loss';
import { softmaxRows } from '../softmax-rows';
import { softmaxKernel, type SoftmaxKernel } from '../simd/softmax-kernel';
import { softmaxRowsSimd } from '../simd/softmax-rows-simd';
import { transposeRowsInto } from '../transpose';
import type { Job, SharedBuffers } from './protocol';

/** Typed views of the shared buffers for a job's sizes, and the byte offsets of the matrices. */
export function views(b: SharedBuffers, batch: number, n: number) {
  const cellBytes = b.cells * 4;
  return {
    scores: new Float32Array(b.matrices, 0, batch * n),
    grad: new Float32Array(b.matrices, cellBytes, batch * n),
    gradT: new Float32Array(b.matrices, 2 * cellBytes, batch * n),
    shift: new Float32Array(b.matrices, 3 * cellBytes, n),
    offsets: { scores: 0, grad: cellBytes, gradT: 2 * cellBytes, shift: 3 * cellBytes },
    logq: new Float32Array(b.logq, 0, n),
    candidateIds: new Int32Array(b.candidateIds, 0, n),
    positiveIds: new Int32Array(b.positiveIds, 0, batch),
    sampleWeights: new Float32Array(b.sampleWeights, 0, batch),
  };
}

/** The kernel instance of each memory this thread has seen (one per buffer set). */
const kernels = new WeakMap<object, SoftmaxKernel>();

function kernelOf(memory: { buffer: ArrayBufferLike }): SoftmaxKernel {
  let k = kernels.get(memory);
  if (!k) {
    k = softmaxKernel(memory);
    kernels.set(memory, k);
  }
  return k;
}

/** Runs a job's share of the work on shared buffers; returns its weighted loss sum. */
export function runJob(job: Job, b: SharedBuffers): number {
  const v = views(b, job.batch, job.n);
  const options: RetrievalLossOptions = {
    temperature: job.temperature,
    logQWeight: job.logQWeight,
    hardNegatives: job.hardNegatives,
    inBatchNegatives: job.inBatchNegatives,
    candidateLogProb: job.hasLogq ? v.logq : undefined,
    positiveIds: job.hasHits ? v.positiveIds : undefined,
    candidateIds: job.hasHits ? v.candidateIds : undefined,
    sampleWeights: job.hasWeights ? v.sampleWeights : undefined,
  };
  if (job.simd && b.memory) {
    const layout = { kernel: kernelOf(b.memory), f32: new Float32Array(b.matrices), ...v.offsets };
    return softmaxRowsSimd(layout, job.batch, job.n, job.rowStart, job.rowEnd, options, job.totalWeight);
  }
  const loss = softmaxRows(v.scores, job.batch, job.n, job.rowStart, job.rowEnd, options, job.totalWeight, v.grad);
  transposeRowsInto(v.grad, job.batch, job.n, job.rowStart, job.rowEnd, v.gradT);
  return loss;
}
