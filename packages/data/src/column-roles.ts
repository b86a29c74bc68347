import { DataError } from './errors';

/** What a column of an interaction log holds. */
export type ColumnRole = 'user' | 'item' | 'timestamp' | 'rating' | 'weight';

/** Every {@link ColumnRole}, in the order they are shown. */
export const COLUMN_ROLES: readonly ColumnRole[] = ['user', 'item', 'timestamp', 'rating', 'weight'];

/**
 * Column names recognised for each role, compared without case, spaces, `_` or `-`
 * (`Customer ID` = `customer_id` = `customerId`). Weights are never guessed: a count or a
 * dwell time changes what is learned, so it is only used when named.
 */
export const ROLE_NAMES: Readonly<Record<Exclude<ColumnRole, 'weight'>, readonly string[]>> = {
  user: ['user', 'userid', 'uid', 'users', 'customer', 'customerid', 'client', 'clientid', 'visitor', 'visitorid', 'member', 'memberid', 'account', 'accountid', 'buyer', 'buyerid', 'viewer', 'viewerid', 'reader', 'readerid', 'listener', 'player', 'playerid', 'person', 'personid', 'profile', 'profileid'],
  item: ['item', 'itemid', 'iid', 'items', 'product', 'productid', 'sku', 'movie', 'movieid', 'film', 'filmid', 'title', 'titleid', 'article', 'articleid', 'song', 'songid', 'track', 'trackid', 'video', 'videoid', 'content', 'contentid', 'asin', 'book', 'bookid', 'isbn', 'post', 'postid', 'offer', 'offerid', 'listing', 'listingid', 'game', 'gameid', 'app', 'appid', 'course', 'courseid', 'recipe', 'recipeid', 'artist', 'artistid', 'restaurant', 'business', 'businessid'],
  timestamp: ['timestamp', 'ts', 'time', 'datetime', 'date', 'eventtime', 'eventtimestamp', 'eventdate', 'createdat', 'created', 'occurredat', 'unixtime', 'epoch', 'when', 'clicktime', 'purchasedat', 'orderdate', 'viewedat', 'ratedat'],
  rating: ['rating', 'ratings', 'score', 'stars', 'star', 'rate', 'grade', 'preference', 'review', 'reviewscore', 'userrating'],
};

/** A column name as {@link ROLE_NAMES} compares it. */
export function normaliseColumnName(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.]/g, '');
}

/** One role's column and how it was found. */
export interface RoleAssignment {
  role: ColumnRole;
  /** The column's name as in the header. */
  column: string;
  /** `given`: named by the caller; `by name`: its name is one of {@link ROLE_NAMES}; `by position`: the first unclaimed columns of a log whose names say nothing. */
  how: 'given' | 'by name' | 'by position';
}

/** The columns of a log by role, see {@link detectColumnRoles}. */
export interface ColumnRoles {
  /** Each role found, in {@link COLUMN_ROLES} order. */
  roles: RoleAssignment[];
  /** Columns with no role (ignored by the log reader). */
  unused: string[];
}

/**
 * Which columns of a log's header hold user, item, timestamp, rating and weight: those `given`
 * (a name per role; a given column must exist), then columns whose names are known for a role
 * ({@link ROLE_NAMES}), each column used once. When neither user nor item is given or
 * recognised, the first two columns are taken as user and item (a two-column `a,b` log).
 * @throws DataError `MISSING_COLUMN` naming the columns there are when a given column is not in
 *   the header, or when no user or item column can be told apart.
 */
export function detectColumnRoles(header: readonly string[], given: Partial<Record<ColumnRole, string>> = {}, file = 'the log'): ColumnRoles {
  const names = header.map((h) => h.trim());
  const list = names.map((n) => JSON.stringify(n)).join(', ');
  const taken = new Set<number>();
  const found = new Map<ColumnRole, RoleAssignment>();
  for (const role of COLUMN_ROLES) {
    const c = given[role];
    if (c === undefined || c === '') continue;
    const k = names.indexOf(c);
    if (k === -1) {
      throw new DataError('MISSING_COLUMN', `${file}: the header has no column "${c}" for the ${role} (columns: ${list}).`, { file, line: 1, field: `columns.${role}` });
    }
    if (taken.has(k)) throw new DataError('BAD_OPTION', `${file}: column "${c}" is given for two roles; give each role its own column.`, { file, field: `columns.${role}` });
    taken.add(k);
    found.set(role, { role, column: c, how: 'given' });
  }
  for (const role of ['user', 'item', 'timestamp', 'rating'] as const) {
    if (found.has(role)) continue;
    const known = ROLE_NAMES[role];
    // the name earliest in the list wins when a header has two known names ("user" before "user_id")
    let best = -1;
    let rank = Infinity;
    names.forEach((n, k) => {
      const r = known.indexOf(normaliseColumnName(n));
      if (r !== -1 && !taken.has(k) && r < rank) {
        best = k;
        rank = r;
      }
    });
    if (best === -1) continue;
    taken.add(best);
    found.set(role, { role, column: names[best]!, how: 'by name' });
  }
  if (!found.has('user') && !found.has('item') && names.length - taken.size >= 2) {
    const free = names.map((_, k) => k).filter((k) => !taken.has(k));
    for (const [role, k] of [['user', free[0]!], ['item', free[1]!]] as const) {
      taken.add(k);
      found.set(role, { role, column: names[k]!, how: 'by position' });
    }
  }
  for (const role of ['user', 'item'] as const) {
    if (!found.has(role)) {
      throw new DataError(
        'MISSING_COLUMN',
        `${file}: no column is recognisably the ${role} id (columns: ${list}); name it with --${role}-col COLUMN (or data.columns.${role} in a config file).`,
        { file, line: 1, field: `columns.${role}` },
      );
    }
  }
  return {
    roles: COLUMN_ROLES.filter((r) => found.has(r)).map((r) => found.get(r)!),
    unused: names.filter((_, k) => !taken.has(k)),
  };
}
