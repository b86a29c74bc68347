import type { TowerBatch } from '@twotower/towers';
import type { SeenItems } from './catalogue';
import { DEFAULT_HISTORY_LENGTH, emptyHistory, historyIds, historyLists, type HistoryIdsOptions, type HistoryOptions, type HistorySource } from './history';
import { recentLists, timelineOf } from './user-timeline';

/**
 * What the query tower's history input reads, for a recommender's history options and training
 * items: the one place that tells a whole history (a subset of all the user's items) from a
 * recent one (`HistoryOptions.recent`: the last items before the query's time, hidden with it).
 */
export class HistoryInput {
  /** Items per query; 0 when the query tower reads no history. */
  readonly length: number;
  /** Whether it is a recent history. */
  readonly recent: boolean;

  /**
   * @param seen the users' training items; a recent history needs their times (`seen.times`)
   * @throws for a recent history over seen items without times
   */
  constructor(
    options: HistoryOptions | undefined,
    private readonly seen: SeenItems,
    private readonly numItems: number,
  ) {
    this.length = options ? (options.length ?? DEFAULT_HISTORY_LENGTH) : 0;
    this.recent = options?.recent === true;
    if (this.recent && !seen.times) throw new Error('spec.history.recent: a recent history reads the time of each seen item, and these seen items have none (seen.times): give them (the training rows\' latest time of each user and item), or retrain: the model directory was saved without seen.times.f64');
  }

  /**
   * What a query of known user `user` (index) at time `t` reads of its training items `items`:
   * all of them, or for a recent history the last {@link length} before `t` (none given or NaN:
   * the last ones of all), oldest first.
   */
  of(user: number, items: Int32Array, t?: number): ArrayLike<number> {
    if (!this.recent) return items;
    return timelineOf(this.seen).lastBefore(user, t === undefined || Number.isNaN(t) ? Infinity : t, this.length);
  }

  /** The time of a query that brings its own history and no time: `now` for a recent history (so that it reads it), else NaN (no time). */
  givenTime(now: number): number {
    return this.recent ? now : NaN;
  }

  /**
   * The history input of `n` queries, `[n × length]` (item index + 1; 0 pads): a recent history
   * reads each user's last items of `source` before `options.times` (a list given per query: its
   * last items), a whole one a subset of them.
   */
  ids(source: HistorySource, userIndex: (i: number) => number, n: number, options: HistoryIdsOptions & { times?: ArrayLike<number> } = {}): Int32Array {
    if (this.length === 0) throw new Error('historyBatch: this recommender\'s query tower reads no history (spec.history is not set)');
    const { times, ...idOptions } = options;
    if (!this.recent) return historyIds(historyLists(source, userIndex), n, this.length, this.numItems, idOptions);
    const lists = Array.isArray(source) ? historyLists(source, userIndex) : recentLists(timelineOf(source as SeenItems), userIndex, times, this.length);
    return historyIds(lists, n, this.length, this.numItems, { ...idOptions, latest: true });
  }

  /** Hides the history of rows of a query batch whose time is hidden: a recent history is part of the time. */
  blankWithTime(batch: TowerBatch, rows: ArrayLike<number> | 'all'): void {
    if (this.recent) emptyHistory(batch, this.length, rows);
  }
}
