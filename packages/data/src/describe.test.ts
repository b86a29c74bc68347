import { describe as summarise } from './describe';
import { interactionsFromRecords } from './interactions-builder';

describe('describe', () => {
  it('counts users, items, density, ratings and times', () => {
    const log = interactionsFromRecords(
      [
        { user: 'a', item: 'x', rating: 4, timestamp: 10 },
        { user: 'a', item: 'y', rating: 5, timestamp: 30 },
        { user: 'b', item: 'x', rating: 4 },
      ],
      { itemIds: ['x', 'y', 'never'] },
    );
    const s = summarise(log);
    expect(s).toMatchObject({ rows: 3, users: 2, items: 2, userIds: 2, itemIds: 3, density: 0.75 });
    expect(s.ratings).toEqual({ count: 3, min: 4, max: 5, mean: 13 / 3, histogram: { '4': 2, '5': 1 } });
    expect(s.timestamps).toEqual({ count: 2, min: 10, max: 30 });
    expect(s.rowsPerUser).toEqual({ min: 1, median: 1.5, mean: 1.5, max: 2, p10: 1, p25: 1, p75: 2, p90: 2 });
    expect(s.rowsPerItem).toEqual({ min: 1, median: 1.5, mean: 1.5, max: 2, p10: 1, p25: 1, p75: 2, p90: 2 });
  });

  it('omits ratings and times when the log has none', () => {
    const s = summarise(interactionsFromRecords([{ user: 'a', item: 'x' }]));
    expect(s.ratings).toBeUndefined();
    expect(s.timestamps).toBeUndefined();
    expect(summarise(interactionsFromRecords([])).rowsPerUser).toEqual({ min: 0, median: 0, mean: 0, max: 0, p10: 0, p25: 0, p75: 0, p90: 0 });
  });

  it('gives quantiles of interactions per user', () => {
    // user k has k rows, k = 1..10
    const records = Array.from({ length: 10 }, (_, k) => Array.from({ length: k + 1 }, (_, j) => ({ user: `u${k}`, item: `i${j}` }))).flat();
    expect(summarise(interactionsFromRecords(records)).rowsPerUser).toMatchObject({ min: 1, p10: 1, p25: 3, median: 5.5, p75: 8, p90: 9, max: 10 });
  });
});
