import { binarizeRatings, dedupe, filterRows, kCore } from './filter';
import { toRecords } from './interactions';
import { interactionsFromRecords } from './interactions-builder';

describe('filterRows', () => {
  it('keeps rows passing the predicate, in order, sharing id tables', () => {
    const log = interactionsFromRecords([1, 2, 3, 4].map((r) => ({ user: 'a', item: `i${r}`, rating: r })));
    const liked = filterRows(log, (i) => log.ratings[i]! >= 3);
    expect(Array.from(liked.ratings)).toEqual([3, 4]);
    expect(liked.itemIds).toBe(log.itemIds);
  });
});

describe('kCore', () => {
  it('iterates until every user and item has enough rows', () => {
    // u3's only item i3 disappears (i3 has 1 row), which leaves u3 with 1 row -> gone too.
    const log = interactionsFromRecords([
      { user: 'u1', item: 'i1' },
      { user: 'u1', item: 'i2' },
      { user: 'u2', item: 'i1' },
      { user: 'u2', item: 'i2' },
      { user: 'u3', item: 'i1' },
      { user: 'u3', item: 'i3' },
    ]);
    const core = kCore(log, { minPerUser: 2, minPerItem: 2 });
    expect(toRecords(core).map((r) => `${r.user}-${r.item}`)).toEqual(['u1-i1', 'u1-i2', 'u2-i1', 'u2-i2']);
    expect(kCore(log).length).toBe(6);
    expect(kCore(log, { minPerUser: 3 }).length).toBe(0);
    expect(() => kCore(log, { minPerItem: -1 })).toThrow(/minPerItem/);
  });
});

describe('dedupe', () => {
  const log = interactionsFromRecords([
    { user: 'a', item: 'x', rating: 1, timestamp: 5 },
    { user: 'a', item: 'x', rating: 2, timestamp: 9 },
    { user: 'b', item: 'x', rating: 3, timestamp: 1 },
    { user: 'a', item: 'x', rating: 4, timestamp: 7 },
  ]);

  it('keeps the latest (or earliest) row of each pair, in log order', () => {
    expect(Array.from(dedupe(log).ratings)).toEqual([2, 3]);
    expect(Array.from(dedupe(log, { keep: 'first' }).ratings)).toEqual([1, 3]);
  });

  it('falls back to row order without timestamps', () => {
    const noTime = interactionsFromRecords([
      { user: 'a', item: 'x', rating: 1 },
      { user: 'a', item: 'x', rating: 2 },
    ]);
    expect(Array.from(dedupe(noTime).ratings)).toEqual([2]);
    expect(Array.from(dedupe(noTime, { keep: 'first' }).ratings)).toEqual([1]);
  });
});

describe('binarizeRatings', () => {
  it('labels rating >= threshold as 1', () => {
    const log = interactionsFromRecords([1, 3, 4, 5].map((r) => ({ user: 'a', item: `i${r}`, rating: r })));
    expect(Array.from(binarizeRatings(log))).toEqual([0, 0, 1, 1]);
    expect(Array.from(binarizeRatings(log, { threshold: 3 }))).toEqual([0, 1, 1, 1]);
  });

  it('names the first row without a rating', () => {
    const log = interactionsFromRecords([{ user: 'a', item: 'x', rating: 5 }, { user: 'a', item: 'y' }]);
    expect(() => binarizeRatings(log)).toThrow(/row 1 has no rating/);
  });
});
