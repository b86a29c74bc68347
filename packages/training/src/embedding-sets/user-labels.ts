import type { SeenItems } from '@twotower/recommender';

/**
 * Each user's `top` most frequent labels among their items (e.g. the genres a user watched
 * most, ties by first appearance): what user segments are described by.
 * @param seen each user's training items (CSR)
 * @param itemLabels `[numItems]` each item's labels
 * @returns `[users]` label lists (empty for a user without labelled items)
 */
export function userTopLabels(seen: SeenItems, itemLabels: readonly (readonly string[])[], top = 3): string[][] {
  const users = seen.offsets.length - 1;
  const out: string[][] = [];
  for (let u = 0; u < users; u++) {
    const counts = new Map<string, number>();
    for (let p = seen.offsets[u]!; p < seen.offsets[u + 1]!; p++) {
      for (const l of itemLabels[seen.items[p]!] ?? []) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
    out.push([...counts].sort((a, b) => b[1] - a[1]).slice(0, top).map(([l]) => l));
  }
  return out;
}
