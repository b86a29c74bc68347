import type { GemmTask, RowTask } from '@twotower/eval';

/** Shared state between the main thread and the matmul worker (one product at a time). */
export interface MatMulBuffers {
  /** Float32: the worker's rows of A, `[rows × k]`. */
  a: SharedArrayBuffer;
  /** Float32: all of B, `[k × n]`. */
  b: SharedArrayBuffer;
  /** Float32: the worker's rows of C, `[rows × n]`. */
  c: SharedArrayBuffer;
}

/** One product for the worker: `C[rows × n] = A[rows × k] · B[k × n]` on the shared buffers. */
export interface MatMulJob {
  kind?: 'matmul';
  seq: number;
  rows: number;
  k: number;
  n: number;
  /** New buffers, when they grew since the last job. */
  buffers?: MatMulBuffers;
}

/**
 * A batch of region products on shared memory: both threads take tasks in order (largest first)
 * by incrementing `CONTROL.next`, and the worker marks each one it finished in `status`.
 */
export interface GemmJob {
  kind: 'gemm';
  seq: number;
  tasks: GemmTask[];
  /** Int32 per task: 1 once the worker finished it. */
  status: SharedArrayBuffer;
}

/**
 * An element-wise step split into chunks of `chunk` units (`runRowTaskRange`): both threads take
 * chunks in order by incrementing `CONTROL.next`, and the worker marks each one it finished in `status`.
 */
export interface RowJob {
  kind: 'rows';
  seq: number;
  task: RowTask;
  /** Units per chunk (the last may be shorter). */
  chunk: number;
  /** Int32 per chunk: 1 once the worker finished it. */
  status: SharedArrayBuffer;
}

/** Int32 slots of the control buffer. */
export const CONTROL = {
  /** Sequence number of the last job the worker finished (negative: it failed). */
  done: 0,
  /** 0 while the worker starts its backend, 1 ready, -1 it could not. */
  state: 1,
  /** Next task of the current gemm batch to take (Atomics.add). */
  next: 2,
} as const;

/** Int32 slots the control buffer holds. */
export const CONTROL_SLOTS = 3;
