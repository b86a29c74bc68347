import { rng } from '../test-utils';
import { gemmBatchOf, sharedF32, type GemmTask, type MatrixRegion } from './gemm';
import { jsMatMulF32, type MatMulF32 } from './matmul';
import { planProduct, runProduct } from './strassen';

function random(rows: number, cols: number, seed: number): MatrixRegion {
  const r = rng(seed);
  const data = sharedF32(rows * cols + 3);
  for (let i = 0; i < data.length; i++) data[i] = r() * 2 - 1;
  return { data, offset: 3, stride: cols, rows, cols };
}

/** C (mode)= A·B in float64, C's region taken as it is. */
function reference(a: MatrixRegion, b: MatrixRegion, c: MatrixRegion, mode: GemmTask['mode']): Float64Array {
  const out = new Float64Array(c.rows * c.cols);
  for (let i = 0; i < c.rows; i++) {
    for (let j = 0; j < c.cols; j++) {
      let s = 0;
      for (let p = 0; p < a.cols; p++) s += a.data[a.offset + i * a.stride + p]! * b.data[b.offset + p * b.stride + j]!;
      const old = c.data[c.offset + i * c.stride + j]!;
      out[i * c.cols + j] = mode === 'set' ? s : mode === 'add' ? old + s : old - s;
    }
  }
  return out;
}

describe('planProduct', () => {
  it('matches the plain product with one and two Strassen–Winograd levels, odd sizes and every mode', () => {
    for (const [m, k, n, levels, mode, seed] of [
      [8, 8, 8, 1, 'set', 1],
      [13, 9, 11, 1, 'add', 2],
      [31, 40, 27, 2, 'sub', 3],
      [64, 64, 64, 2, 'set', 4],
    ] as const) {
      const a = random(m, k, seed);
      const b = random(k, n, seed + 100);
      const c = random(m, n, seed + 200);
      const want = reference(a, b, c, mode);
      let products = 0;
      const counting: MatMulF32 = (x, y, mm, kk, nn) => {
        products += mm * kk * nn;
        return jsMatMulF32(x, y, mm, kk, nn);
      };
      const plan = planProduct(a, b, c, mode, { levels, minSize: 4 });
      gemmBatchOf(counting)(plan.tasks);
      plan.finish();
      let err = 0;
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) err = Math.max(err, Math.abs(c.data[c.offset + i * n + j]! - want[i * n + j]!));
      expect({ m, k, n, ok: err < 1e-4 * k }).toEqual({ m, k, n, ok: true });
      // 7 products of half size per level (operands padded to even sizes)
      let h: number[] = [m, k, n];
      for (let l = 0; l < levels; l++) h = h.map((x) => Math.ceil(x / 2));
      expect(products).toBe(7 ** levels * h[0]! * h[1]! * h[2]!);
    }
  });

  it('is the plain product below minSize', () => {
    const a = random(20, 20, 5);
    const b = random(20, 20, 6);
    const c = random(20, 20, 7);
    const plan = planProduct(a, b, c, 'set', { levels: 2, minSize: 32 });
    expect(plan.tasks).toHaveLength(1);
    expect(plan.tasks[0]!.a.data).toBe(a.data);
    expect(plan.tasks[0]!.c.data).toBe(c.data);
  });
});

describe('runProduct', () => {
  it('gives planProduct\'s result in two batches, the operands made and combined meanwhile', () => {
    const a = random(37, 30, 11);
    const b = random(30, 33, 12);
    const c = random(37, 33, 13);
    const want = reference(a, b, c, 'sub');
    const batches: number[] = [];
    const run = gemmBatchOf(jsMatMulF32);
    runProduct(a, b, c, 'sub', (tasks, meanwhile) => {
      batches.push(tasks.length);
      run(tasks, meanwhile);
    }, { levels: 2, minSize: 4 });
    let err = 0;
    for (let i = 0; i < 37; i++) for (let j = 0; j < 33; j++) err = Math.max(err, Math.abs(c.data[c.offset + i * 33 + j]! - want[i * 33 + j]!));
    expect(err).toBeLessThan(1e-3);
    // M₁ and M₂ (7 leaves each at the second level), then three of the other five, then the last two
    expect(batches).toEqual([14, 21, 14]);
    // one level: M₁ and M₂, then the other five
    batches.length = 0;
    const c1 = random(37, 33, 14);
    const want1 = reference(a, b, c1, 'add');
    runProduct(a, b, c1, 'add', (tasks, meanwhile) => {
      batches.push(tasks.length);
      run(tasks, meanwhile);
    }, { levels: 1, minSize: 4 });
    expect(batches).toEqual([2, 5]);
    let err1 = 0;
    for (let i = 0; i < 37; i++) for (let j = 0; j < 33; j++) err1 = Math.max(err1, Math.abs(c1.data[c1.offset + i * 33 + j]! - want1[i * 33 + j]!));
    expect(err1).toBeLessThan(1e-3);
  });
});

