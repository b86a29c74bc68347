import { detectColumnRoles } from './column-roles';
import { DataError } from './errors';

const roles = (header: string[], given = {}) => {
  const r = detectColumnRoles(header, given, 'events.csv');
  return { ...Object.fromEntries(r.roles.map((x) => [x.role, `${x.column} (${x.how})`])), unused: r.unused };
};

describe('detectColumnRoles', () => {
  it('finds user, item, time and rating columns by their usual names', () => {
    expect(roles(['customer', 'product', 'ts'])).toEqual({ user: 'customer (by name)', item: 'product (by name)', timestamp: 'ts (by name)', unused: [] });
    expect(roles(['userId', 'movieId', 'rating', 'timestamp'])).toEqual({ user: 'userId (by name)', item: 'movieId (by name)', timestamp: 'timestamp (by name)', rating: 'rating (by name)', unused: [] });
    expect(roles(['Customer ID', 'SKU', 'Event Time', 'plays'])).toMatchObject({ user: 'Customer ID (by name)', item: 'SKU (by name)', timestamp: 'Event Time (by name)', unused: ['plays'] });
  });

  it('takes given columns first, and weights only when given', () => {
    expect(roles(['who', 'what', 'when', 'count'], { user: 'who', item: 'what', timestamp: 'when', weight: 'count' })).toEqual({
      user: 'who (given)',
      item: 'what (given)',
      timestamp: 'when (given)',
      weight: 'count (given)',
      unused: [],
    });
    expect(roles(['user', 'item', 'count']).unused).toEqual(['count']);
  });

  it('takes the first two columns of a log whose names say nothing', () => {
    expect(roles(['a', 'b'])).toEqual({ user: 'a (by position)', item: 'b (by position)', unused: [] });
  });

  it('names the columns there are when a given one is missing or no item column can be found', () => {
    expect(() => detectColumnRoles(['customer', 'product'], { rating: 'stars' }, 'events.csv')).toThrow('events.csv: the header has no column "stars" for the rating (columns: "customer", "product").');
    const e = (() => {
      try {
        detectColumnRoles(['customer', 'colour'], {}, 'events.csv');
      } catch (err) {
        return err as DataError;
      }
    })();
    expect(e).toBeInstanceOf(DataError);
    expect(e!.code).toBe('MISSING_COLUMN');
    expect(e!.message).toBe('events.csv: no column is recognisably the item id (columns: "customer", "colour"); name it with --item-col COLUMN (or data.columns.item in a config file).');
  });
});
