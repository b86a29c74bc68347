/* The worker side of the parallel matmul: its own tfjs backend, products posted by the main thread
 * on shared memory, completion signalled through Atomics (the main thread waits synchronously). */
import { parentPort, workerData } from 'node:worker_threads';
import { rowTaskUnits, runGemmTask, runRowTaskRange } from '@twotower/eval';
import { ready } from '@twotower/runtime';
import { CONTROL, type GemmJob, type MatMulBuffers, type MatMulJob, type RowJob } from './matmul-protocol';
import { tfMatMulF32 } from './tf-matmul';

const control = new Int32Array((workerData as { control: SharedArrayBuffer }).control);
let buffers: MatMulBuffers | undefined;

function signal(slot: number, value: number): void {
  Atomics.store(control, slot, value);
  Atomics.notify(control, slot);
}

ready({ log: null }).then(
  () => signal(CONTROL.state, 1),
  () => signal(CONTROL.state, -1),
);

/** Takes tasks of the batch until none is left. */
function runGemm(job: GemmJob): void {
  const status = new Int32Array(job.status);
  for (let i = Atomics.add(control, CONTROL.next, 1); i < job.tasks.length; i = Atomics.add(control, CONTROL.next, 1)) {
    runGemmTask(job.tasks[i]!, tfMatMulF32);
    status[i] = 1;
  }
}

/** Takes chunks of the row task until none is left. */
function runRows(job: RowJob): void {
  const status = new Int32Array(job.status);
  const units = rowTaskUnits(job.task);
  for (let i = Atomics.add(control, CONTROL.next, 1); i < status.length; i = Atomics.add(control, CONTROL.next, 1)) {
    runRowTaskRange(job.task, i * job.chunk, Math.min(units, (i + 1) * job.chunk));
    status[i] = 1;
  }
}

parentPort?.on('message', (job: MatMulJob | GemmJob | RowJob) => {
  try {
    if (job.kind === 'gemm') {
      runGemm(job);
    } else if (job.kind === 'rows') {
      runRows(job);
    } else {
      if (job.buffers) buffers = job.buffers;
      const a = new Float32Array(buffers!.a, 0, job.rows * job.k);
      const b = new Float32Array(buffers!.b, 0, job.k * job.n);
      new Float32Array(buffers!.c, 0, job.rows * job.n).set(tfMatMulF32(a, b, job.rows, job.k, job.n));
    }
    signal(CONTROL.done, job.seq);
  } catch {
    signal(CONTROL.done, -job.seq);
  }
});
