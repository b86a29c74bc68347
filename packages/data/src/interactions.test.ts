import { DataError } from './errors';
import { rowAt, selectRows, toRecords, validateInteractions } from './interactions';
import { InteractionsBuilder, interactionsFromRecords } from './interactions-builder';

describe('interactionsFromRecords', () => {
  it('interns ids in order of first appearance and stores NaN for missing fields', () => {
    const log = interactionsFromRecords([
      { user: 'ann', item: 'x', rating: 5, timestamp: 10 },
      { user: 'bob', item: 'y' },
      { user: 'ann', item: 'y', rating: 2 },
      { user: 7, item: 8, timestamp: 30 },
    ]);
    expect(log.length).toBe(4);
    expect(log.userIds).toEqual(['ann', 'bob', '7']);
    expect(log.itemIds).toEqual(['x', 'y', '8']);
    expect(Array.from(log.users)).toEqual([0, 1, 0, 2]);
    expect(Array.from(log.items)).toEqual([0, 1, 1, 2]);
    expect(log.ratings[1]).toBeNaN();
    expect(log.timestamps[2]).toBeNaN();
    expect(rowAt(log, 3)).toEqual({ user: '7', item: '8', rating: NaN, timestamp: 30 });
    expect(toRecords(log)[0]).toEqual({ user: 'ann', item: 'x', rating: 5, timestamp: 10 });
  });

  it('handles an empty input', () => {
    const log = interactionsFromRecords([]);
    expect(log.length).toBe(0);
    expect(log.users).toHaveLength(0);
  });
});

describe('InteractionsBuilder', () => {
  it('grows past its initial capacity and keeps pre-interned ids first', () => {
    const b = new InteractionsBuilder({ initialCapacity: 2, itemIds: ['c1', 'c2'], userIds: ['u9'] });
    for (let i = 0; i < 100; i++) b.add(`u${i % 10}`, `c${i % 3}`, i, 1000 + i);
    const log = b.build();
    expect(log.length).toBe(100);
    expect(log.itemIds.slice(0, 3)).toEqual(['c1', 'c2', 'c0']);
    expect(log.userIds[0]).toBe('u9');
    expect(rowAt(log, 99)).toEqual({ user: 'u9', item: 'c0', rating: 99, timestamp: 1099 });
    expect(b.userOf('u9')).toBe(0);
    expect(b.itemOf('nope')).toBeUndefined();
  });

  it('build() returns a snapshot the builder does not mutate afterwards', () => {
    const b = new InteractionsBuilder();
    b.add('a', 'b', 1, 1);
    const first = b.build();
    b.add('c', 'd', 2, 2);
    expect(first.length).toBe(1);
    expect(first.userIds).toEqual(['a']);
    expect(b.build().length).toBe(2);
  });

  it('hands out views when nearly full, which later rows and growth never change', () => {
    const b = new InteractionsBuilder({ initialCapacity: 4 });
    for (let i = 0; i < 4; i++) b.add('u', `i${i}`, i, i);
    const full = b.build();
    expect(full.ratings.buffer.byteLength).toBe(16); // a view of the builder's array, no copy
    for (let i = 4; i < 20; i++) b.add('u', `i${i}`, 100 + i, i);
    expect(Array.from(full.ratings)).toEqual([0, 1, 2, 3]);
    expect(full.itemIds).toHaveLength(4);
    const sparse = new InteractionsBuilder({ initialCapacity: 100 });
    sparse.add('u', 'i', 1, 1);
    expect(sparse.build().ratings.buffer.byteLength).toBe(4); // mostly empty: trimmed copy
  });
});

describe('weights', () => {
  it('appear once a row has one (rows before weigh 1), survive growth and selectRows', () => {
    const b = new InteractionsBuilder({ initialCapacity: 1 });
    b.add('u', 'a', NaN, NaN);
    b.add('u', 'b', NaN, NaN, 3);
    b.add('v', 'a', NaN, NaN, 0.5);
    const log = b.build();
    expect(Array.from(log.weights!)).toEqual([1, 3, 0.5]);
    expect(Array.from(selectRows(log, [2, 1]).weights!)).toEqual([0.5, 3]);
    expect(interactionsFromRecords([{ user: 'u', item: 'a' }]).weights).toBeUndefined();
    expect(() => validateInteractions({ ...log, weights: new Float32Array(1) })).toThrow('column weights has 1 entries but length is 3');
  });
});

describe('selectRows', () => {
  const log = interactionsFromRecords([
    { user: 'a', item: 'x', rating: 1, timestamp: 1 },
    { user: 'b', item: 'y', rating: 2, timestamp: 2 },
    { user: 'c', item: 'z', rating: 3, timestamp: 3 },
  ]);

  it('gathers rows in the given order and shares the id tables', () => {
    const sub = selectRows(log, [2, 0, 2]);
    expect(sub.length).toBe(3);
    expect(Array.from(sub.ratings)).toEqual([3, 1, 3]);
    expect(sub.userIds).toBe(log.userIds);
    expect(sub.itemIds).toBe(log.itemIds);
  });

  it('names the offending position for an out-of-range row', () => {
    expect(() => selectRows(log, [0, 3])).toThrow(/rows\[1\] = 3 is not a row/);
    expect(() => selectRows(log, [1.5])).toThrow(DataError);
  });

  it('rowAt rejects rows out of range', () => {
    expect(() => rowAt(log, 3)).toThrow(/out of range: the log has 3 rows/);
  });
});

describe('validateInteractions', () => {
  it('accepts a consistent log and rejects bad indices or lengths, naming the column', () => {
    const log = interactionsFromRecords([{ user: 'a', item: 'x' }]);
    expect(validateInteractions(log)).toBe(log);
    expect(() => validateInteractions({ ...log, users: Int32Array.from([1]) })).toThrow(/users\[0\] = 1 is outside userIds/);
    expect(() => validateInteractions({ ...log, ratings: new Float32Array(2) })).toThrow(/column ratings has 2 entries but length is 1/);
  });
});
