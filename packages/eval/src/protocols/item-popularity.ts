import { EvalInputError, checkInteger } from '../errors';

/**
 * Interaction count per item over the given rows (e.g. the training rows): the "most popular"
 * score and the input of the popularity-bias metrics.
 * @param item `[n]` item index per interaction.
 * @param rows rows to count; default all.
 * @returns `[numItems]` counts.
 */
export function itemPopularity(item: Int32Array, rows: Int32Array | undefined, numItems: number): Float32Array {
  checkInteger('numItems', numItems, 0);
  const pop = new Float32Array(numItems);
  const n = rows === undefined ? item.length : rows.length;
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : rows[i]!;
    const it = item[r];
    if (it === undefined || it < 0 || it >= numItems) {
      throw new EvalInputError(rows === undefined ? `item[${i}]` : `rows[${i}]`, `points at item ${it}, outside [0, ${numItems}); check numItems and the row indices`);
    }
    pop[it]!++;
  }
  return pop;
}

/**
 * Popularity percentile of each item in [0, 1]: `(average 1-based rank by ascending popularity - 1)
 * / (numItems - 1)`, ties sharing their average rank. The catalogue's mean percentile is therefore
 * always 0.5; a recommender's mean percentile above 0.5 means it favours popular items.
 * @param popularity `[numItems]` counts.
 */
export function popularityPercentiles(popularity: ArrayLike<number>): Float64Array {
  const n = popularity.length;
  const out = new Float64Array(n);
  if (n <= 1) {
    out.fill(0.5);
    return out;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => popularity[a]! - popularity[b]!);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = popularity[order[i]!]!;
    while (j < n && popularity[order[j]!]! === v) j++;
    const pct = ((i + 1 + j) / 2 - 1) / (n - 1);
    for (let t = i; t < j; t++) out[order[t]!] = pct;
    i = j;
  }
  return out;
}
