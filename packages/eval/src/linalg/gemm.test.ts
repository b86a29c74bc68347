import { mulberry32 } from '@twotower/utils';
import { GEMM_K_CHUNK, gemmBatchOf, packOperand, runGemmTask, sharedF32, type MatrixRegion } from './gemm';
import { jsMatMulF32 } from './matmul';

const rand = (len: number, seed: number) => {
  const r = mulberry32(seed);
  return Float32Array.from({ length: len }, () => r() - 0.5);
};

/** Dense copy of the operand of `r`. */
const dense = (r: MatrixRegion) => (r.transpose ? packOperand(r, 0, r.cols, 0, r.rows) : packOperand(r, 0, r.rows, 0, r.cols));

describe('packOperand', () => {
  it('copies a strided region and its transpose', () => {
    const data = Float32Array.from({ length: 30 }, (_, i) => i); // [5 × 6]
    const r: MatrixRegion = { data, offset: 1 * 6 + 2, stride: 6, rows: 2, cols: 3 };
    expect(Array.from(packOperand(r, 0, 2, 0, 3))).toEqual([8, 9, 10, 14, 15, 16]);
    expect(Array.from(packOperand({ ...r, transpose: true }, 0, 3, 0, 2))).toEqual([8, 14, 9, 15, 10, 16]);
    expect(Array.from(packOperand({ ...r, transpose: true }, 1, 2, 1, 1))).toEqual([15, 16]);
  });
});

describe('runGemmTask', () => {
  it('sets, adds and subtracts A·B on regions, transposed operands and inner dimensions beyond one chunk included', () => {
    const [m, k, n] = [7, GEMM_K_CHUNK + 37, 5];
    const big = rand((k + 3) * (k + 4), 1); // holds A (transposed) and B as regions
    const a: MatrixRegion = { data: big, offset: 2 * (k + 4) + 1, stride: k + 4, rows: k, cols: m, transpose: true };
    const b: MatrixRegion = { data: big, offset: 3, stride: k + 4, rows: k, cols: n };
    const ref = jsMatMulF32(dense(a), dense(b), m, k, n);
    for (const mode of ['set', 'add', 'sub'] as const) {
      const c0 = rand(9 * 8, 2);
      const c = Float32Array.from(c0);
      runGemmTask({ a, b, c: { data: c, offset: 8 + 1, stride: 8, rows: m, cols: n }, mode }, jsMatMulF32);
      for (let i = 0; i < 9; i++) {
        for (let j = 0; j < 8; j++) {
          const inside = i >= 1 && i < 1 + m && j >= 1 && j < 1 + n;
          const p = inside ? ref[(i - 1) * n + j - 1]! : 0;
          const want = !inside ? c0[i * 8 + j]! : mode === 'set' ? p : mode === 'add' ? c0[i * 8 + j]! + p : c0[i * 8 + j]! - p;
          expect(Math.abs(c[i * 8 + j]! - want)).toBeLessThan(1e-4);
        }
      }
    }
  });

  it('applies a right factor to the product before C', () => {
    const [m, k, n, n2] = [4, 6, 3, 5];
    const a: MatrixRegion = { data: rand(m * k, 3), offset: 0, stride: k, rows: m, cols: k };
    const b: MatrixRegion = { data: rand(k * n, 4), offset: 0, stride: n, rows: k, cols: n };
    const post: MatrixRegion = { data: rand(n * n2, 5), offset: 0, stride: n2, rows: n, cols: n2 };
    const c = new Float32Array(m * n2);
    runGemmTask({ a, b, post, c: { data: c, offset: 0, stride: n2, rows: m, cols: n2 }, mode: 'set' }, jsMatMulF32);
    const ref = jsMatMulF32(jsMatMulF32(a.data, b.data, m, k, n), post.data, m, n, n2);
    for (let i = 0; i < c.length; i++) expect(Math.abs(c[i]! - ref[i]!)).toBeLessThan(1e-5);
    expect(() => runGemmTask({ a, b, post: { ...post, rows: 2 }, c: { data: c, offset: 0, stride: n2, rows: m, cols: n2 }, mode: 'set' }, jsMatMulF32)).toThrow(/task\.post.*2 rows/);
  });

  it('multiplies only the rows an upper-triangular A can reach in each slice of the inner dimension', () => {
    const [m, k, n] = [GEMM_K_CHUNK + 20, GEMM_K_CHUNK + 50, 3];
    const a = rand(m * k, 6);
    for (let i = 0; i < m; i++) for (let p = 0; p < Math.min(i, k); p++) a[i * k + p] = 0;
    const b = rand(k * n, 7);
    const rows: number[] = [];
    const c = new Float32Array(m * n);
    const task = { a: { data: a, offset: 0, stride: k, rows: m, cols: k }, b: { data: b, offset: 0, stride: n, rows: k, cols: n }, c: { data: c, offset: 0, stride: n, rows: m, cols: n }, mode: 'set' as const, aUpper: true };
    runGemmTask(task, (x, y, mm, kk, nn) => {
      rows.push(mm);
      return jsMatMulF32(x, y, mm, kk, nn);
    });
    expect(rows).toEqual([Math.ceil(k / 2), m]); // two equal slices of the inner dimension
    const ref = jsMatMulF32(a, b, m, k, n);
    for (let i = 0; i < c.length; i++) expect(Math.abs(c[i]! - ref[i]!)).toBeLessThan(1e-4);
  });

  it('gives each product operands of exactly its shape, its packing buffers reused from a larger task to a smaller and back', () => {
    const lengths: number[][] = [];
    const seen = new Set<ArrayBufferLike>();
    const recording: typeof jsMatMulF32 = (x, y, m, k, n) => {
      lengths.push([x.length, y.length]);
      seen.add(x.buffer);
      return jsMatMulF32(x, y, m, k, n);
    };
    for (const [m, k, n, seed] of [[9, 40, 7, 10], [3, 5, 2, 11], [9, 40, 7, 12]] as const) {
      const a = rand(m * k, seed);
      const b = rand(k * n, seed + 1);
      const c = new Float32Array(m * n);
      runGemmTask({ a: { data: a, offset: 0, stride: k, rows: m, cols: k }, b: { data: b, offset: 0, stride: n, rows: k, cols: n }, c: { data: c, offset: 0, stride: n, rows: m, cols: n }, mode: 'set' }, recording);
      const ref = jsMatMulF32(a, b, m, k, n);
      for (let i = 0; i < c.length; i++) expect(Math.abs(c[i]! - ref[i]!)).toBeLessThan(1e-5);
      expect(lengths.pop()).toEqual([m * k, k * n]);
    }
    expect(seen.size).toBe(1); // A's slices always packed into the same buffer
  });

  it('names the operand whose shape does not fit', () => {
    const d = new Float32Array(16);
    const r = (rows: number, cols: number): MatrixRegion => ({ data: d, offset: 0, stride: 4, rows, cols });
    expect(() => runGemmTask({ a: r(2, 3), b: r(2, 2), c: r(2, 2), mode: 'set' }, jsMatMulF32)).toThrow(/task\.b.*2 rows/);
    expect(() => runGemmTask({ a: r(2, 2), b: r(2, 3), c: r(2, 2), mode: 'set' }, jsMatMulF32)).toThrow(/task\.c.*\[2 × 3\]/);
  });
});

describe('gemmBatchOf', () => {
  it('runs meanwhile, then every task', () => {
    const order: string[] = [];
    const c = sharedF32(4);
    expect(c.buffer).toBeInstanceOf(SharedArrayBuffer);
    const one: MatrixRegion = { data: Float32Array.of(2), offset: 0, stride: 1, rows: 1, cols: 1 };
    const cell = (i: number): MatrixRegion => ({ data: c, offset: i, stride: 1, rows: 1, cols: 1 });
    gemmBatchOf((x, y, m, k, n) => {
      order.push('product');
      return jsMatMulF32(x, y, m, k, n);
    })([0, 1, 2, 3].map((i) => ({ a: one, b: one, c: cell(i), mode: 'add' as const })), () => order.push('meanwhile'));
    expect(order).toEqual(['meanwhile', 'product', 'product', 'product', 'product']);
    expect(Array.from(c)).toEqual([4, 4, 4, 4]);
  });
});
