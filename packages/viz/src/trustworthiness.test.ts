import { clusteredPoints } from './synthetic';
import { trustworthiness } from './trustworthiness';

describe('trustworthiness', () => {
  it('is 1 for a projection that keeps every neighbourhood', () => {
    const { data } = clusteredPoints({ n: 50, dim: 2, seed: 1 });
    expect(trustworthiness(data, 2, data, 2)).toBeCloseTo(1, 12);
    const scaled = data.map((v) => 3 * v + 1);
    expect(trustworthiness(data, 2, scaled, 2)).toBeCloseTo(1, 12);
  });

  it("matches scikit-learn's sklearn.manifold.trustworthiness (1.2.1) on a fixed case", () => {
    // the first two of five coordinates; values computed by scikit-learn on the same numbers
    const { data } = clusteredPoints({ n: 60, dim: 5, clusters: 3, seed: 3, centreSpread: 2 });
    const low = new Float64Array(120);
    for (let i = 0; i < 60; i++) {
      low[2 * i] = data[5 * i]!;
      low[2 * i + 1] = data[5 * i + 1]!;
    }
    expect(trustworthiness(data, 5, low, 2)).toBeCloseTo(0.8441666666666667, 12);
    expect(trustworthiness(data, 5, low, 2, { neighbours: 10 })).toBeCloseTo(0.8537078651685394, 12);
  });

  it('is about 0.5 for a random projection', () => {
    const a = clusteredPoints({ n: 200, dim: 6, clusters: 1, seed: 1 });
    const b = clusteredPoints({ n: 200, dim: 2, clusters: 1, seed: 2 });
    const t = trustworthiness(a.data, 6, b.data, 2);
    expect(t).toBeGreaterThan(0.4);
    expect(t).toBeLessThan(0.6);
  });

  it('rejects mismatched rows and a bad k', () => {
    expect(() => trustworthiness(new Float32Array(20), 2, new Float32Array(18), 2)).toThrow(/low: has 9 rows but high has 10/);
    expect(() => trustworthiness(new Float32Array(20), 2, new Float32Array(20), 2, { neighbours: 5 })).toThrow(/neighbours: must be an integer/);
  });
});
