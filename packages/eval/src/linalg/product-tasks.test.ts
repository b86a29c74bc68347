import { sharedF32, gemmTaskWork, type GemmTask, type MatrixRegion } from './gemm';
import { MIN_SPLIT_MACS, PANEL_COLS, productTasks } from './product-tasks';

const region = (rows: number, cols: number): MatrixRegion => ({ data: sharedF32(1), offset: 0, stride: cols, rows, cols });

/** How many tasks write each entry of C (`[m × n]`, stride n, offset 0). */
function coverage(tasks: GemmTask[], m: number, n: number): Uint8Array {
  const hits = new Uint8Array(m * n);
  for (const t of tasks) {
    const r0 = Math.floor(t.c.offset / n);
    const c0 = t.c.offset % n;
    for (let i = 0; i < t.c.rows; i++) for (let j = 0; j < t.c.cols; j++) hits[(r0 + i) * n + c0 + j]!++;
  }
  return hits;
}

describe('productTasks', () => {
  it('cuts a full product into column panels (not row chunks) to reach minTasks, covering C once', () => {
    const [m, k, n] = [700, 600, 300];
    const tasks = productTasks(region(m, k), region(k, n), region(m, n), 'sub', false, 2);
    expect(tasks).toHaveLength(2);
    for (const t of tasks) expect([t.c.rows, t.a.rows, t.b.cols, t.mode]).toEqual([m, m, 150, 'sub']);
    expect(coverage(tasks, m, n).every((h) => h === 1)).toBe(true);
    expect(tasks.reduce((s, t) => s + gemmTaskWork(t), 0)).toBe(m * k * n);
  });

  it('keeps panels of at most PANEL_COLS columns and cuts only tall tasks into rows', () => {
    const [m, k, n] = [7000, 64, 2 * PANEL_COLS + 10];
    const tasks = productTasks(region(m, k), region(k, n), region(m, n), 'set', false, 2);
    expect(Math.max(...tasks.map((t) => t.c.cols))).toBeLessThanOrEqual(PANEL_COLS);
    expect(tasks).toHaveLength(3 * 3); // 3 panels × 3 row chunks of at most 3,072 rows
    expect(coverage(tasks, m, n).every((h) => h === 1)).toBe(true);
  });

  it('leaves a product below MIN_SPLIT_MACS whole', () => {
    const [m, k, n] = [100, 100, 100];
    expect(m * k * n).toBeLessThan(MIN_SPLIT_MACS);
    expect(productTasks(region(m, k), region(k, n), region(m, n), 'set', false, 4)).toHaveLength(1);
  });

  it('covers the lower triangle of a square C exactly once with lowerOnly', () => {
    const [m, k] = [700, 50];
    const tasks = productTasks(region(m, k), region(k, m), region(m, m), 'sub', true, 4);
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    const hits = coverage(tasks, m, m);
    for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) expect(hits[i * m + j]).toBe(1);
  });
});
