import { randomSpd } from '../test-utils';
import { diagonalBlockInverse } from './diag-inverse';
import { jsMatMulF32 } from './matmul';
import { factorBlock, invertLowerInPlace } from './small-blocks';

describe('diagonalBlockInverse', () => {
  it('equals the float64 inverse of the block’s Cholesky factor, halving blocks above 128 rows', () => {
    const n = 330;
    const [k0, kn] = [20, 300]; // 300 -> 150 -> 75
    const a = Float32Array.from(randomSpd(n, 4));
    const ref = factorBlock(a, n, k0, kn);
    invertLowerInPlace(ref, kn);
    const x = diagonalBlockInverse(a, n, k0, kn, jsMatMulF32);
    expect(x.buffer).toBeInstanceOf(SharedArrayBuffer);
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < kn * kn; i++) {
      worst = Math.max(worst, Math.abs(x[i]! - ref[i]!));
      scale = Math.max(scale, Math.abs(ref[i]!));
    }
    expect(worst / scale).toBeLessThan(1e-5);
    for (let r = 0; r < kn; r++) for (let c = r + 1; c < kn; c++) expect(x[r * kn + c]).toBe(0);
  });

  it('names the row of the whole matrix whose pivot is not positive, in either half', () => {
    const n = 300;
    for (const bad of [40, 250]) {
      const a = Float32Array.from(randomSpd(n, 6));
      a[bad * n + bad] = -1e6;
      expect(() => diagonalBlockInverse(a, n, 0, n, jsMatMulF32)).toThrow(new RegExp(`a\\[${bad}\\]\\[${bad}\\].*not positive definite`));
    }
  });
});
