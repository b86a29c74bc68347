import { seenColumns } from './seen-columns';

describe('seenColumns', () => {
  // user 0 saw items 1 and 4; user 1 saw item 2; user 2 saw nothing
  const seen = { offsets: Int32Array.from([0, 2, 3, 3]), items: Int32Array.from([1, 4, 2]) };

  it("lists, for each example, every column holding one of its user's items (repeats included)", () => {
    const users = Int32Array.from([0, 1, 2, 0]);
    const candidates = Int32Array.from([1, 2, 3, 4, 1, 5]);
    const m = seenColumns(seen, users, candidates);
    const rows = Array.from({ length: 4 }, (_, i) => Array.from(m.columns.subarray(m.offsets[i]!, m.offsets[i + 1]!)).sort());
    expect(rows).toEqual([[0, 3, 4], [1], [], [0, 3, 4]]);
  });

  it('names no column for items that are not among the candidates', () => {
    const m = seenColumns(seen, Int32Array.from([0]), Int32Array.from([7, 8]));
    expect(Array.from(m.offsets)).toEqual([0, 0]);
    expect(m.columns.length).toBe(0);
  });
});
