import type { SeenItems } from './catalogue';

/**
 * Each user's items among interaction rows — sorted, each once — with the latest time of each
 * (`times`: the order a recent history reads them in, `HistoryOptions.recent`).
 * @param users `[rows]` user index of every row of a log (each in `[0, numUsers)`)
 * @param items `[rows]` item index of every row
 * @param times `[rows]` time of every row
 * @param rows the rows the users' items are taken from (e.g. the training rows)
 */
export function seenItemsFromRows(users: ArrayLike<number>, items: ArrayLike<number>, times: ArrayLike<number>, rows: ArrayLike<number>, numUsers: number): SeenItems {
  const order = Int32Array.from(rows).sort((a, b) => users[a]! - users[b]! || items[a]! - items[b]!);
  const offsets = new Int32Array(numUsers + 1);
  const seen: number[] = [];
  const latest: number[] = [];
  let last = -1;
  for (const r of order) {
    const u = users[r]!;
    if (!(u >= 0 && u < numUsers)) throw new Error(`seenItemsFromRows: row ${r} has user index ${u}, outside [0, ${numUsers}): give numUsers covering every user of the rows`);
    if (last >= 0 && users[last] === u && items[last] === items[r]) {
      // the same item again: keep its latest time
      if (times[r]! > latest[latest.length - 1]!) latest[latest.length - 1] = times[r]!;
    } else {
      seen.push(items[r]!);
      latest.push(times[r]!);
      offsets[u + 1]!++;
    }
    last = r;
  }
  for (let u = 0; u < numUsers; u++) offsets[u + 1]! += offsets[u]!;
  return { offsets, items: Int32Array.from(seen), times: Float64Array.from(latest) };
}
