import { tf } from '@twotower/runtime';
import { readInto } from '../read-into';
import type { RetrievalLossOptions } from '../retrieval-loss';
import type { SoftmaxKernel } from '../simd/softmax-kernel';
import { softmaxRowsSimd } from '../simd/softmax-rows-simd';
import type { LossRegions } from './loss-protocol';

/**
 * What one thread reads and writes: the kernel, the whole memory as floats, and byte offsets of
 * the regions ({@link LossRegions}) with this thread's own `dc` part `[n × dim]` and transposed
 * chunk `[n × chunk]`.
 */
export type ChunkLayout = Omit<LossRegions, 'dc' | 'scratch' | 'bytes'> & {
  kernel: SoftmaxKernel;
  f32: Float32Array;
  dc: number;
  scratch: number;
};

/** Sizes and options of one loss, as both threads need them. */
export interface ChunkJob {
  batch: number;
  n: number;
  dim: number;
  /** Rows per chunk. */
  chunk: number;
  totalWeight: number;
  options: RetrievalLossOptions;
}

/**
 * One thread's share of the fused retrieval loss on its own tfjs backend: chunks of `chunk`
 * query rows taken from the shared counter `next[0]` until none are left (so a thread the OS
 * holds back leaves its share to the other). For each chunk of rows `R`: the scores
 * `S_R = q_R · cᵀ` `[rows × n]`, the row pass (softmax, `G_R = dLoss/dS_R`) on the SIMD kernel,
 * `dq_R = G_R · c` and this thread's `dc += G_Rᵀ · q_R` (from the chunk's own transpose, so no
 * product needs a transposed operand). Returns the thread's sum of weight × loss.
 */
export function runChunks(m: ChunkLayout, job: ChunkJob, next: Int32Array): number {
  const { batch, n, dim, chunk } = job;
  const f = m.f32;
  const view = (at: number, length: number) => f.subarray(at >> 2, (at >> 2) + length);
  let lossSum = 0;
  const dc = tf.tidy(() => {
    const c = tf.tensor2d(view(m.c, n * dim), [n, dim]);
    const cT = tf.transpose(c);
    let acc: tf.Tensor2D = tf.zeros([n, dim]);
    for (;;) {
      const r0 = Atomics.add(next, 0, chunk);
      if (r0 >= batch) break;
      const rows = Math.min(chunk, batch - r0);
      const grown = tf.tidy(() => {
        const qR = tf.tensor2d(view(m.q + r0 * dim * 4, rows * dim), [rows, dim]);
        readInto(tf.matMul(qR, cT), view(m.scores + r0 * n * 4, rows * n));
        lossSum += softmaxRowsSimd(m, batch, n, r0, r0 + rows, job.options, job.totalWeight, false);
        const g = view(m.grad + r0 * n * 4, rows * n);
        m.kernel.transpose(m.grad + r0 * n * 4, rows, n, 0, rows, m.scratch);
        const gR = tf.tensor2d(g, [rows, n]);
        readInto(tf.matMul(gR, c), view(m.dq + r0 * dim * 4, rows * dim));
        const gT = tf.tensor2d(view(m.scratch, n * rows), [n, rows]);
        return tf.add(acc, tf.matMul(gT, qR)) as tf.Tensor2D;
      });
      acc.dispose();
      acc = grown;
    }
    return acc;
  });
  readInto(dc, view(m.dc, n * dim));
  dc.dispose();
  return lossSum;
}
