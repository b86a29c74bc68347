import { recentLists, timelineOf, UserTimeline } from './user-timeline';

// user 0: items 5 (t 30), 2 (t 10), 7 (t 20); user 1: item 1 (t 10); row 4 (user 0, t 5) is not among the rows
const users = [0, 0, 0, 1, 0];
const items = [5, 2, 7, 1, 9];
const times = [30, 10, 20, 10, 5];

describe('UserTimeline', () => {
  it("gives a user's items strictly before a time, oldest first, from the given rows only", () => {
    const h = UserTimeline.fromRows(users, items, times, [0, 1, 2, 3], 2);
    expect(Array.from(h.before(0, 25))).toEqual([2, 7]);
    expect(Array.from(h.before(0, 20))).toEqual([2]);
    expect(Array.from(h.before(0, 1000))).toEqual([2, 7, 5]);
    expect(Array.from(h.before(0, 10))).toEqual([]);
    expect(Array.from(h.before(1, 11))).toEqual([1]);
    // a user outside the timeline (an unknown user: -1) has none
    expect(Array.from(h.before(-1, 100))).toEqual([]);
    expect(Array.from(h.before(2, 100))).toEqual([]);
  });

  it('gives the last n of them, oldest first; all of them when fewer; Infinity is after every row', () => {
    const h = UserTimeline.fromRows(users, items, times, undefined, 2);
    expect(Array.from(h.lastBefore(0, Infinity, 2))).toEqual([7, 5]);
    expect(Array.from(h.lastBefore(0, 25, 1))).toEqual([7]);
    expect(Array.from(h.lastBefore(0, 25, 5))).toEqual([9, 2, 7]);
    expect(Array.from(h.lastBefore(0, 5, 3))).toEqual([]);
  });

  it("from seen items with their times (one per user and item), computed once per object; refused without times", () => {
    const seen = { offsets: Int32Array.from([0, 3, 4]), items: Int32Array.from([2, 5, 7, 1]), times: Float64Array.from([10, 30, 20, 10]) };
    const t = timelineOf(seen);
    expect(timelineOf(seen)).toBe(t);
    expect(Array.from(t.lastBefore(0, Infinity, 3))).toEqual([2, 7, 5]);
    const lists = recentLists(t, (i) => [0, 0, 1][i]!, [21, Infinity, 11], 2);
    expect([0, 1, 2].map((i) => Array.from(lists(i)))).toEqual([[2, 7], [7, 5], [1]]);
    expect(Array.from(recentLists(t, () => 0, undefined, 1)(0))).toEqual([5]);
    expect(() => timelineOf({ offsets: seen.offsets, items: seen.items })).toThrow(/a recent history reads the time of each user's items: these seen items have none \(SeenItems.times\)/);
    expect(() => UserTimeline.fromSeen({ ...seen, times: Float64Array.from([1]) })).toThrow(/SeenItems.times has 1 values for 4 items/);
  });
});
