import { expNonPositive } from './fast-exp';
import { transposeInto } from './transpose';

describe('expNonPositive', () => {
  it('is within 2e-7 relative error of Math.exp on [-700, 0]', () => {
    let worst = 0;
    for (let x = -700; x <= 0; x += 0.0137) {
      const rel = Math.abs(expNonPositive(x) - Math.exp(x)) / Math.exp(x);
      if (rel > worst) worst = rel;
    }
    expect(worst).toBeLessThan(2e-7);
    expect(expNonPositive(0)).toBeCloseTo(1, 12);
  });
  it('underflows to 0, falls back for positive input and propagates NaN', () => {
    expect(expNonPositive(-1e9)).toBe(0);
    expect(expNonPositive(-Infinity)).toBe(0);
    expect(expNonPositive(2)).toBeCloseTo(Math.exp(2), 12);
    expect(Number.isNaN(expNonPositive(NaN))).toBe(true);
  });
});

describe('transposeInto', () => {
  it('transposes non-square matrices across tile edges', () => {
    const rows = 37;
    const cols = 70;
    const a = Float32Array.from({ length: rows * cols }, (_, i) => i);
    const out = new Float32Array(rows * cols);
    transposeInto(a, rows, cols, out);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(out[j * rows + i]).toBe(a[i * cols + j]);
  });
});
