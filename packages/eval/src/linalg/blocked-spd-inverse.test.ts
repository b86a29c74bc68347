import { gaussJordanInverse, randomSpd, relDiff } from '../test-utils';
import { blockedInverseWork, invertSpdBlocked } from './blocked-spd-inverse';
import { jsMatMulF32, type MatMulF32 } from './matmul';

describe('invertSpdBlocked', () => {
  it('matches the float64 Gauss-Jordan inverse for sizes that do and do not divide into blocks', () => {
    for (const [n, b, seed] of [
      [1, 4, 1],
      [7, 3, 2],
      [37, 8, 3],
      [64, 16, 4],
      [65, 64, 5],
      [50, 512, 6],
    ] as const) {
      const spd = randomSpd(n, seed);
      const ref = gaussJordanInverse(spd, n);
      const a = Float32Array.from(spd);
      invertSpdBlocked(a, n, { blockSize: b });
      expect({ n, b, rel: relDiff(a, ref) < 1e-5 }).toEqual({ n, b, rel: true });
    }
  });

  it('reads only the lower triangle and writes the whole symmetric inverse', () => {
    const n = 23;
    const spd = randomSpd(n, 11);
    const ref = gaussJordanInverse(spd, n);
    const a = Float32Array.from(spd);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 1e6; // garbage above the diagonal
    invertSpdBlocked(a, n, { blockSize: 5 });
    expect(relDiff(a, ref)).toBeLessThan(1e-5);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(a[i * n + j]).toBe(a[j * n + i]);
  });

  it('runs every large step on the matmul it is given, and reports progress to the total', () => {
    const n = 40;
    let calls = 0;
    let macs = 0;
    const counting: MatMulF32 = (x, y, m, k, c) => {
      calls++;
      macs += m * k * c;
      return jsMatMulF32(x, y, m, k, c);
    };
    const done: number[] = [];
    const a = Float32Array.from(randomSpd(n, 3));
    invertSpdBlocked(a, n, { blockSize: 10, matmul: counting, onProgress: (d, total) => done.push(d / total) });
    expect(calls).toBeGreaterThan(10);
    // n³/2 multiply-adds in an ideal blocked inverse; these blocks are small, so somewhat more
    expect(macs).toBeGreaterThan(n ** 3 / 2);
    expect(macs).toBeLessThan(1.6 * n ** 3);
    expect(done[done.length - 1]).toBe(1);
    for (let i = 1; i < done.length; i++) expect(done[i]!).toBeGreaterThanOrEqual(done[i - 1]!);
    expect(blockedInverseWork(n)).toBe(3 * Math.round(n ** 3 / 6));
  });

  it('names the row where the matrix stops being positive definite', () => {
    const n = 12;
    const a = Float32Array.from(randomSpd(n, 5));
    a[9 * n + 9] = -100;
    expect(() => invertSpdBlocked(a, n, { blockSize: 4 })).toThrow(/a\[9\]\[9\].*not positive definite/);
    expect(() => invertSpdBlocked(new Float32Array(5), 2)).toThrow(/length 5/);
  });
});
