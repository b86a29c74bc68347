import { pca } from './pca';
import { VizInputError } from './errors';

describe('pca', () => {
  it('matches a hand-computed case: points on the line y = x', () => {
    // centred already; all variance along (1, 1)/√2: projections ±√2, ±2√2; variance (2+2+8+8)/3
    const data = Float64Array.from([1, 1, -1, -1, 2, 2, -2, -2]);
    const r = pca(data, 2);
    expect(r.components[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(r.components[1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(r.explainedVariance[0]).toBeCloseTo(20 / 3, 12);
    expect(r.explainedVariance[1]).toBeCloseTo(0, 12);
    expect(r.explainedVarianceRatio[0]).toBeCloseTo(1, 12);
    expect(Array.from(r.projection.filter((_, i) => i % 2 === 0))).toEqual(
      [Math.SQRT2, -Math.SQRT2, 2 * Math.SQRT2, -2 * Math.SQRT2].map((v) => expect.closeTo(v, 5)),
    );
  });

  it('matches a hand-computed case: axis-aligned spread, mean removed', () => {
    // x spread (var 8/3) > y spread (var 2/3), centre (10, 5)
    const data = Float32Array.from([12, 5, 10, 6, 8, 5, 10, 4]);
    const r = pca(data, 2);
    expect(Array.from(r.mean)).toEqual([10, 5]);
    expect(Array.from(r.components)).toEqual([1, 0, 0, 1].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(r.explainedVariance)).toEqual([8 / 3, 2 / 3].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(r.projection)).toEqual([2, 0, 0, 1, -2, 0, 0, -1].map((v) => expect.closeTo(v, 6)));
  });

  it('wide data (subspace iteration) agrees with the exact solver', () => {
    const n = 80;
    const dim = 40;
    const data = new Float64Array(n * dim);
    for (let i = 0; i < n; i++) {
      const a = Math.sin(i * 1.3);
      const b = Math.cos(i * 0.7);
      for (let c = 0; c < dim; c++) data[i * dim + c] = 5 * a * Math.sin(c) + 2 * b * Math.cos(3 * c) + 0.01 * Math.sin(i * c);
    }
    const exact = pca(data, dim, { components: 2 });
    const iter = pca(data, dim, { components: 2, exactMaxDim: 10 });
    for (let r = 0; r < 2; r++) expect(iter.explainedVariance[r]).toBeCloseTo(exact.explainedVariance[r]!, 6);
    let dot = 0;
    for (let c = 0; c < dim; c++) dot += exact.components[c]! * iter.components[c]!;
    expect(Math.abs(dot)).toBeCloseTo(1, 6);
  });

  it('rejects bad input naming the field', () => {
    expect(() => pca(new Float32Array(5), 2)).toThrow(/data: length 5 is not a multiple of dim 2/);
    expect(() => pca(new Float32Array(4), 2, { components: 3 })).toThrow(VizInputError);
    expect(() => pca(Float32Array.from([1, NaN, 2, 3]), 2)).toThrow(/row 0 column 1 is NaN/);
  });
});
