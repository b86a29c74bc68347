import { csrRow, groupRows, itemsByUser, usersByItem } from './group-rows';
import { interactionsFromRecords } from './interactions-builder';

const log = interactionsFromRecords(
  [
    { user: 'a', item: 'x', timestamp: 30 },
    { user: 'b', item: 'y', timestamp: 10 },
    { user: 'a', item: 'y', timestamp: 10 },
    { user: 'a', item: 'x', timestamp: 20 },
    { user: 'a', item: 'z' },
  ],
  { userIds: ['a', 'b', 'nobody'] },
);

describe('groupRows', () => {
  it('groups rows by user in log order, with empty groups for ids without rows', () => {
    const g = groupRows(log, 'user');
    expect(Array.from(g.offsets)).toEqual([0, 4, 5, 5]);
    expect(Array.from(csrRow(g, 0))).toEqual([0, 2, 3, 4]);
    expect(Array.from(csrRow(g, 2))).toEqual([]);
  });

  it('sorts each group by time, NaN last, ties by row', () => {
    expect(Array.from(csrRow(groupRows(log, 'user', { sortByTime: true }), 0))).toEqual([2, 3, 0, 4]);
  });

  it('groups by item', () => {
    const g = groupRows(log, 'item');
    expect(Array.from(csrRow(g, 1))).toEqual([1, 2]);
    expect(() => csrRow(g, 3)).toThrow(/group 3 is out of range: there are 3 groups/);
  });
});

describe('itemsByUser / usersByItem', () => {
  it('lists distinct indices ascending', () => {
    const iu = itemsByUser(log);
    expect(Array.from(csrRow(iu, 0))).toEqual([0, 1, 2]);
    expect(Array.from(csrRow(iu, 1))).toEqual([1]);
    expect(Array.from(csrRow(iu, 2))).toEqual([]);
    const ui = usersByItem(log);
    expect(Array.from(csrRow(ui, 1))).toEqual([0, 1]);
    expect(ui.values.length).toBe(4);
  });

  it('handles an empty log', () => {
    const empty = interactionsFromRecords([]);
    expect(Array.from(itemsByUser(empty).offsets)).toEqual([0]);
  });
});
