import { lowerBound } from '@twotower/utils';
import type { SeenItems } from './catalogue';

/**
 * Each user's items in time order, to answer "what had this user done just before time t" (a
 * recent history, `HistoryOptions.recent`). User `u`'s items are `items[offsets[u] ..
 * offsets[u+1])`, oldest first, `times` their times (ties by item index).
 */
export class UserTimeline {
  private constructor(
    readonly offsets: Int32Array,
    readonly items: Int32Array,
    readonly times: Float64Array,
  ) {}

  /**
   * From interaction rows.
   * @param users `[rows]` user index of every row of a log
   * @param items `[rows]` item index of every row
   * @param times `[rows]` time of every row
   * @param rows the rows it is made of (all when undefined)
   */
  static fromRows(users: ArrayLike<number>, items: ArrayLike<number>, times: ArrayLike<number>, rows: ArrayLike<number> | undefined, numUsers: number): UserTimeline {
    const picked = rows ? Int32Array.from(rows) : Int32Array.from({ length: users.length }, (_, r) => r);
    const counts = new Int32Array(numUsers + 1);
    for (const r of picked) counts[users[r]! + 1]!++;
    for (let u = 0; u < numUsers; u++) counts[u + 1]! += counts[u]!;
    const order = picked.sort((a, b) => users[a]! - users[b]! || times[a]! - times[b]! || items[a]! - items[b]! || a - b);
    return new UserTimeline(counts, Int32Array.from(order, (r) => items[r]!), Float64Array.from(order, (r) => times[r]!));
  }

  /**
   * From each user's items with their times (`seen.times`).
   * @throws when `seen` has no times
   */
  static fromSeen(seen: SeenItems): UserTimeline {
    const { offsets, items, times } = seen;
    if (!times) throw new Error('a recent history reads the time of each user\'s items: these seen items have none (SeenItems.times); build them from rows with timestamps, or retrain a model saved without them');
    if (times.length !== items.length) throw new Error(`SeenItems.times has ${times.length} values for ${items.length} items: give one time per item`);
    const users = new Int32Array(items.length);
    for (let u = 0; u + 1 < offsets.length; u++) users.fill(u, offsets[u]!, offsets[u + 1]!);
    return UserTimeline.fromRows(users, items, times, undefined, offsets.length - 1);
  }

  /** Users it holds. */
  get numUsers(): number {
    return this.offsets.length - 1;
  }

  /** User `u`'s items strictly before time `t` (ties in time are not "before"), oldest first; none for a user outside the timeline. */
  before(u: number, t: number): Int32Array {
    if (!(u >= 0 && u < this.numUsers)) return new Int32Array(0);
    const lo = this.offsets[u]!;
    return this.items.subarray(lo, lowerBound(this.times, t, lo, this.offsets[u + 1]!));
  }

  /** User `u`'s last `n` items strictly before time `t` (all of them when fewer), oldest first. */
  lastBefore(u: number, t: number, n: number): Int32Array {
    const all = this.before(u, t);
    return all.length <= n ? all : all.subarray(all.length - n);
  }
}

const timelines = new WeakMap<SeenItems, UserTimeline>();

/** {@link UserTimeline.fromSeen}, computed once per `SeenItems` object. */
export function timelineOf(seen: SeenItems): UserTimeline {
  let t = timelines.get(seen);
  if (!t) {
    t = UserTimeline.fromSeen(seen);
    timelines.set(seen, t);
  }
  return t;
}

/**
 * Each query's recent history: user `userIndex(i)`'s last `width` items of `timeline` strictly
 * before `times[i]` (no `times`: before now, its last `width`), oldest first.
 */
export function recentLists(timeline: UserTimeline, userIndex: (i: number) => number, times: ArrayLike<number> | undefined, width: number): (i: number) => Int32Array {
  return (i) => timeline.lastBefore(userIndex(i), times ? times[i]! : Infinity, width);
}
