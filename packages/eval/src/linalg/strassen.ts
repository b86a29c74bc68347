import { sharedF32, type GemmBatchF32, type GemmTask, type MatrixRegion } from './gemm';
import { productTasks, subRegion } from './product-tasks';
import { runRowTask, type RowBatchF32 } from './row-tasks';

/**
 * A product prepared as leaf tasks for one `GemmBatchF32` call and a `finish` to run after it
 * (combining the leaf products into C). Without Strassen levels `finish` does nothing.
 */
export interface ProductPlan {
  tasks: GemmTask[];
  finish: () => void;
}

/** Strassen–Winograd options of a large product (see `RecursiveSpdInverseOptions.strassen`). */
export interface StrassenOptions {
  /** Strassen–Winograd levels at most. Default 1. */
  levels?: number;
  /** A level is applied only when all of m, k and n are at least this. Default 2048. */
  minSize?: number;
  /**
   * Where the temporaries come from (release them after `finish`). Default: new arrays.
   * @internal
   */
  pool?: ScratchPool;
  /**
   * What runs the combinations of the products into C (`RowTask` `'combine'`). Default: this thread.
   * @internal
   */
  rows?: RowBatchF32;
}

/** The seven products' combination into C as a {@link RowBatchF32} task. */
function combine(rows: RowBatchF32, c: MatrixRegion, ms: MatrixRegion[], h: number, w: number, mode: GemmTask['mode']): void {
  rows({ kernel: 'combine', c, m: ms.map((r) => r.data), h, w, mode });
}

/**
 * Float32 arrays on SharedArrayBuffers handed out again after {@link ScratchPool.releaseAll}: a
 * fresh buffer costs its page faults on first write (about 15 ms per 25 MB here), as much as a pass
 * of additions over it.
 */
export class ScratchPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly used: Float32Array[] = [];

  /** A `[rows × cols]` region over a free array of that size, or a new (zeroed) one; its contents are arbitrary. */
  take(rows: number, cols: number): MatrixRegion {
    const data = this.free.get(rows * cols)?.pop() ?? sharedF32(rows * cols);
    this.used.push(data);
    return { data, offset: 0, stride: cols, rows, cols };
  }

  /** Makes every array taken so far free again (their regions must no longer be used). */
  releaseAll(): void {
    for (const d of this.used.splice(0)) {
      const list = this.free.get(d.length) ?? [];
      list.push(d);
      this.free.set(d.length, list);
    }
  }
}

/** Quadrant (qi, qj) of `r` as an `[h × w]` region: a view when it lies inside `r`, else a zero-padded copy. */
function quadrant(r: MatrixRegion, qi: number, qj: number, h: number, w: number, pool: ScratchPool): MatrixRegion {
  const r0 = qi * h;
  const c0 = qj * w;
  const rows = Math.min(h, r.rows - r0);
  const cols = Math.min(w, r.cols - c0);
  if (rows === h && cols === w) return subRegion(r, r0, c0, h, w);
  const out = pool.take(h, w);
  out.data.fill(0);
  for (let i = 0; i < rows; i++) {
    const s = r.offset + (r0 + i) * r.stride + c0;
    out.data.set(r.data.subarray(s, s + cols), i * w);
  }
  return out;
}

type Quad = [MatrixRegion, MatrixRegion, MatrixRegion, MatrixRegion];

/**
 * Winograd's four sums of the quadrants `q` (each `[h × w]`), in one pass: the left operand's
 * `S₁ = Q₂₁ + Q₂₂, S₂ = S₁ − Q₁₁, S₃ = Q₁₁ − Q₂₁, S₄ = Q₁₂ − S₂`, or (`right`) the right one's
 * `T₁ = Q₁₂ − Q₁₁, T₂ = Q₂₂ − T₁, T₃ = Q₂₂ − Q₁₂, T₄ = T₂ − Q₂₁`.
 */
function sums(q: Quad, right: boolean, pool: ScratchPool): Quad {
  const { rows: h, cols: w } = q[0];
  const out = [pool.take(h, w), pool.take(h, w), pool.take(h, w), pool.take(h, w)] as Quad;
  const [o1, o2, o3, o4] = out.map((r) => r.data) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const [d11, d12, d21, d22] = q.map((r) => r.data) as [Float32Array, Float32Array, Float32Array, Float32Array];
  for (let i = 0; i < h; i++) {
    const [p11, p12, p21, p22] = q.map((r) => r.offset + i * r.stride) as [number, number, number, number];
    const o = i * w;
    if (right) {
      for (let j = 0; j < w; j++) {
        const x11 = d11[p11 + j]!;
        const x12 = d12[p12 + j]!;
        const x22 = d22[p22 + j]!;
        const t1 = x12 - x11;
        const t2 = x22 - t1;
        o1[o + j] = t1;
        o2[o + j] = t2;
        o3[o + j] = x22 - x12;
        o4[o + j] = t2 - d21[p21 + j]!;
      }
    } else {
      for (let j = 0; j < w; j++) {
        const x11 = d11[p11 + j]!;
        const x21 = d21[p21 + j]!;
        const s1 = x21 + d22[p22 + j]!;
        const s2 = s1 - x11;
        o1[o + j] = s1;
        o2[o + j] = s2;
        o3[o + j] = x11 - x21;
        o4[o + j] = d12[p12 + j]! - s2;
      }
    }
  }
  return out;
}

/**
 * `C (mode)= A·B` as a {@link ProductPlan}: while all dimensions are at least `minSize`, one
 * Strassen–Winograd level (7 half-size products instead of 8, 15 additions of half-size blocks in
 * JavaScript, operands zero-padded to even sizes), down to `levels` levels; the leaf products as
 * {@link productTasks}. The leaf products' operands are all made before the batch runs, their
 * combinations into C after it.
 *
 * @param a `[m × k]` untransposed; `b` `[k × n]` untransposed; `c` `[m × n]`, overlapping neither.
 */
export function planProduct(a: MatrixRegion, b: MatrixRegion, c: MatrixRegion, mode: GemmTask['mode'], options: StrassenOptions = {}): ProductPlan {
  const levels = options.levels ?? 1;
  const minSize = options.minSize ?? 2048;
  const pool = options.pool ?? new ScratchPool();
  const [m, k, n] = [a.rows, a.cols, b.cols];
  if (levels <= 0 || Math.min(m, k, n) < minSize) return { tasks: productTasks(a, b, c, mode), finish: () => {} };
  const [h, g, w] = [Math.ceil(m / 2), Math.ceil(k / 2), Math.ceil(n / 2)];
  const a4 = [quadrant(a, 0, 0, h, g, pool), quadrant(a, 0, 1, h, g, pool), quadrant(a, 1, 0, h, g, pool), quadrant(a, 1, 1, h, g, pool)] as Quad;
  const b4 = [quadrant(b, 0, 0, g, w, pool), quadrant(b, 0, 1, g, w, pool), quadrant(b, 1, 0, g, w, pool), quadrant(b, 1, 1, g, w, pool)] as Quad;
  const [a11, a12, , a22] = a4;
  const [b11, , b21, b22] = b4;
  const [s1, s2, s3, s4] = sums(a4, false, pool);
  const [t1, t2, t3, t4] = sums(b4, true, pool);
  const pairs: Array<[MatrixRegion, MatrixRegion]> = [[a11, b11], [a12, b21], [s4, b22], [a22, t4], [s1, t1], [s2, t2], [s3, t3]];
  const ms = pairs.map(() => pool.take(h, w));
  const rows = options.rows ?? runRowTask;
  const sub = { levels: levels - 1, minSize, pool, rows };
  const plans = pairs.map(([x, y], i) => planProduct(x, y, ms[i]!, 'set', sub));
  return {
    tasks: plans.flatMap((p) => p.tasks),
    finish: () => {
      for (const p of plans) p.finish();
      combine(rows, c, ms, h, w, mode);
    },
  };
}

/**
 * Runs `C (mode)= A·B` on `gemm` as {@link planProduct} plans it, in batches when the top level
 * is Strassen's: `M₁ = A₁₁B₁₁` and `M₂ = A₁₂B₂₁` (operands that need no additions) first, while
 * this thread makes the other five products' operands; then those five, while this thread
 * combines M₁'s and M₂'s own sub-products — when they have sub-products (a second level), as two
 * batches of three and two, the first three's combinations made beside the last two. Only the
 * last two's combinations and the top level's run with no product beside them.
 */
export function runProduct(a: MatrixRegion, b: MatrixRegion, c: MatrixRegion, mode: GemmTask['mode'], gemm: GemmBatchF32, options: StrassenOptions = {}): void {
  const levels = options.levels ?? 1;
  const minSize = options.minSize ?? 2048;
  const pool = options.pool ?? new ScratchPool();
  const [m, k, n] = [a.rows, a.cols, b.cols];
  if (levels <= 0 || Math.min(m, k, n) < minSize) {
    gemm(productTasks(a, b, c, mode, false, 2));
    return;
  }
  const [h, g, w] = [Math.ceil(m / 2), Math.ceil(k / 2), Math.ceil(n / 2)];
  const a4 = [quadrant(a, 0, 0, h, g, pool), quadrant(a, 0, 1, h, g, pool), quadrant(a, 1, 0, h, g, pool), quadrant(a, 1, 1, h, g, pool)] as Quad;
  const b4 = [quadrant(b, 0, 0, g, w, pool), quadrant(b, 0, 1, g, w, pool), quadrant(b, 1, 0, g, w, pool), quadrant(b, 1, 1, g, w, pool)] as Quad;
  const ms = Array.from({ length: 7 }, () => pool.take(h, w));
  const rows = options.rows ?? runRowTask;
  const sub = { levels: levels - 1, minSize, pool, rows };
  const first = [planProduct(a4[0], b4[0], ms[0]!, 'set', sub), planProduct(a4[1], b4[2], ms[1]!, 'set', sub)];
  let rest: ProductPlan[] = [];
  gemm(
    first.flatMap((p) => p.tasks),
    () => {
      const [s1, s2, s3, s4] = sums(a4, false, pool);
      const [t1, t2, t3, t4] = sums(b4, true, pool);
      const pairs: Array<[MatrixRegion, MatrixRegion]> = [[s4, b4[3]], [a4[3], t4], [s1, t1], [s2, t2], [s3, t3]];
      rest = pairs.map(([x, y], i) => planProduct(x, y, ms[i + 2]!, 'set', sub));
    },
  );
  // with sub-products of their own, the five in two batches: the first three's combinations then run beside the last two
  const split = levels > 1 && Math.min(h, g, w) >= minSize ? 3 : rest.length;
  gemm(
    rest.slice(0, split).flatMap((p) => p.tasks),
    () => {
      for (const p of first) p.finish();
    },
  );
  if (split < rest.length) {
    gemm(
      rest.slice(split).flatMap((p) => p.tasks),
      () => {
        for (const p of rest.slice(0, split)) p.finish();
      },
    );
  }
  for (const p of rest.slice(split < rest.length ? split : 0)) p.finish();
  combine(rows, c, ms, h, w, mode);
}

