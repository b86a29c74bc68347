import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EmbeddingsInputError } from '../errors';
import { runPart, Task } from './kmeans-kernels';
import { allocateState, stateOf } from './kmeans-state';
import type { KMeansShape, KMeansState } from './kmeans-state';

/** Environment variable that sets the threads of `kMeans` when its `threads` option is absent (1 = main thread only). */
export const KMEANS_THREADS_ENV = 'TWOTOWER_THREADS';
/** Below this many rows a second thread is not worth starting. */
const MIN_PARALLEL_ROWS = 20_000;
const WORKER_FILE = join(__dirname, 'kmeans-worker.js');

/**
 * @internal Runs k-means tasks over the two parts of the rows: part 0 on the calling thread,
 * part 1 on a worker thread over shared memory when one is wanted and available (the worker is
 * compiled JavaScript, absent when running from TypeScript sources, e.g. in tests), else also on
 * the calling thread. Synchronous: the caller blocks (Atomics.wait) until both parts are done.
 */
export class KMeansPool {
  readonly state: KMeansState;
  readonly threads: number;
  private readonly worker: Worker | undefined;
  private readonly ctl: Int32Array | undefined;

  /**
   * @param threads 1 or 2 (more count as 2); default from the environment.
   * @param workerFile the compiled worker; default `kmeans-worker.js` beside this file. Tests
   *   pass the built one (when they run from sources); given, it also lifts the row minimum.
   */
  constructor(shape: KMeansShape, threads: number | undefined, workerFile?: string) {
    const wanted = threads ?? envThreads();
    const file = workerFile ?? WORKER_FILE;
    const parallel = wanted > 1 && (shape.rows >= MIN_PARALLEL_ROWS || workerFile !== undefined) && existsSync(file);
    const raw = allocateState(shape, parallel);
    this.state = stateOf(raw);
    this.threads = parallel ? 2 : 1;
    if (parallel) {
      const control = new SharedArrayBuffer(16);
      this.ctl = new Int32Array(control);
      this.worker = new Worker(file, { workerData: { raw, control } });
      this.worker.unref();
    }
  }

  /** Runs `task` on both parts and returns when both are done. */
  run(task: Task): void {
    const ctl = this.ctl;
    if (ctl === undefined) {
      runPart(this.state, task, 0);
      runPart(this.state, task, 1);
      return;
    }
    Atomics.store(ctl, 1, task);
    const seq = Atomics.add(ctl, 0, 1) + 1;
    Atomics.notify(ctl, 0);
    runPart(this.state, task, 0);
    for (;;) {
      const done = Atomics.load(ctl, 2);
      if (done === seq) break;
      if (Atomics.load(ctl, 3) !== 0) break;
      Atomics.wait(ctl, 2, done, 1000);
    }
    if (Atomics.load(ctl, 3) !== 0) throw new Error('kMeans: the worker thread failed; run with TWOTOWER_THREADS=1 to see the error on the main thread');
  }

  /** Stops the worker thread (the pool is unusable afterwards). */
  close(): void {
    const ctl = this.ctl;
    if (ctl === undefined) return;
    Atomics.store(ctl, 1, Task.Stop);
    Atomics.add(ctl, 0, 1);
    Atomics.notify(ctl, 0);
    void this.worker?.terminate();
  }
}

/**
 * @internal A pool for `[rows × dim]` rows and `k` clusters, with the rows (in double, scaled
 * to unit length when `unit`) and their squared norms filled in.
 */
export function createPool(vectors: Float32Array, rows: number, dim: number, k: number, unit: boolean, threads?: number, workerFile?: string): KMeansPool {
  const pool = new KMeansPool({ rows, dim, k, trials: 2 + Math.floor(Math.log(k)), groups: Math.max(1, Math.round(k / 10)) }, threads, workerFile);
  const { x, xNorms } = pool.state;
  for (let i = 0, o = 0; i < rows; i++, o += dim) {
    let n = 0;
    for (let d = 0; d < dim; d++) n += vectors[o + d]! * vectors[o + d]!;
    const scale = unit ? (n > 0 ? 1 / Math.sqrt(n) : 0) : 1;
    let m = 0;
    for (let d = 0; d < dim; d++) {
      const v = vectors[o + d]! * scale;
      x[o + d] = v;
      m += v * v;
    }
    xNorms[i] = m;
  }
  return pool;
}

function envThreads(): number {
  const env = process.env[KMEANS_THREADS_ENV];
  if (env !== undefined && env !== '') {
    const t = Number(env);
    if (!Number.isInteger(t) || t < 1) throw new EmbeddingsInputError(KMEANS_THREADS_ENV, `"${env}" must be a positive integer (1 = no worker thread)`);
    return t;
  }
  return Math.min(2, availableParallelism());
}
