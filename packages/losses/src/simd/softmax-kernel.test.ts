import { kernelMemory, softmaxKernel } from './softmax-kernel';

describe('softmax kernel (WebAssembly SIMD)', () => {
  const memory = kernelMemory(1 << 20)!;
  const k = softmaxKernel(memory);
  const f = new Float32Array(memory.buffer);

  it('scales and shifts a row into logits and returns its maximum', () => {
    const n = 16;
    for (let j = 0; j < n; j++) f[j] = j - 8.5;
    for (let j = 0; j < n; j++) f[100 + j] = j % 3;
    const max = k.logits(0, 400, n, 2, 800);
    const z = Array.from(f.subarray(200, 200 + n));
    z.forEach((v, j) => expect(v).toBeCloseTo((j - 8.5) * 2 - (j % 3), 5));
    expect(max).toBe(Math.max(...z));
  });

  it('exponentiates in place within 4e-6 relative over [-80, 0], 0 below -87, and sums', () => {
    const m = 4096;
    const x = Array.from({ length: m }, (_, j) => -(j / m) * 90);
    f.set(x, 1000);
    const sum = k.expsum(4000, m, 0);
    let ref = 0;
    let worst = 0;
    x.forEach((v, j) => {
      const e = Math.exp(Math.fround(v));
      ref += e;
      if (v >= -80) worst = Math.max(worst, Math.abs(f[1000 + j]! / e - 1));
      if (v < -87) expect(f[1000 + j]).toBe(0);
    });
    expect(worst).toBeLessThan(4e-6);
    expect(sum / ref).toBeCloseTo(1, 5);
    // the row maximum is subtracted first: large logits do not overflow
    f.set([1000, 999, 990, -1e9], 0);
    const s = k.expsum(0, 4, 1000);
    expect(Array.from(f.subarray(0, 4)).map((v) => v.toPrecision(5))).toEqual([1, Math.exp(-1), Math.exp(-10), 0].map((v) => v.toPrecision(5)));
    expect(s).toBeCloseTo(1 + Math.exp(-1) + Math.exp(-10), 5);
  });

  it('scales a row in place', () => {
    f.set([1, 2, 3, 4, 5, 6, 7, 8], 0);
    k.scale(0, 8, 0.5);
    expect(Array.from(f.subarray(0, 8))).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]);
  });

  it('transposes a range of rows into the matching columns', () => {
    const R = 8;
    const C = 12;
    for (let i = 0; i < R * C; i++) f[10000 + i] = i;
    f.fill(-1, 15000, 15000 + R * C);
    k.transpose(40000, R, C, 4, 8, 60000);
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < C; j++) expect(f[15000 + j * R + i]).toBe(i >= 4 ? i * C + j : -1);
    }
    k.transpose(40000, R, C, 0, 4, 60000);
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) expect(f[15000 + j * R + i]).toBe(i * C + j);
  });
});
