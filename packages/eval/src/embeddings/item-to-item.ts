import type { ProgressCallback } from '@twotower/utils';
import { queriesAsUsers } from '../baselines/query-scorer';
import { EvalInputError, checkInteger } from '../errors';
import { evaluateRetrieval, type RetrievalMetrics } from '../protocols/evaluate-retrieval';
import { interactionColumns, type InteractionColumns } from '../protocols/interaction-columns';
import { buildUserItemCsr, type UserItemCsr } from '../protocols/user-item-csr';
import { ItemScorer } from './item-scorer';
import type { ItemSimilarity } from './item-similarity';

/** Rows of an interaction log, as `EaseBaseline.fit` takes them. */
export interface InteractionRows {
  interactions: InteractionColumns;
  /** Indices into `interactions` of the rows to use. */
  rows: Int32Array;
}

/** The data of {@link evaluateItemToItem}. */
export interface ItemToItemData {
  /**
   * The training items per user: a CSR (`buildUserItemCsr`, `EaseBaseline.userItems`) or
   * interactions + training rows + the number of users.
   */
  train: UserItemCsr | (InteractionRows & { numUsers: number });
  /** The test interactions (one row each), or interactions + test rows. */
  test: InteractionColumns | InteractionRows;
}

/** Options of {@link evaluateItemToItem}. */
export interface ItemToItemOptions {
  /** List length K of recall@K, nDCG@K and coverage@K. Default 10. */
  k?: number;
  /**
   * When set, each training item i contributes only to its `neighbours` most similar items
   * (itself and items without a similarity row excluded), with their similarity; the other
   * candidates get nothing from i. Default unset: i contributes `sim(i, j)` to every candidate j
   * (the plain sum). Measured on ML-100K (seed split, `bench/embedding-sets.ts`), recall@10 /
   * nDCG@10: EASE λ500 unset 0.2358 / 0.4453, 200 neighbours 0.2315 / 0.4313, 50 0.2232 / 0.4104,
   * 10 0.2134 / 0.3850; cosine of the training matrix's item columns unset 0.1962 / 0.3666,
   * 10 neighbours 0.1971 / 0.3708. The plain sum is the default: the better (or as good) reading.
   */
  neighbours?: number;
  /** Users scored per block (memory `blockSize × numItems` floats). Default 256. */
  blockSize?: number;
  /** Progress of the underlying `evaluateRetrieval` (test rows + users done, of the total). */
  onProgress?: ProgressCallback;
}

/** Result of {@link evaluateItemToItem}: means over users with at least one test item. */
export interface ItemToItemResult {
  /** Per-user recall@K (`excludeSeen`), as `evaluateRetrieval` defines it. */
  recall: number;
  /** Per-user nDCG@K (`excludeSeen`, ideal of min(K, |test items|) hits), as `evaluateRetrieval` defines it. */
  ndcg: number;
  /** Share of the catalogue in at least one evaluated user's top K. */
  coverage: number;
  /** Users evaluated (with at least one test item). */
  users: number;
  k: number;
  /** The `neighbours` used, `null` for all items. */
  neighbours: number | null;
  /** Everything `evaluateRetrieval` reported (top-K accuracy, MAP, hit rate, MRR, …). */
  retrieval: RetrievalMetrics;
}

function isCsr(x: ItemToItemData['train']): x is UserItemCsr {
  return 'offsets' in x;
}

/**
 * Item-to-item similarities as a recommender: a user's score for candidate j is
 * `Σ_{i in the user's training items} sim(i, j)` (with `neighbours` set, only the pairs where j is
 * among i's `neighbours` most similar items), the user's training items are removed from the
 * list, and the per-user figures are `evaluateRetrieval`'s own `excludeSeen` ones (a training
 * item that is also a test item stays eligible, as there). With `easeSimilarity(ease)` and
 * `neighbours` unset the scores are EASE's own `scoreUsers` scores, bit for bit, so the figures
 * equal the EASE baseline's. Rows of the similarity are filled once per item and cached (see
 * `ItemScorer`). Users without test items are not evaluated.
 * @param sim the similarity source (`cosineSimilarity(vectors, dim)`, `easeSimilarity(ease)`).
 */
export async function evaluateItemToItem(
  sim: ItemSimilarity,
  data: ItemToItemData,
  options: ItemToItemOptions = {},
): Promise<ItemToItemResult> {
  const k = options.k ?? 10;
  checkInteger('k', k, 1);
  const n = sim.numItems;
  let seen: UserItemCsr;
  if (isCsr(data.train)) {
    seen = data.train;
  } else {
    const { user, item } = interactionColumns('train.interactions', data.train.interactions);
    seen = buildUserItemCsr(user, item, data.train.rows, data.train.numUsers, n);
  }
  const test = testColumns(data.test);
  const scorer = new ItemScorer(sim, seen, options.neighbours);
  const retrieval = await evaluateRetrieval({
    numItems: n,
    test,
    scoreQueries: queriesAsUsers(test.user, n, scorer.scoreUsers),
    scoreUsers: scorer.scoreUsers,
    seen,
    ks: [k],
    perUser: ['excludeSeen'],
    blockSize: options.blockSize,
    onProgress: options.onProgress,
  });
  const m = retrieval.excludeSeen!;
  return {
    recall: m[`recall@${k}`] ?? NaN,
    ndcg: m[`ndcg@${k}`] ?? NaN,
    coverage: retrieval[`coverage@${k}`] ?? NaN,
    users: retrieval.counts.users,
    k,
    neighbours: options.neighbours ?? null,
    retrieval,
  };
}

function testColumns(test: ItemToItemData['test']): { user: Int32Array; item: Int32Array } {
  if (!('rows' in test)) return interactionColumns('test', test);
  const { user, item } = interactionColumns('test.interactions', test.interactions);
  const u = new Int32Array(test.rows.length);
  const it = new Int32Array(test.rows.length);
  for (let p = 0; p < test.rows.length; p++) {
    const r = test.rows[p]!;
    if (!(r >= 0 && r < user.length)) {
      throw new EvalInputError(`test.rows[${p}]`, `is ${r}, outside the ${user.length} interactions; pass valid row indices`);
    }
    u[p] = user[r]!;
    it[p] = item[r]!;
  }
  return { user: u, item: it };
}
