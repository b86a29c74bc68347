import { mulberry32 } from '@twotower/utils';
import type { InteractionLog } from '../interaction-log';

/** 5 groups of 10 items; each of 200 users interacts with 12 items drawn from one group. */
export function plantedLog(seed = 1): InteractionLog & { groupOf: (item: number) => number } {
  const r = mulberry32(seed);
  const users: number[] = [];
  const items: number[] = [];
  const timestamps: number[] = [];
  for (let u = 0; u < 200; u++) {
    const g = u % 5;
    for (let i = 0; i < 12; i++) {
      users.push(u);
      items.push(g * 10 + Math.floor(r() * 10));
      timestamps.push(i);
    }
  }
  return {
    users: Int32Array.from(users), items: Int32Array.from(items), timestamps: Int32Array.from(timestamps),
    groupOf: (item) => Math.floor(item / 10),
  };
}

/** Share of each item's `k` cosine neighbours in its own group, averaged over items. */
export function ownGroupShare(neighbours: Int32Array, k: number, groupOf: (item: number) => number): number {
  const n = neighbours.length / k;
  let hits = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) if (groupOf(neighbours[i * k + j]!) === groupOf(i)) hits++;
  return hits / (n * k);
}
