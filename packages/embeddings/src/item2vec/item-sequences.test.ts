import { itemSequences } from './item-sequences';

const log = {
  users: Int32Array.from([5, 2, 5, 2, 5, 9]),
  items: Int32Array.from([0, 1, 2, 3, 4, 5]),
  timestamps: Float64Array.from([30, 20, 10, 10, 20, 1]),
};

function sequences(c: { tokens: Int32Array; offsets: Int32Array }): number[][] {
  const out: number[][] = [];
  for (let s = 0; s + 1 < c.offsets.length; s++) out.push(Array.from(c.tokens.subarray(c.offsets[s]!, c.offsets[s + 1]!)));
  return out;
}

describe('itemSequences', () => {
  it('gives one sequence per user, in user id order, items by time', () => {
    const c = itemSequences(log, { numItems: 6 });
    expect(c.vocabulary).toBe(6);
    expect(sequences(c)).toEqual([[3, 1], [2, 4, 0], [5]]);
  });

  it('uses only the given rows', () => {
    expect(sequences(itemSequences(log, { numItems: 6, rows: Int32Array.from([0, 1, 4]) }))).toEqual([[1], [4, 0]]);
  });

  it("shuffles each user's items reproducibly with order 'shuffle'", () => {
    const many = { users: new Int32Array(40), items: Int32Array.from({ length: 40 }, (_, i) => i) };
    const a = sequences(itemSequences(many, { numItems: 40, seed: 1 }));
    const b = sequences(itemSequences(many, { numItems: 40, seed: 1 }));
    const c = sequences(itemSequences(many, { numItems: 40, seed: 2 }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect([...a[0]!].sort((x, y) => x - y)).toEqual(Array.from(many.items));
  });

  it('names the row or option at fault', () => {
    expect(() => itemSequences({ ...log, items: Int32Array.from([0, 1, 2, 3, 4, 6]) }, { numItems: 6 })).toThrow('log.items[5]: item 6 is outside [0, 6)');
    expect(() => itemSequences(log, { numItems: 6, rows: Int32Array.from([7]) })).toThrow('options.rows[0]');
    expect(() => itemSequences({ users: log.users, items: log.items }, { numItems: 6, order: 'time' })).toThrow("options.order: 'time' needs log.timestamps");
  });
});
