/* The worker side of the loss pool: its own tfjs backend, its share of each loss's chunks on the
 * shared kernel memory, completion signalled through Atomics (the main thread waits synchronously). */
import { parentPort, workerData } from 'node:worker_threads';
import { ready } from '@twotower/runtime';
import { softmaxKernel } from '../simd/softmax-kernel';
import { runChunks } from './chunked-loss';
import { LOSS_CONTROL, WORKER_LOSS_BYTE, type LossBuffers, type LossJob } from './loss-protocol';

const controlBuffer = (workerData as { control: SharedArrayBuffer }).control;
const control = new Int32Array(controlBuffer, 0, 4);
const next = new Int32Array(controlBuffer, LOSS_CONTROL.next * 4, 1);
const result = new Float64Array(controlBuffer, WORKER_LOSS_BYTE, 1);
let buffers: LossBuffers | undefined;
let kernel: ReturnType<typeof softmaxKernel> | undefined;

function signal(slot: number, value: number): void {
  Atomics.store(control, slot, value);
  Atomics.notify(control, slot);
}

ready({ log: null }).then(
  () => signal(LOSS_CONTROL.state, 1),
  () => signal(LOSS_CONTROL.state, -1),
);

parentPort?.on('message', (job: LossJob) => {
  try {
    if (job.buffers) {
      buffers = job.buffers;
      kernel = softmaxKernel(buffers.memory);
    }
    const b = buffers!;
    const r = b.regions;
    const options = {
      temperature: job.temperature,
      inBatchNegatives: job.inBatchNegatives,
      positiveIds: job.hasHits ? new Int32Array(b.positiveIds, 0, job.batch) : undefined,
      candidateIds: job.hasHits ? new Int32Array(b.candidateIds, 0, job.n) : undefined,
      sampleWeights: job.hasWeights ? new Float32Array(b.sampleWeights, 0, job.batch) : undefined,
    };
    const layout = { kernel: kernel!, f32: new Float32Array(b.memory.buffer), ...r, dc: r.dc[1], scratch: r.scratch[1] };
    result[0] = runChunks(layout, { batch: job.batch, n: job.n, dim: job.dim, chunk: job.chunk, totalWeight: job.totalWeight, options }, next);
    signal(LOSS_CONTROL.done, job.seq);
  } catch {
    signal(LOSS_CONTROL.done, -job.seq);
  }
});
