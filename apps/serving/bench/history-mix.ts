/**
 * The history-only query mix of the serving benchmark (`user-items:history`): user-items for a
 * user the model never saw, answered from a `history` of item ids alone (the server embeds it with
 * the query tower, then searches the item index), and the in-process times it is compared with.
 */
import { resolveHistory, ServingError, type ServingModel } from '@twotower/server';

/** Fewest and most items of one benchmark history. */
export const HISTORY_MIN = 10;
export const HISTORY_MAX = 30;

/**
 * One history per user of the model (the first `users`): the ids of `10 + (u × 7) mod 21` (10..30)
 * of that user's training items, evenly spaced over them (they are stored in catalogue order, so
 * the first ones would be the lowest ids only) — a real user's items, not a random set. Users with
 * fewer training items give all of theirs; users with fewer than {@link HISTORY_MIN} are skipped.
 * @param users users read, default 1000
 */
export function historyMix(m: ServingModel, users = 1000): string[][] {
  const rec = m.recommender;
  const ids = rec.catalogue.ids;
  const out: string[][] = [];
  const n = Math.min(users, rec.users.ids.length);
  for (let u = 0; u < n; u++) {
    const seen = rec.seenItems(u);
    if (seen.length < HISTORY_MIN) continue;
    const length = Math.min(seen.length, HISTORY_MIN + ((u * 7) % (HISTORY_MAX - HISTORY_MIN + 1)));
    out.push(Array.from({ length }, (_, j) => ids[seen[Math.floor((j * seen.length) / length)]!]!));
  }
  return out;
}

/** The history of request `i` (deterministic: the same `i` gives the same history). */
export const historyOf = (histories: readonly string[][], i: number): string[] => histories[(i * 7919) % histories.length]!;

/**
 * The body of history-only request `i`: `{ user, history, k: 10 }`, `user` an id the model never
 * saw (the request schema requires one; an unknown user reads the user tower's OOV slot).
 */
export function historyBody(histories: readonly string[][]): (i: number) => unknown {
  if (histories.length === 0) throw new Error('the model has no user with at least 10 training items: no history-only queries to send');
  return (i) => ({ user: `bench-new-user-${i}`, history: historyOf(histories, i), k: 10 });
}

/** p50 / p99 / mean of a timing, in ms. */
export interface Timing {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** {@link rawHistorySearch}'s times of the same history-only queries the server is sent. */
export interface RawHistoryTimes {
  /**
   * What answers such a query: `'towers'` (the query tower and the item index) or `'item-item'`
   * (the model's item-item stage answers a user it never saw from a history: the popular items
   * re-ordered, no embedding and no index search; then all three timings are that answer's).
   */
  answeredBy: 'towers' | 'item-item';
  /** What the server computes for one such query, outside HTTP: resolve the history's ids, embed it with the query tower (one query per call), search the item index leaving the history out. */
  embedAndSearch: Timing;
  /** The query-tower call alone (`recommender.embedQueries`, one query). */
  embed: Timing;
  /** The item index search alone (vectors embedded beforehand), the history left out. */
  search: Timing;
}

/** p50 / p99 / mean of `n` calls of `call(i)`, after 200 warm-up calls. */
export function timed(n: number, call: (i: number) => void): Timing {
  for (let i = 0; i < 200; i++) call(i);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    call(i);
    t[i] = performance.now() - t0;
  }
  const mean = t.reduce((a, b) => a + b, 0) / n;
  t.sort();
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50Ms: r(t[Math.floor(n * 0.5)]!), p99Ms: r(t[Math.floor(n * 0.99)]!), meanMs: r(mean) };
}

/**
 * Times, in this process, what the server does for history-only request `i` (as user-items does
 * for it: `resolveHistory`, then `embedQueries([user], [NaN], [items])` — no timestamp given —
 * then the item index search with the history's ids excluded), and the embed and the search
 * alone, over `n` requests each (after 200 warm-up calls). On a model whose item-item stage
 * answers such users (`coldHistory`), what it times is `resolveHistory` then
 * `answerColdHistory`, as user-items does then.
 * @param n requests timed per reading, default 2000
 * @returns null when the model answers a stranger's history neither way (no item-item answer for
 *   such users, and a query tower that reads no history: the server would read none)
 */
export function rawHistorySearch(m: ServingModel, histories: readonly string[][], n = 2000): RawHistoryTimes | null {
  const rec = m.recommender;
  if (histories.length === 0) return null;
  const nan = Float64Array.of(NaN);
  const resolved = (i: number) => {
    const h = resolveHistory(m, historyOf(histories, i));
    if (h instanceof ServingError) throw new Error(`history of request ${i}: ${h.message}`);
    return h;
  };
  if (rec.itemItem?.info.coldHistory) {
    // what user-items computes for such a user on this model: the item-item stage's answer, the history left out
    const answer = timed(n, (i) => {
      const h = resolved(i);
      rec.itemItem!.answerColdHistory(rec.popularity, h.items, 10, h.items);
    });
    return { answeredBy: 'item-item', embedAndSearch: answer, embed: answer, search: answer };
  }
  if (rec.historyLength === 0) return null;
  const embed = (i: number) => {
    const h = resolved(i);
    return { vector: rec.embedQueries([`bench-new-user-${i}`], nan, [h.items]), ids: h.ids };
  };
  const embedAndSearch = timed(n, (i) => {
    const { vector, ids } = embed(i);
    m.itemIndex.search(vector, 10, { exclude: [ids as string[]] });
  });
  const embedOnly = timed(n, (i) => embed(i));
  const vectors = Array.from({ length: Math.min(n, histories.length) }, (_, i) => embed(i));
  const search = timed(n, (i) => {
    const { vector, ids } = vectors[i % vectors.length]!;
    m.itemIndex.search(vector, 10, { exclude: [ids as string[]] });
  });
  return { answeredBy: 'towers', embedAndSearch, embed: embedOnly, search };
}
