import { mirrorLowerBlock, tileRows, transposeBlock } from './block-copies';
import type { GemmTask, MatrixRegion } from './gemm';
import { combineInto } from './strassen-combine';

/**
 * An element-wise step of the inverse (or of EASE's weights) whose work splits into independent
 * units (rows, or rows of 64 × 64 tiles) that may run at once on several threads: plain data, so
 * that it can be posted to a worker thread (arrays on `SharedArrayBuffer`s are then shared).
 *
 * - `mirrorLower`: `mirrorLowerBlock(a, n, r0, s)`; units: rows of tiles of the block.
 * - `transpose`: `transposeBlock(a, n, r0, c0, rows, cols)`; units: rows of tiles of the source.
 * - `combine`: Strassen–Winograd's `combineInto(c, m, h, w, mode)`; units: the products' `h` rows.
 * - `scaleColumns`: rows `[row0, row0 + rows)` of the `[n × n]` `a` in place, `a[i][j] *= scale[j]`
 *   and `a[i][i] = 0` (EASE's `B = −P·diag(1/diag(P))` with `scale[j] = −1/P[j][j]`); units: rows.
 */
export type RowTask =
  | { kernel: 'mirrorLower'; a: Float32Array; n: number; r0: number; s: number }
  | { kernel: 'transpose'; a: Float32Array; n: number; r0: number; c0: number; rows: number; cols: number }
  | { kernel: 'combine'; c: MatrixRegion; m: Float32Array[]; h: number; w: number; mode: GemmTask['mode'] }
  | { kernel: 'scaleColumns'; a: Float32Array; n: number; scale: Float64Array; row0: number; rows: number };

/**
 * Runs a {@link RowTask}'s units, all of them (`runRowTaskRange(t, 0, rowTaskUnits(t))` on this
 * thread) or split over threads; returns when all are done. Absent from a `MatMulF32`, row tasks
 * run on the calling thread.
 */
export type RowBatchF32 = (task: RowTask) => void;

/** Independent units of a {@link RowTask}. */
export function rowTaskUnits(t: RowTask): number {
  switch (t.kernel) {
    case 'mirrorLower':
      return tileRows(t.s);
    case 'transpose':
      return tileRows(t.rows);
    case 'combine':
      return t.h;
    case 'scaleColumns':
      return t.rows;
  }
}

/** Elements a {@link RowTask} writes (about): whether it is worth splitting. */
export function rowTaskSize(t: RowTask): number {
  switch (t.kernel) {
    case 'mirrorLower':
      return (t.s * t.s) / 2;
    case 'transpose':
      return t.rows * t.cols;
    case 'combine':
      return 4 * t.h * t.w;
    case 'scaleColumns':
      return t.rows * t.n;
  }
}

/** The arrays a {@link RowTask} reads or writes (all on `SharedArrayBuffer`s: another thread may run its units). */
export function rowTaskArrays(t: RowTask): Array<Float32Array | Float64Array> {
  switch (t.kernel) {
    case 'combine':
      return [t.c.data, ...t.m];
    case 'scaleColumns':
      return [t.a, t.scale];
    default:
      return [t.a];
  }
}

/** Runs units `[u0, u1)` of `t` on this thread (disjoint ranges write disjoint elements). */
export function runRowTaskRange(t: RowTask, u0: number, u1: number): void {
  switch (t.kernel) {
    case 'mirrorLower':
      mirrorLowerBlock(t.a, t.n, t.r0, t.s, u0, u1);
      return;
    case 'transpose':
      transposeBlock(t.a, t.n, t.r0, t.c0, t.rows, t.cols, u0, u1);
      return;
    case 'combine':
      combineInto(t.c, t.m, t.h, t.w, t.mode, u0, u1);
      return;
    case 'scaleColumns': {
      const { a, n, scale, row0 } = t;
      for (let i = row0 + u0; i < row0 + u1; i++) {
        const ri = i * n;
        for (let j = 0; j < n; j++) a[ri + j] = a[ri + j]! * scale[j]!;
        a[ri + i] = 0;
      }
    }
  }
}

/** A {@link RowBatchF32} running every unit on the calling thread. */
export const runRowTask: RowBatchF32 = (t) => runRowTaskRange(t, 0, rowTaskUnits(t));
