import type { RetrievalLossOptions } from '../retrieval-loss';
import { softmaxRows } from '../softmax-rows';
import { transposeRowsInto } from '../transpose';
import type { Job, SharedBuffers } from './protocol';

/** Typed views of the shared buffers for a job's sizes. */
export function views(b: SharedBuffers, batch: number, n: number) {
  return {
    scores: new Float32Array(b.scores, 0, batch * n),
    grad: new Float32Array(b.grad, 0, batch * n),
    gradT: new Float32Array(b.gradT, 0, batch * n),
    logq: new Float32Array(b.logq, 0, n),
    candidateIds: new Int32Array(b.candidateIds, 0, n),
    positiveIds: new Int32Array(b.positiveIds, 0, batch),
    sampleWeights: new Float32Array(b.sampleWeights, 0, batch),
  };
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
  const loss = softmaxRows(v.scores, job.batch, job.n, job.rowStart, job.rowEnd, options, job.totalWeight, v.grad);
  transposeRowsInto(v.grad, job.batch, job.n, job.rowStart, job.rowEnd, v.gradT);
  return loss;
}
