import type { TrainingData } from './training-data';

/**
 * Each user's items among some rows, in time order, to answer "what had this user done before
 * time t" (a causal history): `before(u, t)` is a view of the items of rows strictly earlier
 * than `t` (ties in time are not "before").
 */
export class TimedHistory {
  private readonly offsets: Int32Array;
  private readonly items: Int32Array;
  private readonly times: Float64Array;

  /** @param rows the log rows the histories are made of (the fit rows when training) */
  constructor(data: Pick<TrainingData, 'log' | 'numUsers' | 'timestamps'>, rows: Int32Array) {
    const users = data.log.users;
    const counts = new Int32Array(data.numUsers + 1);
    for (const r of rows) counts[users[r]! + 1]!++;
    for (let u = 0; u < data.numUsers; u++) counts[u + 1]! += counts[u]!;
    this.offsets = counts;
    const order = Int32Array.from(rows).sort((a, b) => users[a]! - users[b]! || data.timestamps[a]! - data.timestamps[b]! || a - b);
    this.items = Int32Array.from(order, (r) => data.log.items[r]!);
    this.times = Float64Array.from(order, (r) => data.timestamps[r]!);
  }

  /** User `u`'s items of rows strictly before time `t`, oldest first. */
  before(u: number, t: number): Int32Array {
    const lo = this.offsets[u]!;
    let a = lo;
    let b = this.offsets[u + 1]!;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (this.times[mid]! < t) a = mid + 1;
      else b = mid;
    }
    return this.items.subarray(lo, a);
  }
}
