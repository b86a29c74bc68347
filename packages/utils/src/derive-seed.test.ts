import { deriveSeed } from './derive-seed';

describe('deriveSeed', () => {
  it('gives pinned 32-bit seeds (epochs are shuffled with them)', () => {
    expect(deriveSeed(42, 0)).toBe(862081050);
    expect(deriveSeed(42, 1)).toBe(2860932040);
  });

  it('gives distinct seeds for distinct streams and distinct base seeds', () => {
    const seen = new Set<number>();
    for (let e = 0; e < 1000; e++) seen.add(deriveSeed(42, e));
    for (let s = 0; s < 1000; s++) seen.add(deriveSeed(s + 100_000, 0));
    expect(seen.size).toBe(2000);
    for (const s of seen) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });
});
