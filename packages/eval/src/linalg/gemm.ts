import { EvalInputError } from '../errors';
import type { MatMulF32 } from './matmul';

/**
 * A rectangle of a row-major float32 matrix, used as an operand or a destination of a
 * {@link GemmTask} without being copied out first. Backed by a `SharedArrayBuffer`, a worker
 * thread can read and write it too (see {@link sharedF32}).
 */
export interface MatrixRegion {
  /** Row-major storage of the whole matrix. */
  data: Float32Array;
  /** Index in `data` of the region's element (0, 0). */
  offset: number;
  /** Elements between consecutive rows of the matrix. */
  stride: number;
  /** Stored shape `[rows × cols]`. */
  rows: number;
  cols: number;
  /** The operand is the stored region's `[cols × rows]` transpose. Default false (not allowed for `c`). */
  transpose?: boolean;
}

/**
 * One product `C (mode) A·B` on regions: `a` `[m × k]`, `b` `[k × n]`, `c` `[m × n]` (after
 * transposes). `mode` `'set'` writes the product, `'add'` / `'sub'` add it to / subtract it from C.
 * All operands are read before C is written, so `c` may overlap this task's own operands, never
 * what another task of the same batch reads or writes.
 */
export interface GemmTask {
  a: MatrixRegion;
  b: MatrixRegion;
  c: MatrixRegion;
  mode: 'set' | 'add' | 'sub';
  /** A right factor `[n × n₂]` applied to the product before it reaches C: `C (mode)= (A·B)·post`, c then `[m × n₂]`. Default none. */
  post?: MatrixRegion;
  /** A is upper triangular (`A[i][p] = 0` for `i > p`): each slice of the inner dimension multiplies only the rows above its end. Default false. */
  aUpper?: boolean;
}

/**
 * Runs independent {@link GemmTask}s (in any order, possibly at once on several threads); returns
 * when all are done. `meanwhile`, given, runs on the calling thread while other threads start on
 * the tasks (it must not touch what they read or write).
 */
export type GemmBatchF32 = (tasks: readonly GemmTask[], meanwhile?: () => void) => void;

/** Inner dimension of the products a task is cut into: operands stay small enough for the GEMM's caches. */
export const GEMM_K_CHUNK = 512;

/** A zeroed float32 array on a `SharedArrayBuffer`, so that a worker thread can use it as a {@link MatrixRegion}. */
export function sharedF32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}

/** `[rows × cols]` of the operand `r` (after its transpose). */
export function operandShape(r: MatrixRegion): [number, number] {
  return r.transpose ? [r.cols, r.rows] : [r.rows, r.cols];
}

/** Multiply-adds of a task. */
export function gemmTaskWork(t: GemmTask): number {
  const [m, k] = operandShape(t.a);
  const n = operandShape(t.b)[1];
  // an upper-triangular A: about half of the full product when m ≈ k
  const ak = t.aUpper ? Math.min(m, k) ** 2 / 2 + Math.max(0, k - m) * m : m * k;
  return n * (ak + (t.post ? m * operandShape(t.post)[1] : 0));
}

/**
 * Copies rows `[r0, r0+nr)` × columns `[c0, c0+nc)` of the operand `r` into `[nr × nc]` row-major:
 * into the start of `into` when given (at least `nr·nc` long; the view returned), else a new array.
 */
export function packOperand(r: MatrixRegion, r0: number, nr: number, c0: number, nc: number, into?: Float32Array): Float32Array {
  const out = into ? into.subarray(0, nr * nc) : new Float32Array(nr * nc);
  const { data, offset, stride } = r;
  if (!r.transpose) {
    for (let i = 0; i < nr; i++) {
      const s = offset + (r0 + i) * stride + c0;
      out.set(data.subarray(s, s + nc), i * nc);
    }
    return out;
  }
  // operand (i, j) is stored at (c0 + j, r0 + i): tiles of 32 × 32, walking stored rows within each
  const T = 32;
  for (let it = 0; it < nr; it += T) {
    const ie = Math.min(nr, it + T);
    for (let jt = 0; jt < nc; jt += T) {
      const je = Math.min(nc, jt + T);
      for (let j = jt; j < je; j++) {
        const s = offset + (c0 + j) * stride + r0;
        for (let i = it; i < ie; i++) out[i * nc + j] = data[s + i]!;
      }
    }
  }
  return out;
}

function check(t: GemmTask): [number, number, number] {
  const [m, k] = operandShape(t.a);
  const [k2, n0] = operandShape(t.b);
  if (k !== k2) throw new EvalInputError('task.b', `has ${k2} rows after its transpose, expected a's ${k} columns`);
  let n = n0;
  if (t.post) {
    const [p1, p2] = operandShape(t.post);
    if (p1 !== n0) throw new EvalInputError('task.post', `has ${p1} rows after its transpose, expected b's ${n0} columns`);
    n = p2;
  }
  if (t.c.transpose || t.c.rows !== m || t.c.cols !== n) throw new EvalInputError('task.c', `is [${t.c.rows} × ${t.c.cols}]${t.c.transpose ? ' transposed' : ''}, expected an untransposed [${m} × ${n}]`);
  return [m, k, n];
}

/** This thread's packing buffers of {@link runGemmTask}, grown to the largest slice seen (a fresh array costs its page faults on first write, and garbage). */
const scratch = { a: new Float32Array(0), b: new Float32Array(0) };

function scratchOf(key: 'a' | 'b', length: number): Float32Array {
  if (scratch[key].length < length) scratch[key] = new Float32Array(length);
  return scratch[key];
}

/**
 * Runs one {@link GemmTask} on `mm`: the inner dimension in equal slices of at most {@link GEMM_K_CHUNK}
 * (products `[m × ≤512]·[≤512 × n]`, whose right operand stays in cache), summed in float32, then
 * written to C. Used by {@link gemmBatchOf} and by worker threads that run tasks. The slices are
 * packed into buffers this thread keeps and reuses (the largest slice's `[m × 512]` and
 * `[512 × n]`): `mm` must not keep its operands after it returns.
 */
export function runGemmTask(t: GemmTask, mm: MatMulF32): void {
  const [m, k, n] = check(t);
  if (m === 0 || n === 0) return;
  const nb = operandShape(t.b)[1];
  let acc: Float32Array | undefined;
  // slices of equal size (k = 1248: 3 × 416 rather than 512 + 512 + 224)
  const slice = Math.ceil(k / Math.ceil(k / GEMM_K_CHUNK));
  for (let k0 = 0; k0 < k; k0 += slice) {
    const kc = Math.min(slice, k - k0);
    const rows = t.aUpper ? Math.min(m, k0 + kc) : m;
    const p = mm(packOperand(t.a, 0, rows, k0, kc, scratchOf('a', rows * kc)), packOperand(t.b, k0, kc, 0, nb, scratchOf('b', kc * nb)), rows, kc, nb);
    if (!acc && rows === m) acc = p;
    else {
      acc ??= new Float32Array(m * nb);
      for (let i = 0; i < p.length; i++) acc[i]! += p[i]!;
    }
  }
  acc ??= new Float32Array(m * nb);
  if (t.post) acc = mm(acc, packOperand(t.post, 0, nb, 0, n, scratchOf('b', nb * n)), m, nb, n);
  const { data, offset, stride } = t.c;
  for (let i = 0; i < m; i++) {
    const row = offset + i * stride;
    const src = i * n;
    if (t.mode === 'set') data.set(acc.subarray(src, src + n), row);
    else if (t.mode === 'add') for (let j = 0; j < n; j++) data[row + j]! += acc[src + j]!;
    else for (let j = 0; j < n; j++) data[row + j]! -= acc[src + j]!;
  }
}

/** A {@link GemmBatchF32} running the tasks one after the other on `mm`. */
export function gemmBatchOf(mm: MatMulF32): GemmBatchF32 {
  return (tasks, meanwhile) => {
    meanwhile?.();
    for (const t of tasks) runGemmTask(t, mm);
  };
}
