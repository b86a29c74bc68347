import { parentPort, workerData } from 'node:worker_threads';
import { runPart, Task } from './kmeans-kernels';
import { stateOf } from './kmeans-state';
import type { RawState } from './kmeans-state';

/**
 * @internal The k-means worker thread: runs part 1 of each task the main thread posts through
 * the shared control word (see kmeans-pool.ts), until told to stop.
 */
const { raw, control } = workerData as { raw: RawState; control: SharedArrayBuffer };
const state = stateOf(raw);
const ctl = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  const task = Atomics.load(ctl, 1) as Task;
  if (task === Task.Stop) break;
  try {
    runPart(state, task, 1);
  } catch (error) {
    Atomics.store(ctl, 3, 1);
    parentPort?.postMessage(String(error));
  }
  Atomics.store(ctl, 2, seen);
  Atomics.notify(ctl, 2);
}
