import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RetrievalLossOptions } from '../retrieval-loss';
import { fillLogQShift } from '../logq-shift';
import { kernelMemory, simdAvailable } from '../simd/softmax-kernel';
import { simdRowsApply } from '../simd/softmax-rows-simd';
import type { Job, SharedBuffers } from './protocol';
import { runJob, views } from './run-job';

/** Environment variable that sets the softmax threads (1 = main thread only). */
export const THREADS_ENV = 'TWOTOWER_THREADS';
/**
 * Environment variable choosing the row pass: `js` keeps the JavaScript pass (float64 logits)
 * instead of the WebAssembly SIMD kernel (the default where WebAssembly SIMD runs); for
 * comparisons and diagnostics.
 */
export const KERNEL_ENV = 'TWOTOWER_LOSS_KERNEL';
/** Below this many rows the pool is not worth its synchronisation. */
const MIN_PARALLEL_ROWS = 256;

const WORKER_FILE = join(__dirname, 'softmax-worker.js');

/**
 * The threads `TWOTOWER_THREADS` asks for (1 = the main thread only), or undefined when it is
 * unset or empty. Read by this package's row pool and by `@twotower/training`'s parallel matmul,
 * each with its own default.
 * @throws Error naming the variable when it is not a positive integer
 */
export function configuredThreads(): number | undefined {
  const env = process.env[THREADS_ENV];
  if (env === undefined || env === '') return undefined;
  const t = Number(env);
  if (!Number.isInteger(t) || t < 1) throw new Error(`${THREADS_ENV}="${env}" must be a positive integer (1 = no worker thread)`);
  return t;
}

/** Threads the loss uses: `TWOTOWER_THREADS`, or min(2, cores). */
export function wantedThreads(): number {
  return configuredThreads() ?? Math.min(2, availableParallelism());
}

/**
 * Splits the softmax-and-transpose pass of the fused retrieval loss between the main thread and
 * one worker thread over shared memory (tfjs' wasm backend is single-threaded under Node, so the
 * second core is otherwise idle). The worker is unref'd: it never keeps a process alive.
 */
class RowPool {
  private worker: Worker | undefined;
  private buffers: SharedBuffers | undefined;
  private capacity = { cells: 0, n: 0, batch: 0 };
  /** Whether the matrices live in a WebAssembly memory the SIMD kernel runs on. */
  private readonly useKernel: boolean;
  private sent = false;
  private seq = 0;
  readonly enabled: boolean;

  constructor() {
    // The worker runs compiled JavaScript; from TypeScript sources (tests) it is absent.
    this.enabled = wantedThreads() > 1 && existsSync(WORKER_FILE);
    const choice = process.env[KERNEL_ENV];
    if (choice !== undefined && choice !== '' && choice !== 'js' && choice !== 'simd') {
      throw new Error(`${KERNEL_ENV}="${choice}" must be 'js' or 'simd'`);
    }
    this.useKernel = choice !== 'js';
  }

  /** Which row pass runs for jobs the kernel can take: 'simd' or 'js'. */
  get kernel(): 'simd' | 'js' {
    return this.useKernel && simdAvailable() ? 'simd' : 'js';
  }

  private ensure(batch: number, n: number): SharedBuffers {
    const cells = batch * n;
    if (!this.buffers || cells > this.capacity.cells || n > this.capacity.n || batch > this.capacity.batch) {
      const c = Math.max(cells, this.capacity.cells);
      const nn = Math.max(n, this.capacity.n);
      const bb = Math.max(batch, this.capacity.batch);
      const bytes = (3 * c + nn) * 4;
      const memory = this.useKernel ? kernelMemory(bytes) : null;
      this.buffers = {
        matrices: memory !== null ? (memory.buffer as SharedArrayBuffer) : new SharedArrayBuffer(bytes),
        ...(memory !== null ? { memory } : {}),
        cells: c,
        columns: nn,
        logq: new SharedArrayBuffer(nn * 4),
        candidateIds: new SharedArrayBuffer(nn * 4),
        positiveIds: new SharedArrayBuffer(bb * 4),
        sampleWeights: new SharedArrayBuffer(bb * 4),
        control: new SharedArrayBuffer(16),
      };
      this.capacity = { cells: c, n: nn, batch: bb };
      this.sent = false;
    }
    return this.buffers;
  }

  /**
   * Shared buffers sized for the job, for the caller to fill `scores` (and read `grad`,
   * `gradT` after {@link run}).
   */
  prepare(batch: number, n: number) {
    return views(this.ensure(batch, n), batch, n);
  }

  /** Runs the pass over all rows; returns the weighted loss sum. `prepare` first. */
  run(batch: number, n: number, options: RetrievalLossOptions, totalWeight: number): number {
    const b = this.buffers!;
    const v = views(b, batch, n);
    const hasLogq = !!options.candidateLogProb;
    const hasHits = !!(options.positiveIds && options.candidateIds);
    const hasWeights = !!options.sampleWeights;
    const simd = b.memory !== undefined && simdRowsApply(batch, n, options);
    // the JavaScript pass reads logQ itself; the kernel reads it pre-scaled
    if (simd) fillLogQShift(v.shift, options, n);
    else if (hasLogq) v.logq.set(options.candidateLogProb!);
    if (hasHits) {
      v.positiveIds.set(options.positiveIds!);
      v.candidateIds.set(options.candidateIds!);
    }
    if (hasWeights) v.sampleWeights.set(options.sampleWeights!);
    const base: Omit<Job, 'rowStart' | 'rowEnd' | 'seq'> = {
      batch, n, totalWeight,
      temperature: options.temperature ?? 1,
      logQWeight: options.logQWeight ?? 1,
      hardNegatives: options.hardNegatives ?? 0,
      inBatchNegatives: options.inBatchNegatives ?? true,
      hasLogq, hasHits, hasWeights, simd,
    };
    if (!this.enabled || batch < MIN_PARALLEL_ROWS) {
      return runJob({ ...base, seq: 0, rowStart: 0, rowEnd: batch }, b);
    }
    if (!this.worker) {
      this.worker = new Worker(WORKER_FILE);
      this.worker.unref();
    }
    // the kernel transposes 4 rows at a time
    const half = simd ? (batch >> 3) << 2 : batch >> 1;
    const seq = ++this.seq;
    const control = new Int32Array(b.control, 0, 2);
    this.worker.postMessage({ ...base, seq, rowStart: half, rowEnd: batch, buffers: this.sent ? undefined : b } satisfies Job);
    this.sent = true;
    const mine = runJob({ ...base, seq, rowStart: 0, rowEnd: half }, b);
    while (Atomics.load(control, 0) !== seq) Atomics.wait(control, 0, Atomics.load(control, 0), 1000);
    const theirs = new Float64Array(b.control, 8, 1)[0]!;
    return mine + theirs;
  }
}

let pool: RowPool | undefined;

/** The process-wide pool (created on first use). */
export function rowPool(): RowPool {
  pool ??= new RowPool();
  return pool;
}
