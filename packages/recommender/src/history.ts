import { SEQUENCE_POOLINGS, type SequencePooling, type TowerBatch, type TowerInputSpec } from '@twotower/towers';
import type { FeatureSet } from '@twotower/features';
import type { SeenItems } from './catalogue';

/**
 * The query tower's history input: the items a user interacted with, pooled into one vector
 * (YouTube's candidate generation: the mean of the watched videos' embeddings; or a learned
 * attention over them). Its table has a row per catalogue item plus the padding row 0.
 */
export interface HistoryOptions {
  /**
   * Items per query. A user with more training items is represented by a subset of this many:
   * a fresh random one for each training example (every epoch sees others), an evenly spaced one
   * when embedding a query. Default 50.
   */
  length?: number;
  /** Width of the history's item embeddings. Default 32. */
  dim?: number;
  /**
   * Training examples read only the user's interactions before the example's own time (what a
   * temporal split or a live service sees). Off (default), they read all the user's other
   * training interactions, as queries do when serving. Training only: a query always reads the
   * history it is given.
   */
  causal?: boolean;
  /**
   * Each query reads the user's last `length` items before the query's time, instead of a subset
   * of all of them: what the user did just before (a session's context). Training examples read
   * theirs the same way, before their own time. A query without a time reads none: the recent
   * history is part of the time, and hidden with it (`timeDropout`), so a user's list queried
   * without a time is the user's, not the last session's. A history given as a list (a request's)
   * is read in its order, oldest first, its last `length` items. Needs the time of each seen item
   * (`SeenItems.times`). Default off.
   */
  recent?: boolean;
  /**
   * How the history's item embeddings are pooled. `'mean'` (default): their mean, `dim` wide.
   * `'attention'`: `heads` learned query vectors each weight the items by a softmax of their
   * scores, `dim × heads` wide in the query tower's input; the query vectors start at zero, where
   * attention equals the mean, and are saved with the weights (`query/history/attention/embeddings`).
   */
  pooling?: SequencePooling;
  /** Query vectors of `pooling: 'attention'` (only with it). Default 1. */
  heads?: number;
  /**
   * Which item embeddings the history pools. `'own'` (default): a table of its own (`dim` wide).
   * `'shared'`: the candidate tower's item-id embeddings (the table the candidate tower reads an
   * item's id from; `dim` is that table's, the option is ignored), trained by both towers: a
   * user is then described in the same terms as the items it is scored against.
   */
  itemTable?: 'own' | 'shared';
}

/** The candidate tower's item-id input a shared history reads (`HistoryOptions.itemTable: 'shared'`). */
export interface SharedItemInput {
  /** Its input name in the candidate tower. */
  name: string;
  /** Rows of its table. */
  vocabularySize: number;
  /** Width of its table. */
  dim: number;
}

/** Items per query when `HistoryOptions.length` is not given. */
export const DEFAULT_HISTORY_LENGTH = 50;

/** Name of the history input in the query tower's batch. */
export const HISTORY_INPUT = 'history';

/**
 * Where a query's history comes from: a CSR of each user's items (`SeenItems`, indexed by user
 * index; the recommender's own training items by default), or one list of item indices per
 * query (a history given in a request).
 */
export type HistorySource = SeenItems | readonly ArrayLike<number>[];

/**
 * The query-tower input of a history of `options.length` items over `numItems` items.
 * @param shared with `itemTable: 'shared'`, the candidate tower's item-id input the history reads
 */
export function historyInput(options: HistoryOptions, numItems: number, shared?: SharedItemInput): TowerInputSpec {
  const length = options.length ?? DEFAULT_HISTORY_LENGTH;
  const itemTable = options.itemTable ?? 'own';
  if (itemTable !== 'own' && itemTable !== 'shared') throw new Error(`history.itemTable must be "own" or "shared", got ${JSON.stringify(itemTable)}`);
  if (itemTable === 'shared' && !shared) throw new Error('history.itemTable "shared": the candidate tower has no item-id embedding input to share (give the candidate tower an item id feature, or use itemTable "own")');
  const dim = itemTable === 'shared' ? shared!.dim : (options.dim ?? 32);
  if (!Number.isInteger(length) || length < 1) throw new Error(`history.length must be a positive integer, got ${length}`);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`history.dim must be a positive integer, got ${dim}`);
  const { pooling, heads } = options;
  if (pooling !== undefined && !SEQUENCE_POOLINGS.includes(pooling)) {
    throw new Error(`history.pooling must be ${SEQUENCE_POOLINGS.map((p) => `"${p}"`).join(' or ')}, got ${JSON.stringify(pooling)}`);
  }
  if (heads !== undefined) {
    if (pooling !== 'attention') throw new Error(`history.heads is an option of history.pooling "attention" (pooling is ${JSON.stringify(pooling ?? 'mean')}): leave it out or set history.pooling to "attention"`);
    if (!Number.isInteger(heads) || heads < 1) throw new Error(`history.heads must be a positive integer, got ${heads}`);
  }
  if (pooling === 'attention' && length < 2) throw new Error(`history.pooling "attention" weights the items of a history: it needs history.length >= 2, got ${length}`);
  // mean pooling leaves the spec as it was (no pooling field): models and files from before are unchanged
  return {
    name: HISTORY_INPUT,
    kind: 'embedding',
    vocabularySize: itemTable === 'shared' ? shared!.vocabularySize : numItems + 1,
    dim,
    width: length,
    ...(pooling === 'attention' ? { pooling, ...(heads !== undefined ? { heads } : {}) } : {}),
    ...(itemTable === 'shared' ? { sharedTable: shared!.name } : {}),
  };
}

/** Options of {@link historyIds}. */
export interface HistoryIdsOptions {
  /** `[n]` an item left out of each query's history (its own target when training; -1: none). */
  exclude?: ArrayLike<number>;
  /** Draws the subset of a history longer than the width at random (training); without it the subset is evenly spaced. */
  rand?: () => number;
  /** `[n]` at most this many items for each query (0: the width); with `rand`, a random subset of that size (short histories in training). */
  cut?: ArrayLike<number>;
  /** A history longer than the width is cut to its last `width` items (lists in time order: a recent history), not to a subset. */
  latest?: boolean;
}

/** Slot `t` of `w` evenly spaced picks from `m > w` items: the index of the item it takes. */
function spacedIndex(t: number, m: number, w: number): number {
  return Math.floor((t * m) / w);
}

/** `items` when at most `width` of them, else the `width` evenly spaced ones {@link historyIds} would read. */
function evenlySpaced<T>(items: readonly T[], width: number): T[] {
  if (items.length <= width) return items.slice();
  return Array.from({ length: width }, (_, t) => items[spacedIndex(t, items.length, width)]!);
}

/**
 * A known user's training items with newer items appended, as one history of at most `width`
 * items (what a service reads for a user who interacted with items since training): the newer
 * items whole (evenly spaced when they alone are longer than `width`), then the training items
 * not among them filling the slots left (evenly spaced when they do not all fit). Passing the two
 * lists joined to {@link historyIds} instead would drop newer items as readily as old ones.
 * @param training the user's training items (item indices)
 * @param newer the items to append (distinct item indices)
 * @param width the query tower's history length
 * @param options.latest both lists are in time order (a recent history): each is cut to its last
 *   items, not to an evenly spaced subset
 * @returns item indices, the training items first
 */
export function appendedHistory(training: ArrayLike<number>, newer: readonly number[], width: number, options: { latest?: boolean } = {}): number[] {
  const pick = <T>(items: readonly T[], w: number): T[] => (options.latest ? items.slice(Math.max(0, items.length - w)) : evenlySpaced(items, w));
  const given = pick(newer, width);
  const taken = new Set(given);
  const rest = Array.from(training).filter((j) => !taken.has(j));
  return [...pick(rest, width - given.length), ...given];
}

/**
 * The history input of `n` queries: `[n × width]` item index + 1 per slot, 0 for padding.
 * @param items `(i) => ` query i's items (item indices; may be empty)
 * @param numItems the catalogue size: an index outside `[0, numItems)` is an error
 */
export function historyIds(items: (i: number) => ArrayLike<number>, n: number, width: number, numItems: number, options: HistoryIdsOptions = {}): Int32Array {
  const out = new Int32Array(n * width);
  const { exclude, rand, cut, latest } = options;
  let pool = new Int32Array(64);
  for (let i = 0; i < n; i++) {
    const list = items(i);
    const skip = exclude ? exclude[i]! : -1;
    if (pool.length < list.length) pool = new Int32Array(list.length * 2);
    let m = 0;
    for (let t = 0; t < list.length; t++) {
      const j = list[t]!;
      if (!(Number.isInteger(j) && j >= 0 && j < numItems)) throw new Error(`history of query ${i}: item index ${j} is outside the catalogue [0, ${numItems})`);
      if (j !== skip) pool[m++] = j;
    }
    const o = i * width;
    const w = cut && cut[i]! > 0 ? Math.min(width, cut[i]!) : width;
    if (m <= w) {
      for (let t = 0; t < m; t++) out[o + t] = pool[t]! + 1;
    } else if (latest) {
      for (let t = 0; t < w; t++) out[o + t] = pool[m - w + t]! + 1;
    } else if (rand) {
      // partial Fisher-Yates: the first `w` of a random permutation
      for (let t = 0; t < w; t++) {
        const r = t + Math.floor(rand() * (m - t));
        const v = pool[r]!;
        pool[r] = pool[t]!;
        pool[t] = v;
        out[o + t] = v + 1;
      }
    } else {
      for (let t = 0; t < w; t++) out[o + t] = pool[spacedIndex(t, m, w)]! + 1;
    }
  }
  return out;
}

/**
 * Empties the history input of rows of a query batch (in place; all padding): a query that
 * reads no history.
 * @param width items per query of the history input
 */
export function emptyHistory(batch: TowerBatch, width: number, rows: ArrayLike<number> | 'all'): void {
  const h = batch[HISTORY_INPUT];
  if (!(h instanceof Int32Array)) return;
  if (rows === 'all') h.fill(0);
  else for (let j = 0; j < rows.length; j++) h.fill(0, rows[j]! * width, (rows[j]! + 1) * width);
}

/** Query i's items from a {@link HistorySource}: a user index's row of a CSR (none for -1), or the i-th list. */
export function historyLists(source: HistorySource, userIndex: (i: number) => number): (i: number) => ArrayLike<number> {
  if (Array.isArray(source)) return (i) => source[i] ?? [];
  const csr = source as SeenItems;
  const users = csr.offsets.length - 1;
  return (i) => {
    const u = userIndex(i);
    return u >= 0 && u < users ? csr.items.subarray(csr.offsets[u]!, csr.offsets[u + 1]!) : new Int32Array(0);
  };
}

/**
 * The candidate tower's item-id input (the first one-id categorical or hashed feature of the
 * `item` column, as the tower reads it), which a history with `itemTable: 'shared'` reads;
 * undefined when there is none.
 * @param candidateInputs the candidate tower's inputs built from `candidateFeatures`
 */
export function sharedItemInput(candidateFeatures: FeatureSet, candidateInputs: readonly TowerInputSpec[]): SharedItemInput | undefined {
  const d = candidateFeatures.describe().find((f) => f.source === 'item' && (f.kind === 'categorical' || f.kind === 'hashed') && f.width === 1);
  const input = d && candidateInputs.find((s) => s.name === d.name);
  return input?.kind === 'embedding' ? { name: input.name, vocabularySize: input.vocabularySize, dim: input.dim } : undefined;
}

/**
 * A history input `[n × width]` of item index + 1 (0 pads) rewritten in place as the shared
 * item-id table's ids: `tokens[i]` is item i's id there (0, its unknown id, then pads: the item
 * is left out of the pooling).
 */
export function toSharedIds(ids: Int32Array, tokens: ArrayLike<number>): Int32Array {
  for (let k = 0; k < ids.length; k++) {
    const v = ids[k]!;
    if (v > 0) ids[k] = tokens[v - 1]!;
  }
  return ids;
}
