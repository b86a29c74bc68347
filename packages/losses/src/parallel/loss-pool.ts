import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { tf } from '@twotower/runtime';
import type { RetrievalLossOptions } from '../retrieval-loss';
import { readInto } from '../read-into';
import { fillLogQShift } from '../logq-shift';
import { kernelMemory, simdAvailable, softmaxKernel, type SoftmaxKernel } from '../simd/softmax-kernel';
import { simdRowsApply } from '../simd/softmax-rows-simd';
import { runChunks } from './chunked-loss';
import { LOSS_CONTROL, WORKER_LOSS_BYTE, lossRegions, type LossBuffers, type LossJob } from './loss-protocol';
import { KERNEL_ENV, wantedThreads } from './row-pool';

const WORKER_FILE = join(__dirname, 'loss-worker.js');
/** Below this many query rows the products are too small to share. */
const MIN_ROWS = 256;

/** What {@link LossPool.run} returns. */
export interface PooledLoss {
  /** Sum over rows of weight × loss. */
  lossSum: number;
  /** `dLoss/dQueries` `[batch × dim]` (a view of shared memory, valid until the next run). */
  dq: Float32Array;
  /** `dLoss/dCandidates` `[n × dim]`. */
  dc: Float32Array;
}

/**
 * The whole fused retrieval loss on two threads, each with its own tfjs backend (tfjs's wasm
 * backend runs single-threaded under Node): the main thread and one worker take chunks of query
 * rows from a shared counter and, for each, compute the chunk's scores, its softmax pass on the
 * SIMD kernel, its rows of `dLoss/dQueries` and their part of `dLoss/dCandidates` (summed at the
 * end). Used on the wasm backend with two threads (`TWOTOWER_THREADS`), once the worker's backend
 * has started (until then, and for what it cannot take, the row pool serves). The worker is
 * unref'd: it never keeps a process alive.
 */
export class LossPool {
  private worker: Worker | undefined;
  private readonly control = new SharedArrayBuffer(32);
  private buffers: LossBuffers | undefined;
  private kernel: SoftmaxKernel | undefined;
  private capacity = { batch: 0, n: 0, dim: 0, chunk: 0 };
  private sent = false;
  private seq = 0;
  private failed = false;
  readonly enabled: boolean;

  constructor() {
    const threads = wantedThreads();
    this.enabled = threads > 1 && process.env[KERNEL_ENV] !== 'js' && existsSync(WORKER_FILE) && simdAvailable();
  }

  /** Losses computed by the pool so far in this process. */
  get runs(): number {
    return this.failed ? 0 : this.seq;
  }

  private get state(): number {
    return Atomics.load(new Int32Array(this.control), LOSS_CONTROL.state);
  }

  /**
   * Whether {@link run} takes this loss now: the wasm backend, sizes the kernel handles, at least
   * {@link MIN_ROWS} queries, and the worker's backend started (the first call starts it and says no).
   */
  takes(batch: number, n: number, options: RetrievalLossOptions): boolean {
    if (!this.enabled || this.failed || batch < MIN_ROWS || tf.getBackend() !== 'wasm' || !simdRowsApply(batch, n, options)) return false;
    if (!this.worker) {
      this.worker = new Worker(WORKER_FILE, { workerData: { control: this.control } });
      this.worker.unref();
      this.worker.on('error', () => {
        this.failed = true;
      });
    }
    if (this.state === -1) this.failed = true;
    return this.state === 1;
  }

  private ensure(batch: number, n: number, dim: number, chunk: number): LossBuffers {
    const c = this.capacity;
    if (!this.buffers || batch > c.batch || n > c.n || dim > c.dim || chunk > c.chunk) {
      const cap = { batch: Math.max(batch, c.batch), n: Math.max(n, c.n), dim: Math.max(dim, c.dim), chunk: Math.max(chunk, c.chunk) };
      const regions = lossRegions(cap.batch, cap.n, cap.dim, cap.chunk);
      const memory = kernelMemory(regions.bytes);
      if (memory === null) throw new Error('fusedRetrievalLoss: could not allocate the shared WebAssembly memory of the loss pool');
      this.buffers = {
        memory, regions,
        positiveIds: new SharedArrayBuffer(cap.batch * 4),
        candidateIds: new SharedArrayBuffer(cap.n * 4),
        sampleWeights: new SharedArrayBuffer(cap.batch * 4),
      };
      this.kernel = softmaxKernel(memory);
      this.capacity = cap;
      this.sent = false;
    }
    return this.buffers;
  }

  /**
   * The loss and both gradients (see {@link PooledLoss}) for queries `[batch × dim]` against
   * candidates `[n × dim]` (read straight into the shared memory); null when the worker failed (the caller computes it another way).
   */
  run(q: tf.Tensor2D, c: tf.Tensor2D, options: RetrievalLossOptions, totalWeight: number): PooledLoss | null {
    const [batch, dim] = q.shape;
    const n = c.shape[0];
    const chunk = batch >= 1024 ? 256 : Math.max(4, (batch >> 4) << 2);
    const b = this.ensure(batch, n, dim, chunk);
    const r = b.regions;
    const f32 = new Float32Array(b.memory.buffer);
    readInto(q, f32.subarray(r.q >> 2, (r.q >> 2) + batch * dim));
    readInto(c, f32.subarray(r.c >> 2, (r.c >> 2) + n * dim));
    fillLogQShift(f32.subarray(r.shift >> 2, (r.shift >> 2) + n), options, n);
    const hasHits = !!(options.positiveIds && options.candidateIds);
    const hasWeights = !!options.sampleWeights;
    if (hasHits) {
      new Int32Array(b.positiveIds, 0, batch).set(options.positiveIds!);
      new Int32Array(b.candidateIds, 0, n).set(options.candidateIds!);
    }
    if (hasWeights) new Float32Array(b.sampleWeights, 0, batch).set(options.sampleWeights!);
    const control = new Int32Array(this.control, 0, 4);
    const next = new Int32Array(this.control, LOSS_CONTROL.next * 4, 1);
    Atomics.store(next, 0, 0);
    const seq = ++this.seq;
    const job: LossJob = {
      seq, batch, n, dim, chunk, totalWeight,
      temperature: options.temperature ?? 1,
      inBatchNegatives: options.inBatchNegatives ?? true,
      hasHits, hasWeights,
      ...(this.sent ? {} : { buffers: b }),
    };
    this.worker!.postMessage(job);
    this.sent = true;
    const shared = {
      temperature: job.temperature,
      inBatchNegatives: job.inBatchNegatives,
      positiveIds: hasHits ? new Int32Array(b.positiveIds, 0, batch) : undefined,
      candidateIds: hasHits ? new Int32Array(b.candidateIds, 0, n) : undefined,
      sampleWeights: hasWeights ? new Float32Array(b.sampleWeights, 0, batch) : undefined,
    };
    const layout = { kernel: this.kernel!, f32, ...r, dc: r.dc[0], scratch: r.scratch[0] };
    const mine = runChunks(layout, { batch, n, dim, chunk, totalWeight, options: shared }, next);
    let done = Atomics.load(control, LOSS_CONTROL.done);
    while (done !== seq && done !== -seq) {
      Atomics.wait(control, LOSS_CONTROL.done, done, 1000);
      done = Atomics.load(control, LOSS_CONTROL.done);
    }
    if (done === -seq) {
      this.failed = true;
      return null;
    }
    const theirs = new Float64Array(this.control, WORKER_LOSS_BYTE, 1)[0]!;
    const dc = f32.slice(r.dc[0] >> 2, (r.dc[0] >> 2) + n * dim);
    const other = f32.subarray(r.dc[1] >> 2, (r.dc[1] >> 2) + n * dim);
    for (let i = 0; i < dc.length; i++) dc[i]! += other[i]!;
    return { lossSum: mine + theirs, dq: f32.subarray(r.dq >> 2, (r.dq >> 2) + batch * dim), dc };
  }
}

let pool: LossPool | undefined;

/** The process-wide loss pool (created on first use). */
export function lossPool(): LossPool {
  pool ??= new LossPool();
  return pool;
}
