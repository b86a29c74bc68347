/** The request mix of the serving benchmark: real ids of the model, a body per endpoint, and the raw index search it is compared with. */
import type { ServingModel } from '@twotower/server';
import { historyBody, historyMix, timed, type Timing } from './history-mix';
export interface QueryMix {
  users: string[];
  items: string[];
  /** Histories of `user-items:history` (bench/history-mix.ts): 10-30 training items of a real user each. */
  histories: string[][];
}

export function queryMix(m: ServingModel): QueryMix {
  const users = m.recommender.users.ids.slice(0, 5000);
  const items = m.popularOrder.slice(0, 5000);
  return { users, items: Array.from(items, (i) => m.recommender.catalogue.ids[i]!), histories: historyMix(m) };
}

/**
 * The endpoints measured; `user-users:interactions` and `item-users:interactions` are user-users
 * and item-users with `rows: 'interactions'` (the per-interaction query embeddings; the default
 * searches one row per user); `user-items:history` is user-items for a user the model never saw,
 * answered from a history of 10-30 item ids alone (bench/history-mix.ts).
 */
export const ENDPOINTS = ['user-items', 'item-items', 'user-users', 'item-users', 'user-users:interactions', 'item-users:interactions', 'rank', 'user-items:history'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export function pathOf(e: Endpoint): string {
  return e === 'rank' ? '/v1/rank' : `/v1/recommend/${e.replace(/:(interactions|history)$/, '')}`;
}

export function bodyOf(e: Endpoint, mix: QueryMix): (i: number) => unknown {
  const u = (i: number) => mix.users[(i * 7919) % mix.users.length]!;
  const it = (i: number) => mix.items[(i * 104729) % mix.items.length]!;
  switch (e) {
    case 'user-items':
    case 'user-users':
      return (i) => ({ user: u(i), k: 10 });
    case 'item-items':
    case 'item-users':
      return (i) => ({ item: it(i), k: 10 });
    case 'user-users:interactions':
      return (i) => ({ user: u(i), k: 10, rows: 'interactions' });
    case 'item-users:interactions':
      return (i) => ({ item: it(i), k: 10, rows: 'interactions' });
    case 'user-items:history':
      return historyBody(mix.histories);
    case 'rank':
      return (i) => ({ user: u(i), items: Array.from({ length: 10 }, (_, j) => it(i + j)) });
  }
}

/** Time of the raw index search each endpoint does, for the same queries, in this process. */
export function rawSearch(m: ServingModel, mix: QueryMix, n = 2000): Record<string, Timing | null> {
  const rec = m.recommender;
  const ids = rec.catalogue.ids;
  const calls: Record<string, (i: number) => void> = {
    'user-items': (i) => {
      const u = rec.userIndex(mix.users[(i * 7919) % mix.users.length]!);
      const seen = Array.from(rec.seenItems(u), (x) => ids[x]!);
      m.itemIndex.search(m.userVector(u), 10, { exclude: [seen] });
    },
    'item-items': (i) => {
      const id = mix.items[(i * 104729) % mix.items.length]!;
      m.itemIndex.search(m.itemVector(rec.itemIndex(id)), 10, { exclude: [[id]] });
    },
    'user-users': (i) => {
      const u = rec.userIndex(mix.users[(i * 7919) % mix.users.length]!);
      m.userVectorIndex.search(m.userVector(u), 10, new Set([u]));
    },
    'item-users': (i) => {
      m.userVectorIndex.search(m.itemVector(rec.itemIndex(mix.items[(i * 104729) % mix.items.length]!)), 10);
    },
    'user-users:interactions': (i) => {
      const u = rec.userIndex(mix.users[(i * 7919) % mix.users.length]!);
      m.userIndex.search(m.userVector(u), 10, new Set([u]));
    },
    'item-users:interactions': (i) => {
      m.userIndex.search(m.itemVector(rec.itemIndex(mix.items[(i * 104729) % mix.items.length]!)), 10);
    },
  };
  // user-items:history has its own readings (bench/history-mix.ts rawHistorySearch)
  const out: Record<string, Timing | null> = { rank: null };
  // the exclusion list is built inside the timed call for user-items: that is what the server does too
  for (const [name, call] of Object.entries(calls)) out[name] = timed(n, call);
  return out;
}

export const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
