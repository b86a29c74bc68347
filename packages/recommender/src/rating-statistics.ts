/** Options of {@link RatingStatistics.fit}. */
export interface RatingStatisticsOptions {
  /** A rating at or above this counts as liked. Default 4 (MovieLens: 4 and 5 stars). */
  likedThreshold?: number;
  /**
   * Prior strength m of the Bayesian averages: a user's (item's) mean rating is
   * `(sum + m·μ) / (count + m)` with μ the global mean, and likewise its share of liked
   * ratings, so that users and items with few ratings sit near the global figures. Default 5.
   */
  priorStrength?: number;
}

/** Columns of a statistics row: rating sum, rating count, liked count. */
export const RATING_STATISTICS_COLUMNS = ['sum', 'count', 'liked'] as const;

/** Numbers per pair and side that {@link RatingStatistics.features} returns. */
export const RATING_FEATURE_WIDTH = 3;

/** The rating statistics of one side for a batch of pairs, as a ranking model reads them. */
export interface RatingFeatures {
  /**
   * [n × 3] per pair, about the user: the shrunk mean rating minus the global mean, the shrunk
   * share of liked ratings minus the global share, and `log1p(count) / 5`.
   */
  user: Float32Array;
  /** [n × 3] the same numbers about the item. */
  item: Float32Array;
}

/** JSON part of saved statistics (the per-user and per-item rows are typed-array files). */
export interface RatingStatisticsJSON {
  likedThreshold: number;
  priorStrength: number;
}

/**
 * Explicit rating statistics of the training rows, per user and per item: rating sum, count and
 * number of liked ratings. Turned into numeric ranking inputs (Bayesian-averaged mean rating and
 * liked share, log count) by {@link features}, which can leave a training row's own rating out of
 * its statistics (leave-one-out), so that a model trained on those rows does not read its label
 * in its inputs.
 */
export class RatingStatistics {
  readonly likedThreshold: number;
  readonly priorStrength: number;
  /** [numUsers × 3] rating sum, count, liked count of each user ({@link RATING_STATISTICS_COLUMNS}). */
  readonly user: Float32Array;
  /** [numItems × 3] the same per item. */
  readonly item: Float32Array;
  /** Mean training rating. */
  readonly globalMean: number;
  /** Share of liked training ratings. */
  readonly likedRate: number;

  constructor(user: Float32Array, item: Float32Array, options: RatingStatisticsOptions = {}) {
    const threshold = options.likedThreshold ?? 4;
    const m = options.priorStrength ?? 5;
    if (!Number.isFinite(threshold)) throw new Error(`likedThreshold must be a finite number, got ${threshold}`);
    if (!(m > 0) || !Number.isFinite(m)) throw new Error(`priorStrength must be a finite number > 0 (e.g. 5), got ${m}`);
    const W = RATING_STATISTICS_COLUMNS.length;
    if (user.length % W !== 0) throw new Error(`user statistics have ${user.length} values: expected ${W} per user (sum, count, liked)`);
    if (item.length % W !== 0) throw new Error(`item statistics have ${item.length} values: expected ${W} per item (sum, count, liked)`);
    this.likedThreshold = threshold;
    this.priorStrength = m;
    this.user = user;
    this.item = item;
    let sum = 0;
    let count = 0;
    let liked = 0;
    for (let i = 0; i < item.length; i += W) {
      sum += item[i]!;
      count += item[i + 1]!;
      liked += item[i + 2]!;
    }
    this.globalMean = count > 0 ? sum / count : 0;
    this.likedRate = count > 0 ? liked / count : 0.5;
  }

  get numUsers(): number {
    return this.user.length / RATING_STATISTICS_COLUMNS.length;
  }

  get numItems(): number {
    return this.item.length / RATING_STATISTICS_COLUMNS.length;
  }

  /**
   * Counts the ratings of `rows` (rows whose rating is not finite are skipped: implicit
   * interactions carry no rating).
   * @param log the interaction log: `users`, `items`, `ratings` ([rows of the log] user index,
   *   item index and rating of each log row)
   * @param rows the training rows to count
   * @param numUsers users in the recommender (statistics rows)
   * @param numItems items in the catalogue (statistics rows)
   */
  static fit(
    log: { users: ArrayLike<number>; items: ArrayLike<number>; ratings: ArrayLike<number> },
    rows: ArrayLike<number>,
    numUsers: number,
    numItems: number,
    options: RatingStatisticsOptions = {},
  ): RatingStatistics {
    const W = RATING_STATISTICS_COLUMNS.length;
    const threshold = options.likedThreshold ?? 4;
    const user = new Float32Array(numUsers * W);
    const item = new Float32Array(numItems * W);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      const rating = log.ratings[r]!;
      if (!Number.isFinite(rating)) continue;
      const u = log.users[r]!;
      const i = log.items[r]!;
      if (!(u >= 0 && u < numUsers)) throw new Error(`row ${r}: user index ${u} is outside [0, ${numUsers}): give numUsers covering every user of the log`);
      if (!(i >= 0 && i < numItems)) throw new Error(`row ${r}: item index ${i} is outside [0, ${numItems}): give numItems covering every item of the log`);
      const liked = rating >= threshold ? 1 : 0;
      user[u * W] = user[u * W]! + rating;
      user[u * W + 1] = user[u * W + 1]! + 1;
      user[u * W + 2] = user[u * W + 2]! + liked;
      item[i * W] = item[i * W]! + rating;
      item[i * W + 1] = item[i * W + 1]! + 1;
      item[i * W + 2] = item[i * W + 2]! + liked;
    }
    return new RatingStatistics(user, item, options);
  }

  /**
   * Numeric inputs for (user, item) pairs.
   * @param users [n] user index of each pair (-1 or out of range: unknown, the global figures)
   * @param items [n] item index of each pair (-1 or out of range: unknown)
   * @param leaveOut [n] optional rating of each pair to remove from both its user's and its
   *   item's statistics: the pair's own training rating when the pair is a training row (NaN:
   *   nothing to remove). Without it, every pair reads the full statistics (serving, test rows).
   */
  features(users: ArrayLike<number>, items: ArrayLike<number>, leaveOut?: ArrayLike<number>): RatingFeatures {
    const n = users.length;
    if (items.length !== n) throw new Error(`rating features: ${n} users but ${items.length} items; give one item per user`);
    if (leaveOut && leaveOut.length !== n) throw new Error(`rating features: leaveOut has ${leaveOut.length} values for ${n} pairs; give one rating (or NaN) per pair`);
    const F = RATING_FEATURE_WIDTH;
    const user = new Float32Array(n * F);
    const item = new Float32Array(n * F);
    for (let k = 0; k < n; k++) {
      const own = leaveOut ? leaveOut[k]! : NaN;
      this.describe(this.user, this.numUsers, users[k]!, own, user, k * F);
      this.describe(this.item, this.numItems, items[k]!, own, item, k * F);
    }
    return { user, item };
  }

  private describe(stats: Float32Array, size: number, index: number, own: number, out: Float32Array, at: number): void {
    const W = RATING_STATISTICS_COLUMNS.length;
    const m = this.priorStrength;
    let sum = 0;
    let count = 0;
    let liked = 0;
    if (index >= 0 && index < size) {
      sum = stats[index * W]!;
      count = stats[index * W + 1]!;
      liked = stats[index * W + 2]!;
      if (Number.isFinite(own) && count >= 1) {
        sum -= own;
        count -= 1;
        liked -= own >= this.likedThreshold ? 1 : 0;
      }
    }
    out[at] = (sum + m * this.globalMean) / (count + m) - this.globalMean;
    out[at + 1] = (liked + m * this.likedRate) / (count + m) - this.likedRate;
    out[at + 2] = Math.log1p(count) / 5;
  }

  toJSON(): RatingStatisticsJSON {
    return { likedThreshold: this.likedThreshold, priorStrength: this.priorStrength };
  }
}
