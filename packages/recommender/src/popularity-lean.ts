/**
 * The popularity lean of a user's recommendations: `weight · ln(1 + n_j)` added to a user query's
 * score of item `j` (`n_j`: its training interactions) when the query has no time. Such a query
 * reads no time (time dropout), so it has lost what the time inputs carry of what was popular when;
 * the lean gives it back a catalogue-wide prior. Timed queries (a log row, a request's timestamp),
 * item-item and user-user searches do not read it. A catalogue item without training
 * interactions gets 0; an item added after training, whose popularity is not known yet, gets
 * {@link forNew}, the catalogue's median lean: neither below every trained item nor above the
 * popular ones. `weight` is set by the trainer (`choosePopularityLean` in `@twotower/training`);
 * 0 is no lean.
 */
export class PopularityLean {
  /** `[numItems]` the lean of each catalogue item. */
  readonly bias: Float32Array;
  /** The largest lean (the bound a search that over-fetches needs). */
  readonly max: number;
  /** The lean of an item added after training: the median of {@link bias} (0 for an empty catalogue). */
  readonly forNew: number;

  /**
   * @param weight the lean's weight, finite and > 0
   * @param popularity `[numItems]` training interactions per item
   */
  constructor(
    readonly weight: number,
    popularity: ArrayLike<number>,
  ) {
    checkLeanWeight('PopularityLean', weight);
    this.bias = Float32Array.from(popularity, (n) => weight * Math.log1p(Math.max(0, n)));
    let max = 0;
    for (const b of this.bias) if (b > max) max = b;
    this.max = max;
    const sorted = Float32Array.from(this.bias).sort();
    const n = sorted.length;
    this.forNew = n === 0 ? 0 : n % 2 === 1 ? sorted[(n - 1) / 2]! : Math.fround((sorted[n / 2 - 1]! + sorted[n / 2]!) / 2);
  }

  /**
   * Adds the lean to scores of the whole catalogue, in place.
   * @param scores `[rows × numItems]` row-major
   */
  addTo(scores: Float32Array, rows: number): void {
    const n = this.bias.length;
    if (scores.length < rows * n) throw new Error(`PopularityLean.addTo: scores hold ${scores.length} values, fewer than rows × numItems = ${rows} × ${n}`);
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      for (let j = 0; j < n; j++) scores[o + j] = scores[o + j]! + this.bias[j]!;
    }
  }
}

/** Refuses a lean weight that is not a finite number >= 0 (`strictlyPositive`: > 0). */
export function checkLeanWeight(caller: string, weight: number, strictlyPositive = true): void {
  if (!(Number.isFinite(weight) && (strictlyPositive ? weight > 0 : weight >= 0))) {
    throw new Error(`${caller}: the popularity lean's weight is ${weight}; give a finite number ${strictlyPositive ? '> 0' : '>= 0 (0: no lean)'}, e.g. 0.05`);
  }
}
