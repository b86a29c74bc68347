import type { GemmTask, MatrixRegion } from './gemm';

/** Columns of C per task at most: the right operand's `[k × 512]` slices are packed once for many rows. */
export const PANEL_COLS = 512;
/** Columns of the sub-panels that cover a diagonal block when only C's lower triangle is wanted. */
export const DIAGONAL_PANEL_COLS = 128;
/** Tall tasks are cut into row chunks of at most this many rows (a thread held back leaves less of a tail). */
export const TASK_ROWS = 3072;
/** Panels cut to reach `minTasks` keep at least this many columns. */
const MIN_PANEL_COLS = 64;
/** Row chunks cut to reach `minTasks` (lower triangles only) keep at least this many rows. */
const MIN_TASK_ROWS = 64;
/** A product of fewer multiply-adds is one task (below `parallelMatMulF32`'s threshold it runs on one thread anyway: cutting it only adds calls). */
export const MIN_SPLIT_MACS = 1 << 24;

/** The `[rows × cols]` sub-region at (r0, c0) of an untransposed region. */
export function subRegion(r: MatrixRegion, r0: number, c0: number, rows: number, cols: number): MatrixRegion {
  return { ...r, offset: r.offset + r0 * r.stride + c0, rows, cols };
}

/**
 * The product `C (mode)= A·B` as independent {@link GemmTask}s for a `GemmBatchF32`: C cut into
 * equal panels of at most {@link PANEL_COLS} columns, each panel into row chunks of at most {@link TASK_ROWS}
 * rows (tall tasks: the backend repacks its right operand on every call). With `lowerOnly` (C
 * square), only C's lower triangle is computed: each panel from its diagonal down, the diagonal
 * block itself by sub-panels of {@link DIAGONAL_PANEL_COLS} columns, so that few of the upper
 * triangle's entries are computed (those are left with arbitrary values). `minTasks` (default 1):
 * a full product's panels are cut narrower (down to 64 columns) until there are that many, a lower
 * triangle's row chunks shorter (down to 64 rows) until there are about that many, so that a small
 * product still gives both threads work — by columns for full products: cutting rows measured up to
 * twice as slow on the tfjs wasm matmul (each task repacks the whole right operand, and short
 * tasks run the kernel poorly). A full product of fewer than {@link MIN_SPLIT_MACS} multiply-adds
 * is one task whatever `minTasks`.
 *
 * @param a `[m × k]`, untransposed.
 * @param b `[k × n]`, untransposed.
 * @param c `[m × n]`, overlapping neither a nor b.
 */
export function productTasks(a: MatrixRegion, b: MatrixRegion, c: MatrixRegion, mode: GemmTask['mode'], lowerOnly = false, minTasks = 1): GemmTask[] {
  const out: GemmTask[] = [];
  const push = (r0: number, rows: number, c0: number, cols: number) => {
    if (rows > 0 && cols > 0) out.push({ a: subRegion(a, r0, 0, rows, a.cols), b: subRegion(b, 0, c0, b.rows, cols), c: subRegion(c, r0, c0, rows, cols), mode });
  };
  const m = c.rows;
  const small = !lowerOnly && m * a.cols * c.cols < MIN_SPLIT_MACS;
  let panels = Math.ceil(c.cols / PANEL_COLS);
  if (!lowerOnly && !small) panels = Math.max(panels, Math.min(Math.ceil(minTasks / Math.ceil(m / TASK_ROWS)), Math.floor(c.cols / MIN_PANEL_COLS)));
  if (small) panels = 1;
  const panel = Math.ceil(c.cols / panels); // equal panels
  for (let j0 = 0; j0 < c.cols; j0 += panel) {
    const w = Math.min(panel, c.cols - j0);
    let top = 0;
    if (lowerOnly) {
      for (let q = 0; q < w; q += DIAGONAL_PANEL_COLS) push(j0 + q, w - q, j0 + q, Math.min(DIAGONAL_PANEL_COLS, w - q));
      top = j0 + w;
    }
    const rows = m - top;
    if (rows <= 0) continue;
    const cut = small ? 1 : Math.ceil(rows / TASK_ROWS);
    const parts = lowerOnly ? Math.max(cut, Math.min(Math.ceil(minTasks / panels), Math.floor(rows / MIN_TASK_ROWS))) : cut;
    const h = Math.ceil(rows / parts);
    for (let r = top; r < m; r += h) push(r, Math.min(h, m - r), j0, w);
  }
  return out;
}
