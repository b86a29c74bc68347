/** Deterministic order of two vocabulary keys: numbers ascending, strings by UTF-16 code units (locale-free). */
function compareKeys<T extends string | number>(a: T, b: T): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Add one occurrence of `key` to `counts`. */
export function countKey<T>(counts: Map<T, number>, key: T): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * The vocabulary learned from `counts`: keys seen at least `minCount` times, most frequent first,
 * ties broken by {@link compareKeys} so the result never depends on input order or locale; at most
 * `maxSize` keys.
 */
export function vocabularyFromCounts<T extends string | number>(counts: Map<T, number>, minCount: number, maxSize: number): T[] {
  const entries: Array<[T, number]> = [];
  for (const entry of counts) if (entry[1] >= minCount) entries.push(entry);
  entries.sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]));
  const n = Math.min(entries.length, maxSize);
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = entries[i]![0];
  return out;
}
