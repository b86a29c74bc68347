import type { ProgressCallback } from '@twotower/utils';
import { EvalInputError, checkInteger, normaliseKs } from '../errors';
import { TopKSelector } from '../ranking/top-k';
import { PerUserAccumulator, type NdcgIdeal } from './per-user-accumulator';
import { popularityPercentiles } from './item-popularity';
import { checkUserItemCsr, type UserItemCsr } from './user-item-csr';
import { interactionColumns, type InteractionColumns } from './interaction-columns';

/** The two protocols of the spec. */
export type RetrievalProtocol = 'wholeCatalogue' | 'excludeSeen';

/** Writes scores for some rows (or users) row-major into `out`, `[rows.length × numItems]`. */
export type ScoreBlock = (rows: Int32Array, out: Float32Array) => void | Promise<void>;

/** Options of {@link evaluateRetrieval}. */
export interface RetrievalEvalOptions {
  /** Catalogue size; items are `0 .. numItems - 1`. */
  numItems: number;
  /**
   * The test interactions, one query per row: `user[i]` interacted with `item[i]` (`{ users, items }`,
   * as `@twotower/data`'s `Interactions`, is accepted too).
   */
  test: InteractionColumns;
  /**
   * Scores every item for the test rows `rows` (indices into `test`), written row-major into `out`
   * `[rows.length × numItems]`. Rows arrive grouped by user (stable order within a user), so a
   * scorer that depends only on the user can compute each user once per block. `out` is filled
   * with NaN before the call: a row left unwritten counts as a miss (see `counts.nanTargetScores`).
   */
  scoreQueries: ScoreBlock;
  /**
   * Scores every item for users `users`, written row-major into `out` `[users.length × numItems]`;
   * used for the per-user metrics. Default: each user is scored by `scoreQueries` on a
   * representative query, the user's first test row in `test` order.
   */
  scoreUsers?: ScoreBlock;
  /**
   * Training items per user (CSR; `offsets` has `numUsers + 1` entries). Enables the
   * `excludeSeen` protocol: the user's training items are removed from the ranking, except the
   * test item itself (a test item the user also has in training is kept, so every test row can
   * still be hit). Default: absent, only `wholeCatalogue` is reported.
   */
  seen?: UserItemCsr;
  /** `[numItems]` training interaction counts, for the popularity-bias figures. Default: absent, not reported. */
  itemPopularity?: Float32Array;
  /** Cut-offs K for every metric at K (top-K accuracy, Recall\@K, …). Default `[1, 5, 10, 50, 100]`. */
  ks?: number[];
  /**
   * Protocols for which per-user metrics (Recall, Precision, nDCG, MAP, hit rate @K, MRR) are
   * computed; `[]` skips the per-user pass (only the top-K accuracy is computed then). Coverage and
   * popularity bias come from the first protocol listed. Default `['excludeSeen']` when `seen` is
   * given, else `['wholeCatalogue']`.
   */
  perUser?: RetrievalProtocol[];
  /**
   * Ideal DCG of `ndcg@K`: `'atK'` (DCG of min(K, |test items|) hits, the standard) or
   * `'allRelevant'` (DCG of all the user's test items, as in Dacrema et al.'s code). Default `'atK'`.
   */
  ndcgIdeal?: NdcgIdeal;
  /**
   * Keep each user's `recall@K` and `ndcg@K` of the first per-user protocol (`userValues` in the
   * result), to compare two models user by user (`pairedUserDifference`). Default false.
   */
  userValues?: boolean;
  /** Queries (or users) scored per call; memory is `blockSize × numItems` floats. Default 256. */
  blockSize?: number;
  /** Called after each block with rows/users done and the total (test rows + users evaluated). */
  onProgress?: ProgressCallback;
}

/**
 * Metrics of one protocol: `topK` (factorized top-K accuracy: fraction of test rows whose item is
 * in the top K) and, when that protocol has per-user metrics, `recall@K`, `precision@K`, `ndcg@K`,
 * `map@K`, `hitRate@K` and `mrr` averaged over users with at least one test item.
 */
export type ProtocolMetrics = Partial<
  Record<`top${number}` | `${'recall' | 'precision' | 'ndcg' | 'map' | 'hitRate'}@${number}` | 'mrr', number>
>;

/** Popularity of what is recommended against the catalogue (from the first per-user protocol). */
export type PopularityBias = {
  /** Mean popularity percentile of the catalogue's items: 0.5 by construction. */
  catalogueMeanPercentile: number;
  /** Mean ln(1 + training count) over the catalogue's items. */
  catalogueMeanLogPopularity: number;
} & Partial<Record<`meanPercentile@${number}` | `meanLogPopularity@${number}`, number>>;

/** Result of {@link evaluateRetrieval}. */
export type RetrievalMetrics = {
  /** Every item is ranked (TFRS's "factorized top-K"). */
  wholeCatalogue: ProtocolMetrics;
  /** The user's training items are removed from the ranking (present when `seen` was given). */
  excludeSeen?: ProtocolMetrics;
  /** The protocol `coverage@K` and `popularityBias` come from; undefined without a per-user pass. */
  listProtocol?: RetrievalProtocol;
  /** Present when `itemPopularity` was given and a per-user pass ran. */
  popularityBias?: PopularityBias;
  /** Each user's figures of `listProtocol`, when `userValues` was asked for and a per-user pass ran. */
  userValues?: PerUserValues;
  /** What was evaluated. */
  counts: {
    /** Test rows (queries). */
    queries: number;
    /** Users with at least one test item, evaluated by the per-user metrics (0 without that pass). */
    users: number;
    /** Catalogue size. */
    items: number;
    /** Test rows whose true item got a NaN score (counted as misses): should be 0. */
    nanTargetScores: number;
  };
} & Partial<Record<`coverage@${number}`, number>>;

/** Each evaluated user's per-user figures (see `RetrievalEvalOptions.userValues`). */
export interface PerUserValues {
  /** The protocol they come from. */
  protocol: RetrievalProtocol;
  /** `[users]` the users, ascending: every user with a test item. */
  users: Int32Array;
  /** `recall@K` and `ndcg@K` for each K: `[users]` each, in the order of `users`. */
  metrics: Record<string, Float64Array>;
}

const DEFAULT_KS = [1, 5, 10, 50, 100];

/**
 * Streams score blocks from a model (or baseline) and computes the retrieval metrics of both
 * protocols. Per test row, the rank of the true item is the number of eligible items scoring
 * strictly higher (O(numItems), ties in the item's favour); per user, the top max(K) list is a
 * partial selection (ties broken by lower item index). Memory: `blockSize × numItems` floats plus
 * O(numItems + numUsers) bookkeeping.
 */
export async function evaluateRetrieval(options: RetrievalEvalOptions): Promise<RetrievalMetrics> {
  const { numItems, seen, itemPopularity, onProgress } = options;
  checkInteger('numItems', numItems, 1);
  const test = interactionColumns('test', options.test);
  const ks = normaliseKs('ks', options.ks ?? DEFAULT_KS);
  const blockSize = options.blockSize ?? 256;
  checkInteger('blockSize', blockSize, 1);
  const nRows = test.user.length;
  const numUsers = seen !== undefined ? seen.offsets.length - 1 : maxPlusOne(test.user);
  if (seen !== undefined) checkUserItemCsr(seen, numItems);
  for (let r = 0; r < nRows; r++) {
    const u = test.user[r]!;
    const it = test.item[r]!;
    if (u < 0 || u >= numUsers) {
      throw new EvalInputError(`test.user[${r}]`, `is ${u}, outside [0, ${numUsers})${seen ? ' (the users of seen)' : ''}; every test user needs a row in seen.offsets`);
    }
    if (it < 0 || it >= numItems) {
      throw new EvalInputError(`test.item[${r}]`, `is ${it}, outside the catalogue [0, ${numItems}); check numItems`);
    }
  }
  if (itemPopularity !== undefined && itemPopularity.length !== numItems) {
    throw new EvalInputError('itemPopularity', `has length ${itemPopularity.length}, expected numItems = ${numItems}`);
  }
  const perUser = options.perUser ?? [seen !== undefined ? 'excludeSeen' : 'wholeCatalogue'];
  for (const p of perUser) {
    if (p !== 'wholeCatalogue' && p !== 'excludeSeen') {
      throw new EvalInputError('perUser', `contains '${String(p)}'; use 'wholeCatalogue' or 'excludeSeen'`);
    }
    if (p === 'excludeSeen' && seen === undefined) {
      throw new EvalInputError('perUser', `asks for 'excludeSeen' but no seen items were given; pass seen or use 'wholeCatalogue'`);
    }
  }
  const protocols = [...new Set(perUser)];
  const ndcgIdeal = options.ndcgIdeal ?? 'atK';
  if (ndcgIdeal !== 'atK' && ndcgIdeal !== 'allRelevant') {
    throw new EvalInputError('ndcgIdeal', `is '${String(ndcgIdeal)}'; use 'atK' or 'allRelevant'`);
  }

  // Test rows grouped by user (counting sort, stable) and the users to evaluate.
  const order = new Int32Array(nRows);
  const userStart = new Int32Array(numUsers + 1);
  for (let r = 0; r < nRows; r++) userStart[test.user[r]! + 1]!++;
  for (let u = 0; u < numUsers; u++) userStart[u + 1]! += userStart[u]!;
  {
    const fill = userStart.slice(0, numUsers);
    for (let r = 0; r < nRows; r++) order[fill[test.user[r]!]!++] = r;
  }
  const testUsers: number[] = [];
  for (let u = 0; u < numUsers; u++) if (userStart[u + 1]! > userStart[u]!) testUsers.push(u);
  const usersToEvaluate = protocols.length > 0 ? Int32Array.from(testUsers) : new Int32Array(0);
  const total = nRows + usersToEvaluate.length;

  const buffer = new Float32Array(Math.min(blockSize, Math.max(nRows, usersToEvaluate.length, 1)) * numItems);
  const stamp = new Int32Array(numItems); // per-row / per-user marks (never 0 once used)
  let stampValue = 0;

  // ---- Pass 1: factorized top-K over test rows, both protocols. ----
  const nk = ks.length;
  const hitsWhole = new Float64Array(nk);
  const hitsSeen = new Float64Array(nk);
  let nanTargets = 0;
  for (let start = 0; start < nRows; start += blockSize) {
    const rows = order.subarray(start, Math.min(nRows, start + blockSize));
    const out = buffer.subarray(0, rows.length * numItems);
    out.fill(NaN);
    await options.scoreQueries(rows, out);
    for (let b = 0; b < rows.length; b++) {
      const r = rows[b]!;
      const target = test.item[r]!;
      const off = b * numItems;
      const st = out[off + target]!;
      let rankWhole = numItems;
      let rankSeen = numItems;
      if (st === st) {
        let higher = 0;
        for (let j = off, end = off + numItems; j < end; j++) if (out[j]! > st) higher++;
        rankWhole = higher;
        if (seen !== undefined) {
          const u = test.user[r]!;
          stampValue++;
          for (let p = seen.offsets[u]!, e = seen.offsets[u + 1]!; p < e; p++) {
            const j = seen.items[p]!;
            if (j === target || stamp[j] === stampValue) continue;
            stamp[j] = stampValue;
            if (out[off + j]! > st) higher--;
          }
          rankSeen = higher;
        }
      } else {
        nanTargets++;
      }
      for (let i = 0; i < nk; i++) {
        const k = ks[i]!;
        if (rankWhole < k) hitsWhole[i]!++;
        if (rankSeen < k) hitsSeen[i]!++;
      }
    }
    onProgress?.(start + rows.length, total);
  }

  const wholeCatalogue: Record<string, number> = {};
  const excludeSeen: Record<string, number> = {};
  for (let i = 0; i < nk; i++) {
    wholeCatalogue[`top${ks[i]!}`] = nRows > 0 ? hitsWhole[i]! / nRows : NaN;
    excludeSeen[`top${ks[i]!}`] = nRows > 0 ? hitsSeen[i]! / nRows : NaN;
  }

  // ---- Pass 2: per-user lists. ----
  const result: RetrievalMetrics = {
    wholeCatalogue: wholeCatalogue as ProtocolMetrics,
    counts: { queries: nRows, users: usersToEvaluate.length, items: numItems, nanTargetScores: nanTargets },
  };
  if (seen !== undefined) result.excludeSeen = excludeSeen as ProtocolMetrics;
  if (protocols.length > 0 && usersToEvaluate.length > 0) {
    let percentile: Float64Array | undefined;
    let logPop: Float64Array | undefined;
    if (itemPopularity !== undefined) {
      percentile = popularityPercentiles(itemPopularity);
      logPop = new Float64Array(numItems);
      for (let j = 0; j < numItems; j++) logPop[j] = Math.log1p(Math.max(0, itemPopularity[j]!));
    }
    const accumulators = protocols.map((p, i) => ({ protocol: p, acc: new PerUserAccumulator(ks, numItems, percentile, logPop, ndcgIdeal, options.userValues === true && i === 0) }));
    const maxK = Math.min(ks[nk - 1]!, numItems);
    const selector = new TopKSelector(maxK);
    const list = new Int32Array(maxK);
    const relevant = new Int32Array(numItems);
    let relevantValue = 0;
    // Test items per user: the distinct items among the user's test rows.
    for (let start = 0; start < usersToEvaluate.length; start += blockSize) {
      const users = usersToEvaluate.subarray(start, Math.min(usersToEvaluate.length, start + blockSize));
      const out = buffer.subarray(0, users.length * numItems);
      out.fill(NaN);
      if (options.scoreUsers !== undefined) {
        await options.scoreUsers(users, out);
      } else {
        const reps = new Int32Array(users.length);
        for (let b = 0; b < users.length; b++) reps[b] = firstRow(order, userStart, users[b]!);
        await options.scoreQueries(reps, out);
      }
      for (let b = 0; b < users.length; b++) {
        const u = users[b]!;
        const off = b * numItems;
        relevantValue++;
        let numRelevant = 0;
        // Best-ranked relevant item under (score desc, index asc); NaN scores never rank.
        let best = -1;
        let bestScore = NaN;
        for (let p = userStart[u]!, e = userStart[u + 1]!; p < e; p++) {
          const t = test.item[order[p]!]!;
          if (relevant[t] === relevantValue) continue;
          relevant[t] = relevantValue;
          numRelevant++;
          const s = out[off + t]!;
          if (s === s && (best < 0 || s > bestScore || (s === bestScore && t < best))) {
            best = t;
            bestScore = s;
          }
        }
        for (const { protocol, acc } of accumulators) {
          stampValue++;
          if (protocol === 'excludeSeen' && seen !== undefined) {
            for (let p = seen.offsets[u]!, e = seen.offsets[u + 1]!; p < e; p++) {
              const j = seen.items[p]!;
              if (relevant[j] !== relevantValue) stamp[j] = stampValue;
            }
          }
          selector.reset();
          let ahead = 0; // eligible non-relevant items ranked before `best`
          for (let j = 0; j < numItems; j++) {
            if (stamp[j] === stampValue) continue;
            const s = out[off + j]!;
            selector.push(j, s);
            if (best >= 0 && relevant[j] !== relevantValue && (s > bestScore || (s === bestScore && j < best))) ahead++;
          }
          const len = selector.drainSorted(list);
          acc.addUser(list, len, relevant, relevantValue, numRelevant, best >= 0 ? 1 / (ahead + 1) : 0);
        }
      }
      onProgress?.(nRows + start + users.length, total);
    }
    for (const { protocol, acc } of accumulators) {
      Object.assign(protocol === 'excludeSeen' ? excludeSeen : wholeCatalogue, acc.metrics());
    }
    const primary = accumulators[0]!;
    result.listProtocol = primary.protocol;
    Object.assign(result, primary.acc.coverage());
    const values = primary.acc.values();
    if (values) result.userValues = { protocol: primary.protocol, users: usersToEvaluate, metrics: values };
    if (percentile !== undefined && logPop !== undefined) {
      let pctMean = 0;
      let logMean = 0;
      for (let j = 0; j < numItems; j++) {
        pctMean += percentile[j]!;
        logMean += logPop[j]!;
      }
      result.popularityBias = {
        catalogueMeanPercentile: pctMean / numItems,
        catalogueMeanLogPopularity: logMean / numItems,
        ...primary.acc.popularity(),
      };
    }
  }
  return result;
}

function firstRow(order: Int32Array, userStart: Int32Array, u: number): number {
  return order[userStart[u]!]!;
}

function maxPlusOne(a: Int32Array): number {
  let m = -1;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m + 1;
}
