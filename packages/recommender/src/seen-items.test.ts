import { seenItemsFromRows } from './seen-items';

describe('seenItemsFromRows', () => {
  it("gives each user's items among the rows sorted and once, with the latest time of each", () => {
    // rows: (user, item, time)
    const users = [1, 0, 1, 0, 1, 0, 2];
    const items = [3, 2, 0, 2, 3, 1, 0];
    const times = [50, 10, 40, 30, 20, 5, 99];
    const seen = seenItemsFromRows(users, items, times, [0, 1, 2, 3, 4, 5], 3);
    expect(Array.from(seen.offsets)).toEqual([0, 2, 4, 4]);
    expect(Array.from(seen.items)).toEqual([1, 2, 0, 3]);
    expect(Array.from(seen.times!)).toEqual([5, 30, 40, 50]);
    // only the rows given: row 6 (user 2) was left out above
    expect(Array.from(seenItemsFromRows(users, items, times, [6], 3).offsets)).toEqual([0, 0, 0, 1]);
  });

  it('names a row whose user is outside numUsers', () => {
    expect(() => seenItemsFromRows([0, 4], [0, 0], [1, 2], [0, 1], 2)).toThrow(/row 1 has user index 4, outside \[0, 2\)/);
  });
});
