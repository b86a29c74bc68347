import { gaussJordanInverse, randomSpd, relDiff } from '../test-utils';
import { jsMatMulF32, type MatMulF32 } from './matmul';
import { invertSpdRecursive, recursiveInverseWork } from './recursive-spd-inverse';
import { runRowTaskRange, rowTaskUnits, type RowTask } from './row-tasks';

describe('invertSpdRecursive', () => {
  it('matches the float64 Gauss-Jordan inverse for sizes that do and do not halve evenly', () => {
    for (const [n, leaf, seed] of [
      [1, 4, 1],
      [7, 3, 2],
      [37, 8, 3],
      [64, 16, 4],
      [65, 64, 5],
      [50, 128, 6],
      [300, 40, 7],
    ] as const) {
      const spd = randomSpd(n, seed);
      const ref = gaussJordanInverse(spd, n);
      const a = Float32Array.from(spd);
      invertSpdRecursive(a, n, { leafSize: leaf });
      expect({ n, leaf, rel: relDiff(a, ref) < 1e-5 }).toEqual({ n, leaf, rel: true });
    }
  });

  it('gives the same inverse with Strassen–Winograd products', () => {
    const n = 300;
    const spd = randomSpd(n, 8);
    const ref = gaussJordanInverse(spd, n);
    const a = Float32Array.from(spd);
    invertSpdRecursive(a, n, { leafSize: 40, strassen: { levels: 2, minSize: 32 } });
    expect(relDiff(a, ref)).toBeLessThan(1e-5);
  });

  it('reads only the lower triangle and writes the whole symmetric inverse', () => {
    const n = 23;
    const spd = randomSpd(n, 11);
    const ref = gaussJordanInverse(spd, n);
    const a = Float32Array.from(spd);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 1e6; // garbage above the diagonal
    invertSpdRecursive(a, n, { leafSize: 5 });
    expect(relDiff(a, ref)).toBeLessThan(1e-5);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(a[i * n + j]).toBe(a[j * n + i]);
  });

  it('runs the large steps on the matmul, with about n³/2 multiply-adds, and reports progress to the total', () => {
    const n = 600;
    let macs = 0;
    const counting: MatMulF32 = (x, y, m, k, c) => {
      macs += m * k * c;
      return jsMatMulF32(x, y, m, k, c);
    };
    const done: number[] = [];
    const a = Float32Array.from(randomSpd(n, 3));
    invertSpdRecursive(a, n, { matmul: counting, onProgress: (d, total) => done.push(d / total) });
    // the leaves' n·128²/2 are JavaScript's; the symmetric updates' diagonal sub-panels add a little
    expect(macs + (n * 128 * 128) / 2).toBeGreaterThan(n ** 3 / 2);
    expect(macs).toBeLessThan(1.15 * (n ** 3 / 2));
    expect(done[done.length - 1]).toBe(1);
    for (let i = 1; i < done.length; i++) expect(done[i]!).toBeGreaterThanOrEqual(done[i - 1]!);
    expect(recursiveInverseWork(n) / (n ** 3 / 2)).toBeCloseTo(1, 2);
  });

  it('records its phases when asked: the products\' multiply-adds as counted, seconds per phase', () => {
    const n = 300;
    let macs = 0;
    const counting: MatMulF32 = (x, y, m, k, c) => {
      macs += m * k * c;
      return jsMatMulF32(x, y, m, k, c);
    };
    const phases: Record<string, number> = {};
    const a = Float32Array.from(randomSpd(n, 9));
    invertSpdRecursive(a, n, { matmul: counting, leafSize: 40, strassen: { levels: 1, minSize: 64 }, phases });
    expect(phases.productMacs).toBe(macs);
    expect(phases.lowerProductMacs).toBeGreaterThan(0);
    expect(phases.lowerProductMacs).toBeLessThan(macs);
    expect(phases.lowerProducts).toBeLessThanOrEqual(phases.products!);
    for (const k of ['products', 'productsMeanwhile', 'strassenAdditions', 'leaves', 'blockCopies']) expect(phases[k]).toBeGreaterThanOrEqual(0);
    const b = Float32Array.from(randomSpd(n, 9));
    invertSpdRecursive(b, n, { matmul: jsMatMulF32, leafSize: 40, strassen: { levels: 1, minSize: 64 } });
    expect(Array.from(a)).toEqual(Array.from(b)); // timing changes nothing
  });

  it("runs its copies and Strassen–Winograd combinations on the matmul's rowBatch, to the same inverse", () => {
    const n = 300;
    const kernels: Record<string, number> = {};
    const withRows: MatMulF32 = (x, y, m, k, c) => jsMatMulF32(x, y, m, k, c);
    // as a threaded runner would: the units in two ranges, the second first
    withRows.rowBatch = (t: RowTask) => {
      kernels[t.kernel] = (kernels[t.kernel] ?? 0) + 1;
      const half = rowTaskUnits(t) >> 1;
      runRowTaskRange(t, half, rowTaskUnits(t));
      runRowTaskRange(t, 0, half);
    };
    const options = { leafSize: 40, strassen: { levels: 2, minSize: 64 } };
    const a = Float32Array.from(randomSpd(n, 12));
    invertSpdRecursive(a, n, { ...options, matmul: withRows });
    const b = Float32Array.from(randomSpd(n, 12));
    invertSpdRecursive(b, n, { ...options, matmul: jsMatMulF32 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(kernels.mirrorLower).toBeGreaterThan(1);
    expect(kernels.transpose).toBeGreaterThan(0);
    expect(kernels.combine).toBeGreaterThan(0);
  });

  it('names the row where the matrix stops being positive definite', () => {
    const n = 12;
    const a = Float32Array.from(randomSpd(n, 5));
    a[9 * n + 9] = -100;
    expect(() => invertSpdRecursive(a, n, { leafSize: 4 })).toThrow(/a\[9\]\[9\].*not positive definite/);
    expect(() => invertSpdRecursive(new Float32Array(5), 2)).toThrow(/length 5/);
  });
});
