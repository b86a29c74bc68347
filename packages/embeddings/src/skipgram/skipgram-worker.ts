/* The worker side of the skip-gram trainer: trains the slice of the sequences a job names on
 * the shared vectors (Hogwild) and answers with its totals. */
import { parentPort } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './worker-pool';
import { arraysOf } from './shared-arrays';
import { trainRange } from './train-range';

parentPort?.on('message', (m: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { ok: true, totals: trainRange(arraysOf(m.buffers), m.settings, m.job) };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
