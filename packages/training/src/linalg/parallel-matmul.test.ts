import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gemmBatchOf, jsMatMulF32, runRowTask, sharedF32, type GemmTask, type RowTask } from '@twotower/eval';
import { mulberry32 } from '@twotower/utils';

// The worker runs compiled JavaScript, so this test drives the built package (turbo builds it
// before testing); from a bare source checkout it says so and skips.
const DIST = join(__dirname, '..', '..', 'dist', 'linalg', 'parallel-matmul.js');
const run = existsSync(DIST) ? it : it.skip;
if (!existsSync(DIST)) console.warn(`parallel matmul test skipped: ${DIST} is missing (run \`pnpm --filter @twotower/training build\` first)`);

describe('parallelMatMulF32 (worker thread)', () => {
  run('splits large products with a worker and equals the JavaScript product; small ones stay on the main thread', () => {
    process.env.TWOTOWER_THREADS = '2'; // as the default on two cores or more, also on a one-core machine
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parallelMatMulF32, matMulThreads } = require(DIST) as typeof import('./parallel-matmul');
    const r = mulberry32(5);
    // 301 × 280 × 257 multiply-adds: above the split threshold (2^24); odd rows split unevenly
    for (const [m, k, n] of [
      [301, 280, 257],
      [300, 280, 256],
      [3, 5, 7],
    ] as const) {
      const a = Float32Array.from({ length: m * k }, () => r() - 0.5);
      const b = Float32Array.from({ length: k * n }, () => r() - 0.5);
      const c = parallelMatMulF32(a, b, m, k, n);
      const ref = jsMatMulF32(a, b, m, k, n);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(c[i]! - ref[i]!));
      expect({ m, k, n, close: worst < 1e-4 }).toEqual({ m, k, n, close: true });
    }
    // the worker started and products were split
    expect(matMulThreads()).toBe(2);
    delete process.env.TWOTOWER_THREADS;
  });

  run('runs a batch of region products on both threads, in place on shared memory, with work of its own meanwhile', () => {
    process.env.TWOTOWER_THREADS = '2';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parallelMatMulF32 } = require(DIST) as typeof import('./parallel-matmul');
    const r = mulberry32(8);
    const n = 700;
    const a = sharedF32(n * n);
    for (let i = 0; i < a.length; i++) a[i] = r() - 0.5;
    const ref = Float32Array.from(a);
    // four column blocks of 150: C[:, j] -= A[:, 600..700) · A[j rows, 600..700)ᵀ, each task a different block of columns
    const tasks: GemmTask[] = [0, 1, 2, 3].map((j) => ({
      a: { data: a, offset: 600, stride: n, rows: n, cols: 100 },
      b: { data: a, offset: j * 150 * n + 600, stride: n, rows: 150, cols: 100, transpose: true },
      c: { data: a, offset: j * 150, stride: n, rows: n, cols: 150 },
      mode: 'sub' as const,
    }));
    let meanwhile = 0;
    parallelMatMulF32.gemmBatch!(tasks, () => meanwhile++);
    gemmBatchOf(jsMatMulF32)(tasks.map((t) => ({ ...t, a: { ...t.a, data: ref }, b: { ...t.b, data: ref }, c: { ...t.c, data: ref } })));
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - ref[i]!));
    expect(worst).toBeLessThan(1e-4);
    expect(meanwhile).toBe(1);
    delete process.env.TWOTOWER_THREADS;
  });

  run('runs element-wise row tasks on both threads in place, as on one thread', () => {
    process.env.TWOTOWER_THREADS = '2';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parallelMatMulF32 } = require(DIST) as typeof import('./parallel-matmul');
    const r = mulberry32(9);
    const n = 900;
    const a = sharedF32(n * n);
    for (let i = 0; i < a.length; i++) a[i] = r() - 0.5;
    const ref = Float32Array.from(a);
    const scale = new Float64Array(new SharedArrayBuffer(8 * n)).map((_, j) => 1 + j / n);
    // large enough to be split (2^18 elements and more), then a small one that stays here
    const tasks: RowTask[] = [
      { kernel: 'mirrorLower', a, n, r0: 20, s: 850 },
      { kernel: 'transpose', a, n, r0: 0, c0: 450, rows: 440, cols: 450 },
      { kernel: 'scaleColumns', a, n, scale, row0: 100, rows: 800 },
      { kernel: 'mirrorLower', a, n, r0: 3, s: 100 },
    ];
    for (const t of tasks) {
      parallelMatMulF32.rowBatch!(t);
      runRowTask({ ...t, a: ref } as RowTask);
    }
    expect(Array.from(a)).toEqual(Array.from(ref));
    delete process.env.TWOTOWER_THREADS;
  });
});
