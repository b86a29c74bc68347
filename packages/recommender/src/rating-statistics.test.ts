import { RatingStatistics } from './rating-statistics';

// users 0, 1; items 0, 1, 2; rows 0-3 are training rows, row 4 is not
const log = {
  users: Int32Array.from([0, 0, 1, 1, 0]),
  items: Int32Array.from([0, 1, 0, 2, 2]),
  ratings: Float32Array.from([5, 3, 4, NaN, 1]),
};

describe('RatingStatistics', () => {
  it('counts sum, count and liked ratings of the given rows, skipping rows without a rating', () => {
    const s = RatingStatistics.fit(log, [0, 1, 2, 3], 2, 3);
    expect(Array.from(s.user)).toEqual([8, 2, 1, 4, 1, 1]);
    expect(Array.from(s.item)).toEqual([9, 2, 2, 3, 1, 0, 0, 0, 0]);
    expect(s.globalMean).toBe(4);
    expect(s.likedRate).toBeCloseTo(2 / 3);
    expect(s.numUsers).toBe(2);
    expect(s.numItems).toBe(3);
  });

  it('shrinks means toward the global figures and reports them centred, with log counts', () => {
    const s = RatingStatistics.fit(log, [0, 1, 2], 2, 3, { priorStrength: 2 });
    const f = s.features([0], [2]);
    // user 0: (8 + 2·4) / (2 + 2) − 4 = 0; liked (1 + 2·2/3) / 4 − 2/3
    expect(f.user[0]).toBeCloseTo(0);
    expect(f.user[1]).toBeCloseTo((1 + (2 * 2) / 3) / 4 - 2 / 3);
    expect(f.user[2]).toBeCloseTo(Math.log1p(2) / 5);
    // item 2 has no ratings: the global figures, centred to 0
    expect(Array.from(f.item)).toEqual([0, 0, 0]);
  });

  it("leaves each training pair's own rating out of its user's and item's statistics", () => {
    const s = RatingStatistics.fit(log, [0, 1, 2], 2, 3, { priorStrength: 1 });
    const full = s.features([0], [0]);
    const loo = s.features([0], [0], [5]);
    const mu = 4;
    // user 0 without the 5: one rating (3); item 0 without the 5: one rating (4)
    expect(loo.user[0]).toBeCloseTo((3 + mu) / 2 - mu);
    expect(loo.item[0]).toBeCloseTo((4 + mu) / 2 - mu);
    expect(loo.user[2]).toBeCloseTo(Math.log1p(1) / 5);
    expect(full.user[0]).toBeCloseTo((8 + mu) / 3 - mu);
    // liked shares drop with the liked rating removed
    expect(loo.user[1]!).toBeLessThan(full.user[1]!);
    // NaN: nothing to leave out
    expect(Array.from(s.features([0], [0], [NaN]).user)).toEqual(Array.from(full.user));
  });

  it('gives unknown users and items the global figures', () => {
    const s = RatingStatistics.fit(log, [0, 1, 2], 2, 3);
    const f = s.features([-1, 7], [-1, 3]);
    expect(Array.from(f.user)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(f.item)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects bad options and mismatched inputs with what to do', () => {
    expect(() => RatingStatistics.fit(log, [0], 2, 3, { priorStrength: 0 })).toThrow(/priorStrength.*> 0/);
    expect(() => RatingStatistics.fit(log, [0, 1, 2], 1, 3)).toThrow(/row 2: user index 1.*numUsers/);
    const s = RatingStatistics.fit(log, [0], 2, 3);
    expect(() => s.features([0, 1], [0])).toThrow(/2 users but 1 items/);
    expect(() => s.features([0], [0], [1, 2])).toThrow(/leaveOut has 2 values for 1 pairs/);
    expect(() => new RatingStatistics(new Float32Array(4), new Float32Array(3))).toThrow(/user statistics have 4 values/);
  });
});
