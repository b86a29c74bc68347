import { Discretization } from './discretization';
import { throughJson } from './test-utils';

describe('Discretization', () => {
  it('places equal-width boundaries between min and max (hand-computed)', () => {
    const d = Discretization.equalWidth({ bins: 5 }).fit([10, 0, 3]);
    expect(d.boundaries).toEqual([2, 4, 6, 8]);
    expect(d.fitRange).toEqual({ min: 0, max: 10 });
    expect(d.vocabularySize).toBe(5);
    // a value equal to a boundary goes to the upper bucket
    expect(Array.from(d.transform([0, 1.99, 2, 3.5, 4, 7.99, 8, 10]))).toEqual([0, 0, 1, 1, 2, 3, 4, 4]);
  });

  it('clamps values outside the fit range to the first and last bucket', () => {
    const d = Discretization.equalWidth({ bins: 4 }).fit([100, 200]);
    expect(d.boundaries).toEqual([125, 150, 175]);
    expect(Array.from(d.transform([-1e9, 99, 201, 1e12]))).toEqual([0, 0, 3, 3]);
  });

  it('gives 1000 timestamp buckets 0..999 like TFRS (ids, not 1001)', () => {
    const min = 874724710;
    const max = 893286638;
    const d = Discretization.equalWidth({ bins: 1000 }).fit([min, max, 880000000]);
    expect(d.boundaries).toHaveLength(999);
    const width = (max - min) / 1000;
    expect(d.boundaries[0]).toBeCloseTo(min + width, 6);
    expect(d.bucket(min)).toBe(0);
    expect(d.bucket(max)).toBe(999);
    expect(d.bucket(min + 500.5 * width)).toBe(500);
  });

  it('handles a constant column deterministically (all boundaries equal)', () => {
    const d = Discretization.equalWidth({ bins: 4 }).fit([5, 5]);
    expect(d.boundaries).toEqual([5, 5, 5]);
    expect(Array.from(d.transform([4, 5, 6]))).toEqual([0, 3, 3]);
  });

  it('places quantile boundaries so each bucket holds n/bins values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, shuffled order
    const d = Discretization.quantile({ bins: 4 }).fit(values);
    expect(d.boundaries).toEqual([26, 51, 76]);
    const counts = [0, 0, 0, 0];
    for (const b of d.transform(values)) counts[b]! += 1;
    expect(counts).toEqual([25, 25, 25, 25]);
    expect(d.method).toBe('quantile');
  });

  it('accepts fixed boundaries and numeric strings', () => {
    const d = Discretization.fromBoundaries([0, 10, 100]);
    expect(d.bins).toBe(4);
    expect(Array.from(d.transform([-5, 0, '5', 10, 10000]))).toEqual([0, 1, 1, 2, 3]);
    expect(() => d.fit([1, 2])).toThrow(/nothing to fit/);
    expect(() => Discretization.fromBoundaries([0, 5, 3])).toThrow(/boundaries\[2\] = 3 is not finite or is below boundaries\[1\]/);
  });

  it('rejects missing or non-numeric values naming the row, and bad options', () => {
    const d = Discretization.equalWidth({ bins: 3, name: 'timestamp_bucket' }).fit([0, 1]);
    expect(() => d.transform([0.5, Number.NaN])).toThrow('timestamp_bucket: row 1 is NaN; expected a finite number (or a numeric string).');
    expect(() => d.transform([0.5, 'soon'])).toThrow(/row 1 is the string "soon"/);
    expect(() => Discretization.equalWidth({ bins: 0 })).toThrow(/option bins is 0/);
    expect(() => new Discretization({ bins: 3, method: 'log' as 'quantile' })).toThrow(/option method is "log"; use one of "equal-width", "quantile"/);
    expect(() => Discretization.equalWidth({ bins: 3 }).fit([])).toThrow(/cannot fit on an empty column/);
    expect(() => Discretization.equalWidth({ bins: 3 }).transform([1])).toThrow(/not fitted/);
  });

  it('round-trips through JSON with identical outputs', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 874724710 + ((i * 104729) % 18561928) + 0.25);
    const probe = [...values, 0, 1e10];
    for (const d of [Discretization.equalWidth({ bins: 1000 }).fit(values), Discretization.quantile({ bins: 37 }).fit(values), Discretization.fromBoundaries([1, 2, 3])]) {
      const restored = Discretization.fromJSON(throughJson(d));
      expect(Array.from(restored.transform(probe))).toEqual(Array.from(d.transform(probe)));
      expect(restored.toJSON()).toEqual(d.toJSON());
    }
    const json = Discretization.fromBoundaries([1, 2]).toJSON();
    expect(() => Discretization.fromJSON({ ...json, bins: 5 })).toThrow(/"bins" is 5 but there are 2 boundaries/);
  });
});
