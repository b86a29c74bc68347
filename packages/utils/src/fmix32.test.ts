import { fmix32 } from './fmix32';

describe('fmix32', () => {
  it('matches MurmurHash3_x86_32 of no bytes (which is fmix32(seed)) for the published seeds', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
    expect(fmix32(0xffffffff)).toBe(0x81f16f39);
  });

  it('uses the low 32 bits only and returns unsigned 32-bit integers', () => {
    expect(fmix32(-1)).toBe(0x81f16f39);
    expect(fmix32(2 ** 32 + 1)).toBe(0x514e28b7);
    for (let i = 0; i < 1000; i++) {
      const h = fmix32(i * 2654435761);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });

  it('avalanches: flipping one input bit flips about half of the output bits', () => {
    let flipped = 0;
    let trials = 0;
    for (let x = 1; x < 200; x++) {
      for (let bit = 0; bit < 32; bit++) {
        let d = (fmix32(x) ^ fmix32(x ^ (1 << bit))) >>> 0;
        while (d !== 0) {
          flipped += d & 1;
          d >>>= 1;
        }
        trials += 32;
      }
    }
    expect(flipped / trials).toBeGreaterThan(0.45);
    expect(flipped / trials).toBeLessThan(0.55);
  });
});
