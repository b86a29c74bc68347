import { TimedHistory } from './timed-history';

// user 0: items 5 (t 30), 2 (t 10), 7 (t 20); user 1: item 1 (t 10); row 4 (user 0, t 5) is not among the rows
const data = {
  log: { users: Int32Array.from([0, 0, 0, 1, 0]), items: Int32Array.from([5, 2, 7, 1, 9]) } as never,
  numUsers: 2,
  timestamps: Float64Array.from([30, 10, 20, 10, 5]),
};

describe('TimedHistory', () => {
  it("gives a user's items strictly before a time, oldest first, from the given rows only", () => {
    const h = new TimedHistory(data, Int32Array.from([0, 1, 2, 3]));
    expect(Array.from(h.before(0, 25))).toEqual([2, 7]);
    expect(Array.from(h.before(0, 20))).toEqual([2]);
    expect(Array.from(h.before(0, 1000))).toEqual([2, 7, 5]);
    expect(Array.from(h.before(0, 10))).toEqual([]);
    expect(Array.from(h.before(1, 11))).toEqual([1]);
  });
});
