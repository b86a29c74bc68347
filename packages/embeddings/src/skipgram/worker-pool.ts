import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SkipGramBuffers } from './shared-arrays';
import type { RangeJob, RangeTotals, SkipGramKernelSettings } from './train-range';

/** A job posted to a worker. */
export interface WorkerRequest {
  buffers: SkipGramBuffers;
  settings: SkipGramKernelSettings;
  job: RangeJob;
}

/** A worker's answer. */
export type WorkerReply = { ok: true; totals: RangeTotals } | { ok: false; message: string };

const WORKER_FILE = join(__dirname, 'skipgram-worker.js');
const idle: Worker[] = [];

/** Whether the compiled worker exists (it does in `dist/`, not beside the TypeScript sources). */
export function workersAvailable(): boolean {
  return existsSync(WORKER_FILE);
}

/** `n` workers, reused from earlier runs when possible; give them back with {@link releaseWorkers}. */
export function acquireWorkers(n: number): Worker[] {
  const out: Worker[] = [];
  while (out.length < n) out.push(idle.pop() ?? new Worker(WORKER_FILE));
  for (const w of out) w.ref();
  return out;
}

/** Returns workers to the pool, unref'd: idle workers never keep the process alive. */
export function releaseWorkers(workers: Worker[]): void {
  for (const w of workers) {
    w.unref();
    idle.push(w);
  }
}

/** Runs one job on a worker. A worker that fails is terminated rather than reused. */
export function runOnWorker(worker: Worker, request: WorkerRequest): Promise<RangeTotals> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: WorkerReply) => {
      worker.off('error', onError);
      if (reply.ok) resolve(reply.totals);
      else reject(new Error(`skip-gram worker failed: ${reply.message}`));
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(request);
  });
}
