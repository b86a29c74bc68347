/* MovieLens 100K for the item2vec benches: the interaction log (0-based ids), a seeded 80 %
 * training split, the 19 genre flags, and the genre agreement of cosine nearest neighbours. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32, shuffleInPlace } from '@twotower/utils';
import { cosineNeighbours } from '../dist/item2vec/nearest-neighbours';
import type { InteractionLog } from '../dist/interaction-log';

export const ML100K = process.env.ML100K_DIR ?? '/work/shared/data/ml-100k';

export interface MovieLens {
  log: InteractionLog & { timestamps: Int32Array };
  numItems: number;
  /** Genre flags `[numItems × 19]`. */
  genres: Uint8Array;
}

export function loadMovieLens(dir = ML100K): MovieLens {
  if (!existsSync(join(dir, 'u.data'))) throw new Error(`MovieLens 100K not found in ${dir} (set ML100K_DIR)`);
  const lines = readFileSync(join(dir, 'u.data'), 'utf8').trim().split('\n');
  const users = new Int32Array(lines.length);
  const items = new Int32Array(lines.length);
  const timestamps = new Int32Array(lines.length);
  let numItems = 0;
  lines.forEach((line, i) => {
    const [u, it, , t] = line.split('\t');
    users[i] = Number(u) - 1;
    items[i] = Number(it) - 1;
    timestamps[i] = Number(t);
    numItems = Math.max(numItems, items[i]! + 1);
  });
  const genres = new Uint8Array(numItems * 19);
  for (const line of readFileSync(join(dir, 'u.item'), 'latin1').trim().split('\n')) {
    const f = line.split('|');
    const id = Number(f[0]) - 1;
    const flags = f.slice(-19);
    for (let g = 0; g < 19; g++) genres[id * 19 + g] = flags[g] === '1' ? 1 : 0;
  }
  return { log: { users, items, timestamps }, numItems, genres };
}

/** The first 80 % of the rows after a `mulberry32(seed)` shuffle (the seeded 80/20 split's training rows). */
export function trainingRows(rows: number, seed = 42, share = 0.8): Int32Array {
  const order = shuffleInPlace(Int32Array.from({ length: rows }, (_, i) => i), mulberry32(seed));
  return order.slice(0, Math.round(rows * share)).sort();
}

/**
 * Share of each item's `k` cosine nearest neighbours that share at least one genre with it,
 * averaged over the items that have a (non-zero) vector.
 */
export function genreAgreement(vectors: Float32Array, dim: number, genres: Uint8Array, k = 10): number {
  const n = vectors.length / dim;
  const nn = cosineNeighbours(vectors, dim, k);
  let sum = 0;
  let items = 0;
  for (let i = 0; i < n; i++) {
    if (nn[i * k] === -1) continue;
    let agree = 0;
    let seen = 0;
    for (let j = 0; j < k; j++) {
      const c = nn[i * k + j]!;
      if (c < 0) break;
      seen++;
      for (let g = 0; g < 19; g++) {
        if (genres[i * 19 + g] === 1 && genres[c * 19 + g] === 1) {
          agree++;
          break;
        }
      }
    }
    if (seen > 0) {
      sum += agree / seen;
      items++;
    }
  }
  return items > 0 ? sum / items : 0;
}
