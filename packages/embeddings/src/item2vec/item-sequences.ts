import { deriveSeed, mulberry32, shuffleInPlace } from '@twotower/utils';
import type { Corpus } from '../corpus';
import type { InteractionLog } from '../interaction-log';
import { SkipGramInputError } from '../skipgram/errors';

/** Options of {@link itemSequences}. */
export interface ItemSequenceOptions {
  /** Number of items: the corpus' vocabulary. */
  numItems: number;
  /** Rows of the log to use (e.g. the training split's rows). Default: every row. */
  rows?: Int32Array;
  /**
   * Order of each user's items: `'time'` (by timestamp, ties in row order) or `'shuffle'`
   * (seeded, as a set). Default `'time'` when the log has timestamps, else `'shuffle'`.
   */
  order?: 'time' | 'shuffle';
  /** Seed of the `'shuffle'` order. Default 42. */
  seed?: number;
}

/**
 * One sequence per user (users in increasing id order, users without rows left out) of the
 * items they interacted with, as a {@link Corpus} with `vocabulary = numItems`: item2vec's input.
 *
 * @throws SkipGramInputError naming the row or option at fault.
 */
export function itemSequences(log: InteractionLog, options: ItemSequenceOptions): Corpus {
  const { users, items, timestamps } = log;
  const { numItems } = options;
  if (!Number.isInteger(numItems) || numItems < 0) throw new SkipGramInputError('options.numItems', `${numItems} must be a non-negative integer`);
  if (items.length !== users.length) throw new SkipGramInputError('log.items', `has ${items.length} rows but log.users has ${users.length}`);
  if (timestamps && timestamps.length !== users.length) throw new SkipGramInputError('log.timestamps', `has ${timestamps.length} rows but log.users has ${users.length}`);
  const order = options.order ?? (timestamps ? 'time' : 'shuffle');
  if (order !== 'time' && order !== 'shuffle') throw new SkipGramInputError('options.order', `"${String(order)}" must be 'time' or 'shuffle'`);
  if (order === 'time' && !timestamps) throw new SkipGramInputError('options.order', `'time' needs log.timestamps; pass them or use 'shuffle'`);
  const n = options.rows ? options.rows.length : users.length;
  const rows = options.rows ?? Int32Array.from({ length: n }, (_, i) => i);
  let maxUser = -1;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (!(r >= 0 && r < users.length)) throw new SkipGramInputError(`options.rows[${i}]`, `row ${r} is outside the log's ${users.length} rows`);
    const u = users[r]!;
    if (u < 0) throw new SkipGramInputError(`log.users[${r}]`, `user id ${u} must be >= 0`);
    const it = items[r]!;
    if (!(it >= 0 && it < numItems)) throw new SkipGramInputError(`log.items[${r}]`, `item ${it} is outside [0, ${numItems}); raise numItems or re-index the items`);
    if (u > maxUser) maxUser = u;
  }
  // Counting sort of the rows by user (stable: row order within a user).
  const start = new Int32Array(maxUser + 2);
  for (let i = 0; i < n; i++) start[users[rows[i]!]! + 1]!++;
  for (let u = 0; u <= maxUser; u++) start[u + 1]! += start[u]!;
  const next = start.slice(0, maxUser + 1);
  const byUser = new Int32Array(n);
  for (let i = 0; i < n; i++) byUser[next[users[rows[i]!]!]!++] = rows[i]!;
  let sequences = 0;
  for (let u = 0; u <= maxUser; u++) if (start[u + 1]! > start[u]!) sequences++;
  const offsets = new Int32Array(sequences + 1);
  const tokens = new Int32Array(n);
  const random = mulberry32(deriveSeed(options.seed ?? 42, 7));
  let s = 0;
  for (let u = 0; u <= maxUser; u++) {
    const a = start[u]!;
    const b = start[u + 1]!;
    if (b === a) continue;
    const group = byUser.subarray(a, b);
    if (order === 'time') {
      const ts = timestamps!;
      const sorted = Array.from(group).sort((x, y) => ts[x]! - ts[y]! || x - y);
      group.set(sorted);
    } else {
      shuffleInPlace(group, random);
    }
    for (let i = a; i < b; i++) tokens[i] = items[byUser[i]!]!;
    offsets[++s] = b;
  }
  return { tokens, offsets, vocabulary: numItems };
}
