import { Worker } from 'node:worker_threads';
import type { SparseP } from './joint-probabilities';
import { QuadTree } from './quadtree';
import { attractiveForces, combineForces, repulsionGroups, repulsiveForces, sumInOrder } from './tsne-gradient';

/** Share of the repulsion groups (by points) the worker takes: the main thread also does the attraction. */
const WORKER_SHARE = 0.6;
/** How long the main thread waits for a worker before giving up on it. */
const READY_TIMEOUT_MS = 10000;
const JOB_TIMEOUT_MS = 120000;

const sharedF64 = (length: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * Math.max(1, length)));
const sharedI32 = (length: number): Int32Array => new Int32Array(new SharedArrayBuffer(4 * Math.max(1, length)));

/** The worker's program: the repulsion kernel's own source plus a message loop. */
function workerSource(): string {
  return `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const repulsiveForces = ${repulsiveForces.toString()};
const control = new Int32Array(workerData.control);
parentPort.on('message', (m) => {
  let state = 1;
  try {
    const tree = { cells: new Float64Array(m.cells), order: new Int32Array(m.order), start: new Int32Array(m.start), next: new Int32Array(m.next) };
    repulsiveForces(new Float64Array(m.y), new Int32Array(m.groups), m.from, m.to, m.theta, tree, new Float64Array(m.neg), new Float64Array(m.groupQ));
  } catch (e) {
    state = 2;
  }
  Atomics.store(control, 0, state);
  Atomics.notify(control, 0);
});
Atomics.store(control, 1, 1); // ready
Atomics.notify(control, 1);
`;
}

/**
 * The Barnes-Hut t-SNE gradient with its state (quadtree, scratch) and, with `threads` 2, a
 * worker thread that computes part of the repulsion while this thread computes the rest and the
 * attraction. The numbers are the same for 1 or 2 threads (each group's sum is kept and summed
 * in one order). The call stays synchronous: the main thread waits on an atomic flag. When the
 * worker cannot start (no worker_threads, instrumented source), it quietly runs on one thread.
 */
export class BarnesHut {
  readonly n: number;
  /** `[n, 2]` embedding, updated in place by the optimiser (shared with the worker). */
  readonly y: Float64Array;
  private readonly tree: QuadTree;
  private readonly neg: Float64Array;
  private readonly groups: Int32Array;
  private readonly groupQ: Float64Array;
  private worker: Worker | null = null;
  private control: Int32Array | null = null;

  /** Threads in use (1 or 2). */
  get threads(): number {
    return this.worker ? 2 : 1;
  }

  constructor(
    n: number,
    private readonly upper: SparseP,
    private readonly theta: number,
    threads: number,
  ) {
    this.n = n;
    const shared = threads > 1 && typeof SharedArrayBuffer === 'function';
    this.y = shared ? sharedF64(2 * n) : new Float64Array(2 * n);
    this.neg = shared ? sharedF64(2 * n) : new Float64Array(2 * n);
    this.groups = shared ? sharedI32(n) : new Int32Array(n);
    this.groupQ = shared ? sharedF64(n) : new Float64Array(n);
    this.tree = new QuadTree(Math.max(1024, 4 * n), shared);
    if (shared) this.startWorker();
  }

  private startWorker(): void {
    try {
      const control = sharedI32(2);
      const worker = new Worker(workerSource(), { eval: true, workerData: { control: control.buffer } });
      worker.unref();
      worker.on('error', () => undefined); // reported through the control flag (never set)
      if (Atomics.wait(control, 1, 0, READY_TIMEOUT_MS) === 'timed-out' && Atomics.load(control, 1) !== 1) {
        void worker.terminate();
        return;
      }
      this.worker = worker;
      this.control = control;
    } catch {
      this.worker = null;
    }
  }

  /**
   * ∂KL/∂y into `grad` for the current {@link y}.
   * @returns KL(P‖Q) when `computeKl`, else NaN.
   */
  gradient(exaggeration: number, grad: Float64Array, computeKl: boolean): number {
    const { y, n, tree, groups, groupQ, neg } = this;
    tree.build(y, n);
    const count = repulsionGroups(tree, groups);
    let split = 0;
    if (this.worker && this.control) {
      // the worker takes the first WORKER_SHARE of the points, in whole groups
      const target = WORKER_SHARE * n;
      let s = 0;
      let covered = 0;
      for (; s < count && covered < target; s++) covered += tree.cells[groups[s]! * 8 + 5]!;
      split = s;
      Atomics.store(this.control, 0, 0);
      this.worker.postMessage({
        cells: tree.cells.buffer,
        order: tree.order.buffer,
        start: tree.start.buffer,
        next: tree.next.buffer,
        y: y.buffer,
        groups: groups.buffer,
        neg: neg.buffer,
        groupQ: groupQ.buffer,
        from: 0,
        to: split,
        theta: this.theta,
      });
    }
    const attraction = attractiveForces(y, n, this.upper, exaggeration, grad, computeKl);
    repulsiveForces(y, groups, split, count, this.theta, tree, neg, groupQ);
    if (split > 0 && this.control) {
      if (Atomics.wait(this.control, 0, 0, JOB_TIMEOUT_MS) === 'timed-out' || Atomics.load(this.control, 0) !== 1) {
        // the worker failed or hung: finish its share here and carry on alone
        this.close();
        repulsiveForces(y, groups, 0, split, this.theta, tree, neg, groupQ);
      }
    }
    return combineForces(n, grad, neg, sumInOrder(groupQ, count), attraction, computeKl);
  }

  /** Stops the worker thread (if any). */
  close(): void {
    if (this.worker) void this.worker.terminate();
    this.worker = null;
    this.control = null;
  }
}
