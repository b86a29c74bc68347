/* The worker side of the row pool: runs jobs posted by the main thread on shared memory and
 * signals completion through Atomics (the main thread waits synchronously). */
import { parentPort } from 'node:worker_threads';
import type { Job, SharedBuffers } from './protocol';
import { runJob } from './run-job';

let buffers: SharedBuffers | undefined;
parentPort?.on('message', (job: Job) => {
  if (job.buffers) buffers = job.buffers;
  const control = new Int32Array(buffers!.control, 0, 2);
  const result = new Float64Array(buffers!.control, 8, 1);
  try {
    result[0] = runJob(job, buffers!);
  } catch {
    result[0] = NaN;
  }
  Atomics.store(control, 0, job.seq);
  Atomics.notify(control, 0);
});
