import { perplexityRow } from './perplexity';

describe('perplexityRow', () => {
  it('finds a distribution whose perplexity is the one asked', () => {
    const dist = Float64Array.from({ length: 50 }, (_, j) => 0.3 * j + 0.01 * j * j + 5);
    const p = new Float64Array(50);
    perplexityRow(dist, 0, 50, 10, p);
    const sum = p.reduce((a, b) => a + b, 0);
    const entropy = -p.reduce((a, v) => a + (v > 0 ? v * Math.log(v) : 0), 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(Math.exp(entropy)).toBeCloseTo(10, 3);
    // nearer candidates get more mass
    expect(p[0]!).toBeGreaterThan(p[10]!);
  });

  it('works on a slice and survives huge distances (no underflow to an empty row)', () => {
    const dist = new Float64Array(30).fill(1e6);
    for (let j = 10; j < 20; j++) dist[j] = 1e6 + (j - 10) * 1e3;
    const p = new Float64Array(30);
    perplexityRow(dist, 10, 10, 3, p);
    expect(p.subarray(10, 20).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[0]).toBe(0);
    expect(Number.isFinite(p[10]!)).toBe(true);
  });
});
