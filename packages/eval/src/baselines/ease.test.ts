import { gaussJordanInverse, rng } from '../test-utils';
import { EASE_MAX_ITEMS, EaseBaseline } from './ease';
import { jsMatMulF32, type MatMulF32 } from '../linalg/matmul';
import { runRowTask, type RowTask } from '../linalg/row-tasks';
import { easeDualWork } from './ease-dual';
import { buildUserItemCsr } from '../protocols/user-item-csr';

describe('EaseBaseline', () => {
  // X (users × items): u0 {0, 1}, u1 {1, 2}, u2 {0, 1, 2}; XᵀX = [[2,2,1],[2,3,2],[1,2,2]].
  // With λ = 1: P = [[3,2,1],[2,4,2],[1,2,3]]⁻¹ = [[.5,-.25,0],[-.25,.5,-.25],[0,-.25,.5]],
  // B[i][j] = -P[i][j] / P[j][j] -> [[0,.5,0],[.5,0,.5],[0,.5,0]].
  const interactions = {
    user: new Int32Array([0, 0, 1, 1, 2, 2, 2, 0]),
    item: new Int32Array([0, 1, 1, 2, 0, 1, 2, 1]), // the last row repeats (u0, 1): binary X counts it once
  };
  const rows = new Int32Array([0, 1, 2, 3, 4, 5, 6, 7]);

  it('matches the hand-checked 3×3 case', () => {
    const ease = EaseBaseline.fit(interactions, rows, 3, 3, { lambda: 1 });
    const expected = [0, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0];
    expected.forEach((v, i) => expect(ease.weights[i]).toBeCloseTo(v, 6));
    const out = new Float32Array(9);
    ease.scoreUsers(new Int32Array([0, 1, 2]), out);
    // x_u B: u0 = row0 + row1, u1 = row1 + row2, u2 = all rows
    [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 0.5].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
  });

  it('equals the formula computed with a naive Gauss-Jordan inverse on random data', () => {
    const r = rng(5);
    const nUsers = 40;
    const nItems = 17;
    const user = Int32Array.from({ length: 300 }, () => Math.floor(r() * nUsers));
    const item = Int32Array.from({ length: 300 }, () => Math.floor(r() * nItems));
    const trainRows = Int32Array.from({ length: 250 }, (_, i) => i);
    const lambda = 3;
    const ease = EaseBaseline.fit({ user, item }, trainRows, nUsers, nItems, { lambda });
    // Reference: dense binary X, G = XᵀX + λI, P = inverse, B = I - P diag(1/diag P).
    const x = new Float64Array(nUsers * nItems);
    for (const i of trainRows) x[user[i]! * nItems + item[i]!] = 1;
    const g = new Float64Array(nItems * nItems);
    for (let a = 0; a < nItems; a++) {
      for (let b = 0; b < nItems; b++) {
        let s = a === b ? lambda : 0;
        for (let u = 0; u < nUsers; u++) s += x[u * nItems + a]! * x[u * nItems + b]!;
        g[a * nItems + b] = s;
      }
    }
    const p = gaussJordanInverse(g, nItems);
    for (let a = 0; a < nItems; a++) {
      for (let b = 0; b < nItems; b++) {
        const bab = a === b ? 0 : -p[a * nItems + b]! / p[b * nItems + b]!;
        expect(Math.abs(ease.weights[a * nItems + b]! - bab)).toBeLessThan(1e-6);
      }
    }
    // Scores are x_u B.
    const out = new Float32Array(nItems);
    ease.scoreUsers(new Int32Array([7]), out);
    for (let j = 0; j < nItems; j++) {
      let s = 0;
      for (let a = 0; a < nItems; a++) s += x[7 * nItems + a]! * ease.weights[a * nItems + j]!;
      expect(out[j]).toBeCloseTo(s, 5);
    }
  });

  it('fits the same weights through the blocked float32 inverse when given a matmul', () => {
    const r = rng(8);
    const nUsers = 300;
    const nItems = 300; // above the inverse's 128-row float64 leaves, so that the matmul is used
    const user = Int32Array.from({ length: 8000 }, () => Math.floor(r() * nUsers));
    const item = Int32Array.from({ length: 8000 }, () => Math.floor(r() ** 2 * nItems));
    const trainRows = Int32Array.from({ length: 7000 }, (_, i) => i);
    const exact = EaseBaseline.fit({ user, item }, trainRows, nUsers, nItems, { lambda: 20 });
    let calls = 0;
    const counted: MatMulF32 = (a, b, m, k, n) => (calls++, jsMatMulF32(a, b, m, k, n));
    const phases: Record<string, number> = {};
    const fast = EaseBaseline.fit({ user, item }, trainRows, nUsers, nItems, { lambda: 20, matmul: counted, phases });
    expect(calls).toBeGreaterThan(0);
    // seconds per phase, the recursive inverse's own under 'inverse.'
    for (const k of ['gram', 'inverse', 'weights', 'inverse.products', 'inverse.leaves']) expect(phases[k]).toBeGreaterThanOrEqual(0);
    expect(phases['inverse.productMacs']).toBeGreaterThan(0);
    expect(phases['inverse.products']!).toBeLessThanOrEqual(phases.inverse!);
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < exact.weights.length; i++) {
      worst = Math.max(worst, Math.abs(fast.weights[i]! - exact.weights[i]!));
      scale = Math.max(scale, Math.abs(exact.weights[i]!));
    }
    expect(worst / scale).toBeLessThan(1e-5);
    for (let i = 0; i < nItems; i++) expect(fast.weights[i * nItems + i]).toBe(0);
  });

  it("computes B's rows on the matmul's rowBatch when it has one, to the same weights", () => {
    const r = rng(9);
    const [nUsers, nItems] = [300, 200];
    const user = Int32Array.from({ length: 6000 }, () => Math.floor(r() * nUsers));
    const item = Int32Array.from({ length: 6000 }, () => Math.floor(r() ** 2 * nItems));
    const trainRows = Int32Array.from({ length: 6000 }, (_, i) => i);
    const plain = EaseBaseline.fit({ user, item }, trainRows, nUsers, nItems, { lambda: 20, matmul: jsMatMulF32, solver: 'items' });
    const rowsScaled: number[] = [];
    const withRows: MatMulF32 = (a, b, m, k, n) => jsMatMulF32(a, b, m, k, n);
    withRows.rowBatch = (t: RowTask) => {
      if (t.kernel === 'scaleColumns') rowsScaled.push(t.rows);
      runRowTask(t);
    };
    const fast = EaseBaseline.fit({ user, item }, trainRows, nUsers, nItems, { lambda: 20, matmul: withRows, solver: 'items' });
    expect(Array.from(fast.weights)).toEqual(Array.from(plain.weights));
    expect(rowsScaled.reduce((x, y) => x + y, 0)).toBe(nItems); // every row once, in 20 ranges
    expect(rowsScaled.length).toBe(20);
  });

  it('fits the same weights through the users\' side (Woodbury) when there are fewer users than items', () => {
    const r = rng(12);
    const nUsers = 25; // user 3 has no training rows; items 50..59 have none
    const nItems = 60;
    const user = Int32Array.from({ length: 500 }, () => {
      const v = Math.floor(r() * nUsers);
      return v === 3 ? 4 : v;
    });
    const item = Int32Array.from({ length: 500 }, () => Math.floor(r() * 50));
    const rows = Int32Array.from({ length: 500 }, (_, i) => i);
    for (const lambda of [0.5, 30]) {
      const items = EaseBaseline.fit({ user, item }, rows, nUsers, nItems, { lambda, solver: 'items' });
      const dual = EaseBaseline.fit({ user, item }, rows, nUsers, nItems, { lambda, solver: 'users' });
      let worst = 0;
      for (let i = 0; i < items.weights.length; i++) worst = Math.max(worst, Math.abs(dual.weights[i]! - items.weights[i]!));
      expect({ lambda, worst: worst < 1e-6 }).toEqual({ lambda, worst: true });
      const out = [new Float32Array(nItems), new Float32Array(nItems)];
      items.scoreUsers(new Int32Array([7]), out[0]!);
      dual.scoreUsers(new Int32Array([7]), out[1]!);
      for (let j = 0; j < nItems; j++) expect(out[1]![j]).toBeCloseTo(out[0]![j]!, 5);
    }
    // 'auto' takes the users' side here (it reports its own progress total)
    const totals = new Set<number>();
    EaseBaseline.fit({ user, item }, rows, nUsers, nItems, { onProgress: (_d, total) => totals.add(total) });
    expect([...totals]).toEqual([easeDualWork(buildUserItemCsr(user, item, rows, nUsers, nItems), nItems).work]);
    expect(() => EaseBaseline.fit({ user, item }, rows, nUsers, nItems, { solver: 'both' as 'auto' })).toThrow(/solver.*'auto', 'items' or 'users'/);
  });

  it('refuses catalogues above the limit and bad options with clear messages', () => {
    const one = { user: new Int32Array([0]), item: new Int32Array([0]) };
    expect(() => EaseBaseline.fit(one, new Int32Array([0]), 1, EASE_MAX_ITEMS + 1)).toThrow(/3\.2 GB.*at most 20000 items/);
    expect(() => EaseBaseline.fit(one, new Int32Array([0]), 1, 2, { lambda: 0 })).toThrow(/lambda/);
    const ease = EaseBaseline.fit(one, new Int32Array([0]), 1, 2);
    expect(() => ease.scoreUsers(new Int32Array([3]), new Float32Array(2))).toThrow(/users\[0\].*outside the 1 users/);
  });
});
