import { DataError, checkInteger } from './errors';
import type { Interactions } from './interactions';
import { deriveSeed } from '@twotower/utils';
import { permutation } from './random';

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Rows per batch. Default 2048 (the reference recipe's batch). */
  batchSize?: number;
  /** Visit rows in a seeded random order. Default `true`; `false` keeps log order. */
  shuffle?: boolean;
  /** Base seed of the shuffle. Default 42. */
  seed?: number;
  /**
   * Epoch number: epoch `e` is shuffled with `deriveSeed(seed, e)`, so every epoch has a
   * different order and any epoch can be replayed exactly. Default 0.
   */
  epoch?: number;
  /** Drop a last batch smaller than `batchSize` (in-batch softmax sees equal-sized batches). Default `false`. */
  dropRemainder?: boolean;
}

/** One batch of rows, columns gathered into fresh typed arrays the caller may keep. */
export interface Batch {
  /** Position of the batch in its epoch, from 0. */
  readonly index: number;
  /** Rows in the batch (`batchSize`, or fewer for a last partial batch). */
  readonly size: number;
  /** `[size]` row index of each entry in the source log. */
  readonly rows: Int32Array;
  /** `[size]` user indices. */
  readonly users: Int32Array;
  /** `[size]` item indices. */
  readonly items: Int32Array;
  /** `[size]` ratings (`NaN` when absent). */
  readonly ratings: Float32Array;
  /** `[size]` Unix seconds (`NaN` when absent). */
  readonly timestamps: Float64Array;
}

function resolve(length: number, options: BatchOptions): Required<BatchOptions> {
  const o = {
    batchSize: options.batchSize ?? 2048,
    shuffle: options.shuffle ?? true,
    seed: options.seed ?? 42,
    epoch: options.epoch ?? 0,
    dropRemainder: options.dropRemainder ?? false,
  };
  checkInteger('batchSize', o.batchSize, 1);
  checkInteger('seed', o.seed, 0, 2 ** 32 - 1);
  checkInteger('epoch', o.epoch, 0);
  if (length === 0) throw new DataError('BAD_INPUT', 'cannot batch an empty log: check the split or filter that produced it.');
  return o;
}

/** How many batches {@link batches} yields for `length` rows. */
export function batchCount(length: number, options: BatchOptions = {}): number {
  const o = resolve(length, options);
  return o.dropRemainder ? Math.floor(length / o.batchSize) : Math.ceil(length / o.batchSize);
}

/**
 * The row order of one epoch: `permutation(length, deriveSeed(seed, epoch))`, or `0..length-1`
 * without shuffling.
 */
export function epochOrder(length: number, options: BatchOptions = {}): Int32Array {
  const o = resolve(length, options);
  if (o.shuffle) return permutation(length, deriveSeed(o.seed, o.epoch));
  const order = new Int32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  return order;
}

/**
 * One epoch of batches over `log`: every row exactly once (minus a dropped remainder), in a
 * seeded shuffled order. A generator: memory is one permutation plus one batch at a time.
 *
 * ```ts
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for (const b of batches(train, { batchSize: 2048, epoch })) step(b.users, b.items, b.timestamps);
 * }
 * ```
 */
export function* batches(log: Interactions, options: BatchOptions = {}): Generator<Batch> {
  const o = resolve(log.length, options);
  const order = epochOrder(log.length, o);
  const count = batchCount(log.length, o);
  for (let b = 0; b < count; b++) {
    const start = b * o.batchSize;
    const rows = order.slice(start, Math.min(start + o.batchSize, log.length));
    const size = rows.length;
    const users = new Int32Array(size);
    const items = new Int32Array(size);
    const ratings = new Float32Array(size);
    const timestamps = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      const r = rows[k]!;
      users[k] = log.users[r]!;
      items[k] = log.items[r]!;
      ratings[k] = log.ratings[r]!;
      timestamps[k] = log.timestamps[r]!;
    }
    yield { index: b, size, rows, users, items, ratings, timestamps };
  }
}
