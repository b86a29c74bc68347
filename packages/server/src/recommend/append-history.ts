/** The first `width` of `items` as they are when they fit, else `width` of them evenly spaced (as the query tower's history input subsamples). */
function evenlySpaced<T>(items: readonly T[], width: number): T[] {
  if (items.length <= width) return items.slice();
  return Array.from({ length: width }, (_, t) => items[Math.floor((t * items.length) / width)]!);
}

/**
 * What the query tower reads for a known user whose request asks `historyMode: 'append'`: its
 * training items, then the request's history, at most `width` items in all. The history is kept
 * whole (evenly spaced when it alone is longer than `width`); the training items not in it fill
 * the slots left, evenly spaced when they do not all fit.
 * @param training the user's training items (item indices)
 * @param history the request's catalogue items, distinct, in the order given
 * @param width the model's history length
 * @returns item indices, the training items first
 */
export function appendedHistory(training: ArrayLike<number>, history: readonly number[], width: number): number[] {
  const given = evenlySpaced(history, width);
  const taken = new Set(given);
  const rest = Array.from(training).filter((j) => !taken.has(j));
  return [...evenlySpaced(rest, width - given.length), ...given];
}
