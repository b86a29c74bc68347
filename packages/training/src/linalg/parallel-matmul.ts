import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gemmTaskWork, rowTaskArrays, rowTaskSize, rowTaskUnits, runGemmTask, runRowTaskRange, type GemmBatchF32, type GemmTask, type MatMulF32, type RowBatchF32 } from '@twotower/eval';
import { configuredThreads } from '@twotower/losses';
import { CONTROL, CONTROL_SLOTS, type GemmJob, type MatMulBuffers, type RowJob } from './matmul-protocol';
import { tfMatMulF32 } from './tf-matmul';

/** Below this many multiply-adds a product is not worth the worker's synchronisation. */
const MIN_PARALLEL_MACS = 1 << 24;
/** Below this many elements an element-wise row task runs on the calling thread. */
const MIN_PARALLEL_ELEMENTS = 1 << 18;
/** Chunks a row task is cut into at most (both threads take the next one as they finish). */
const ROW_CHUNKS = 32;
/** How long the first product waits for the worker's backend before going on alone, ms. */
const START_TIMEOUT_MS = 60_000;

const WORKER_FILE = join(__dirname, 'matmul-worker.js');

function wantedThreads(): number {
  return configuredThreads() ?? Math.min(2, availableParallelism());
}

/**
 * Large float32 products split between the main thread and one worker thread, each with its own
 * tfjs backend (tfjs's wasm backend runs single-threaded under Node, so a second core is otherwise
 * idle): the worker computes the lower half of C's rows from shared memory while the main thread
 * computes the upper half; the main thread waits for it synchronously, so the product stays a
 * plain function. The worker is unref'd (it never keeps a process alive), started on the first
 * large product, and given up for the process when its backend cannot start (products then run
 * on the main thread alone).
 */
class MatMulPool {
  private worker: Worker | undefined;
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_SLOTS));
  private buffers: MatMulBuffers | undefined;
  private capacity = { a: 0, b: 0, c: 0 };
  private sent = false;
  private seq = 0;
  private failed = false;
  /** When the worker's backend must be up by (ms since the epoch). */
  private deadline = 0;
  /** A gemm batch is running on the worker (products of its `meanwhile` stay here). */
  private busy = false;
  readonly enabled: boolean;

  constructor() {
    // the worker runs compiled JavaScript; from TypeScript sources (tests, tsx) it is absent
    this.enabled = wantedThreads() > 1 && existsSync(WORKER_FILE);
  }

  /** Whether products are being split (the worker started, or may still). */
  get parallel(): boolean {
    return this.enabled && !this.failed;
  }

  private ensure(a: number, b: number, c: number): MatMulBuffers {
    if (!this.buffers || a > this.capacity.a || b > this.capacity.b || c > this.capacity.c) {
      const cap = { a: Math.max(a, this.capacity.a), b: Math.max(b, this.capacity.b), c: Math.max(c, this.capacity.c) };
      this.buffers = { a: new SharedArrayBuffer(cap.a * 4), b: new SharedArrayBuffer(cap.b * 4), c: new SharedArrayBuffer(cap.c * 4) };
      this.capacity = cap;
      this.sent = false;
    }
    return this.buffers;
  }

  /** Starts the worker (its backend loads meanwhile) unless it is started or failed. */
  private spawn(): void {
    if (this.worker || this.failed) return;
    this.worker = new Worker(WORKER_FILE, { workerData: { control: this.control.buffer } });
    this.worker.unref();
    this.deadline = Date.now() + START_TIMEOUT_MS;
  }

  /** Whether the worker's backend is up (without waiting for it). */
  private get ready(): boolean {
    return !this.failed && this.worker !== undefined && Atomics.load(this.control, CONTROL.state) === 1;
  }

  /** Starts the worker and waits for its backend; false when it cannot start. */
  private started(): boolean {
    if (this.failed) return false;
    this.spawn();
    while (Atomics.load(this.control, CONTROL.state) === 0 && Date.now() < this.deadline) Atomics.wait(this.control, CONTROL.state, 0, 200);
    if (Atomics.load(this.control, CONTROL.state) !== 1) {
      this.failed = true;
      void this.worker!.terminate();
      return false;
    }
    return true;
  }

  /** Waits until the worker signals job `seq` (true) or its failure (false). */
  private waitFor(seq: number): boolean {
    let done = Atomics.load(this.control, CONTROL.done);
    while (done !== seq && done !== -seq) {
      Atomics.wait(this.control, CONTROL.done, done, 1000);
      done = Atomics.load(this.control, CONTROL.done);
    }
    return done === seq;
  }

  /**
   * Independent region products on both threads: largest first, each thread taking the next task
   * from a shared counter (a thread the OS holds back leaves more to the other). Tasks whose
   * regions are not all on SharedArrayBuffers, or a batch too small to be worth it, run here.
   */
  gemmBatch: GemmBatchF32 = (batch, meanwhile) => {
    const tasks = [...batch].sort((x, y) => gemmTaskWork(y) - gemmTaskWork(x));
    const shared = (t: GemmTask) => [t.a, t.b, t.c].every((r) => r.data.buffer instanceof SharedArrayBuffer);
    const work = tasks.reduce((s, t) => s + gemmTaskWork(t), 0);
    if (!this.enabled || tasks.length < 2 || work < MIN_PARALLEL_MACS || !tasks.every(shared) || !this.started()) {
      meanwhile?.();
      for (const t of tasks) runGemmTask(t, tfMatMulF32);
      return;
    }
    const status = new Int32Array(new SharedArrayBuffer(4 * tasks.length));
    Atomics.store(this.control, CONTROL.next, 0);
    const seq = ++this.seq;
    const job: GemmJob = { kind: 'gemm', seq, tasks, status: status.buffer as SharedArrayBuffer };
    this.worker!.postMessage(job);
    if (meanwhile) {
      // products meanwhile stay on this thread: the worker is busy with the batch
      this.busy = true;
      try {
        meanwhile();
      } finally {
        this.busy = false;
      }
    }
    const mine: number[] = [];
    for (let i = Atomics.add(this.control, CONTROL.next, 1); i < tasks.length; i = Atomics.add(this.control, CONTROL.next, 1)) {
      runGemmTask(tasks[i]!, tfMatMulF32);
      mine.push(i);
    }
    if (!this.waitFor(seq)) {
      // the worker failed: redo here what it took and did not finish
      const taken = new Set(mine);
      for (let i = 0; i < tasks.length; i++) if (!taken.has(i) && status[i] !== 1) runGemmTask(tasks[i]!, tfMatMulF32);
    }
  };

  /**
   * An element-wise step's units in chunks on both threads (each taking the next from the shared
   * counter). Here alone while a gemm batch runs (its `meanwhile`), for small tasks, for arrays
   * not all on SharedArrayBuffers, and while the worker's backend is still loading (started then,
   * not waited for).
   */
  rowBatch: RowBatchF32 = (task) => {
    const units = rowTaskUnits(task);
    const shared = rowTaskArrays(task).every((d) => d.buffer instanceof SharedArrayBuffer);
    const split = this.enabled && !this.busy && units >= 2 && rowTaskSize(task) >= MIN_PARALLEL_ELEMENTS && shared;
    // not worth waiting for the worker's backend (e.g. the inverse's first mirror): it loads while this thread works
    if (split) this.spawn();
    if (!split || !this.ready) {
      runRowTaskRange(task, 0, units);
      return;
    }
    const chunk = Math.ceil(units / Math.min(ROW_CHUNKS, units));
    const chunks = Math.ceil(units / chunk);
    const status = new Int32Array(new SharedArrayBuffer(4 * chunks));
    Atomics.store(this.control, CONTROL.next, 0);
    const seq = ++this.seq;
    const job: RowJob = { kind: 'rows', seq, task, chunk, status: status.buffer as SharedArrayBuffer };
    this.worker!.postMessage(job);
    const mine: number[] = [];
    for (let i = Atomics.add(this.control, CONTROL.next, 1); i < chunks; i = Atomics.add(this.control, CONTROL.next, 1)) {
      runRowTaskRange(task, i * chunk, Math.min(units, (i + 1) * chunk));
      mine.push(i);
    }
    if (!this.waitFor(seq)) {
      // the worker failed: redo here what it took and did not finish
      const taken = new Set(mine);
      for (let i = 0; i < chunks; i++) if (!taken.has(i) && status[i] !== 1) runRowTaskRange(task, i * chunk, Math.min(units, (i + 1) * chunk));
    }
  };

  matmul: MatMulF32 = (a, b, m, k, n) => {
    if (!this.enabled || this.busy || m < 2 || m * k * n < MIN_PARALLEL_MACS || !this.started()) return tfMatMulF32(a, b, m, k, n);
    const top = m >> 1;
    const rows = m - top;
    const buf = this.ensure(rows * k, k * n, rows * n);
    new Float32Array(buf.a, 0, rows * k).set(a.subarray(top * k, m * k));
    new Float32Array(buf.b, 0, k * n).set(b.subarray(0, k * n));
    const seq = ++this.seq;
    this.worker!.postMessage({ seq, rows, k, n, ...(this.sent ? {} : { buffers: buf }) });
    this.sent = true;
    const out = new Float32Array(m * n);
    out.set(tfMatMulF32(a.subarray(0, top * k), b, top, k, n));
    if (!this.waitFor(seq)) out.set(tfMatMulF32(a.subarray(top * k, m * k), b, rows, k, n), top * n);
    else out.set(new Float32Array(buf.c, 0, rows * n), top * n);
    return out;
  };
}

let pool: MatMulPool | undefined;

/**
 * `C = A·B` (float32, row-major) on the tfjs backend, large products split over two threads where
 * there are two cores (`TWOTOWER_THREADS=1` keeps one): what EASE's blocked inverse runs on
 * (`EaseOptions.matmul`). Same contract as `tfMatMulF32`.
 */
export const parallelMatMulF32: MatMulF32 = (a, b, m, k, n) => {
  pool ??= new MatMulPool();
  return pool.matmul(a, b, m, k, n);
};
/** Batches of independent region products on both threads (dynamic: each takes the next largest task). */
parallelMatMulF32.gemmBatch = (tasks, meanwhile) => {
  pool ??= new MatMulPool();
  pool.gemmBatch(tasks, meanwhile);
};

/** Element-wise steps (copies, Strassen–Winograd combinations, EASE's weights) split by rows over both threads, as the batches are. */
parallelMatMulF32.rowBatch = (task) => {
  pool ??= new MatMulPool();
  pool.rowBatch(task);
};

/** Whether {@link parallelMatMulF32} splits products over a worker thread in this process (compiled code, 2+ threads wanted, the worker's backend started). */
export function matMulThreads(): number {
  pool ??= new MatMulPool();
  return pool.parallel ? 2 : 1;
}
