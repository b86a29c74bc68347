/* MovieLens 100K for the walks benches: the log as a GraphInteractionLog (0-based ids), the
 * training rows of the seeded 80 % split (the item2vec benches' split: the first 80 % of a
 * mulberry32(42) shuffle of the rows) and each item's genre indices (the last 19 flags of u.item). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32, shuffleInPlace } from '@twotower/utils';
import type { GraphInteractionLog } from '../src/graph/interaction-log';

export const ML100K_DIR = process.env.ML100K_DIR ?? '/work/shared/data/ml-100k';

export interface WalksMovieLens {
  log: GraphInteractionLog;
  /** `[numItems]` genre indices (0..18) of each item; empty when none is flagged. */
  genres: number[][];
}

export function loadWalksMovieLens(dir = ML100K_DIR, trainShare = 0.8, seed = 42): WalksMovieLens {
  if (!existsSync(join(dir, 'u.data'))) throw new Error(`MovieLens 100K not found in ${dir}: set ML100K_DIR to the folder holding u.data and u.item`);
  const lines = readFileSync(join(dir, 'u.data'), 'utf8').trim().split('\n');
  const users = new Int32Array(lines.length);
  const items = new Int32Array(lines.length);
  let numUsers = 0;
  let numItems = 0;
  lines.forEach((line, r) => {
    const [u, i] = line.split('\t');
    users[r] = Number(u) - 1;
    items[r] = Number(i) - 1;
    numUsers = Math.max(numUsers, users[r]! + 1);
    numItems = Math.max(numItems, items[r]! + 1);
  });
  const genres: number[][] = Array.from({ length: numItems }, () => []);
  for (const line of readFileSync(join(dir, 'u.item'), 'latin1').trim().split('\n')) {
    const fields = line.split('|');
    const flags = fields.slice(-19);
    const id = Number(fields[0]) - 1;
    if (id >= 0 && id < numItems) genres[id] = flags.flatMap((f, g) => (f === '1' ? [g] : []));
  }
  const order = shuffleInPlace(Int32Array.from({ length: lines.length }, (_, r) => r), mulberry32(seed));
  const rows = order.slice(0, Math.round(lines.length * trainShare)).sort();
  return { log: { users, items, numUsers, numItems, rows }, genres };
}
