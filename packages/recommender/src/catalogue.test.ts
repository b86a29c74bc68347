import { candidateColumns, IdTables } from './catalogue';

const catalogue = { ids: ['10', '20', '30'], titles: ['A (1990)', 'B (1991)', 'C (1992)'], genres: [['Drama', 'War'], [], ['Comedy']] };
const users = { ids: ['a', 'b'], lastTimestamp: Float64Array.from([300, 500]) };
const seen = { offsets: Int32Array.from([0, 2, 3]), items: Int32Array.from([0, 2, 1]) };

describe('IdTables', () => {
  const t = new IdTables(catalogue, users, seen);

  it('maps ids to indices, -1 for an unknown id', () => {
    expect([t.itemIndex('30'), t.itemIndex('10'), t.itemIndex('nope')]).toEqual([2, 0, -1]);
    expect([t.userIndex('b'), t.userIndex('stranger')]).toEqual([1, -1]);
    expect([t.numItems, t.numUsers]).toEqual([3, 2]);
  });

  it("gives a user's training items, none for an unknown user", () => {
    expect(Array.from(t.seenItems(0))).toEqual([0, 2]);
    expect(Array.from(t.seenItems(1))).toEqual([1]);
    expect(t.seenItems(-1)).toHaveLength(0);
    expect(t.seenItems(2)).toHaveLength(0);
    expect([t.seenItems(0).length, t.seenItems(1).length, t.seenItems(-1).length]).toEqual([2, 1, 0]);
  });

  it("defaults the query time to the user's latest training time, the latest of all for a stranger, 0 without users", () => {
    expect(t.defaultTimestamp('a')).toBe(300);
    expect(t.defaultTimestamp('stranger')).toBe(500);
    const empty = new IdTables(catalogue, { ids: [], lastTimestamp: new Float64Array(0) }, { offsets: Int32Array.from([0]), items: new Int32Array(0) });
    expect(empty.defaultTimestamp('anyone')).toBe(0);
  });
});

describe('candidateColumns', () => {
  it('gives the item ids, titles and genres joined by |', () => {
    expect(candidateColumns(catalogue, ['item', 'title', 'genres'])).toEqual({ item: ['10', '20', '30'], title: ['A (1990)', 'B (1991)', 'C (1992)'], genres: ['Drama|War', '', 'Comedy'] });
    expect(candidateColumns(catalogue)['genres:labels']).toEqual(['Drama War', '', 'Comedy']);
  });
});
