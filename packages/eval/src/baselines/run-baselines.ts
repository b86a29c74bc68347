import type { ProgressCallback } from '@twotower/utils';
import { EvalInputError, checkInteger } from '../errors';
import { evaluateRetrieval, type RetrievalMetrics } from '../protocols/evaluate-retrieval';
import type { NdcgIdeal } from '../protocols/per-user-accumulator';
import { interactionColumns, type InteractionColumns } from '../protocols/interaction-columns';
import { buildUserItemCsr } from '../protocols/user-item-csr';
import { EaseBaseline } from './ease';
import { PopularityBaseline } from './popularity';
import type { MatMulF32 } from '../linalg/matmul';

/** Names of the baselines {@link runBaselines} knows. */
export type BaselineName = 'popularity' | 'ease';

/** Options of {@link runBaselines}. */
export interface RunBaselinesOptions {
  /** Columnar interactions: `{ user, item }` or `@twotower/data`'s `Interactions` (`{ users, items }`). */
  interactions: InteractionColumns;
  /** Training rows (indices into `interactions`). */
  train: Int32Array;
  /** Test rows: one query each. */
  test: Int32Array;
  /** Number of users. */
  numUsers: number;
  /** Catalogue size. */
  numItems: number;
  /** Baselines to run. Default `['popularity', 'ease']`. */
  baselines?: BaselineName[];
  /** EASE's λ. Default 500. */
  lambda?: number;
  /** Cut-offs. Default `[1, 5, 10, 50, 100]`. */
  ks?: number[];
  /** Queries per scoring block. Default 256. */
  blockSize?: number;
  /** Ideal DCG of nDCG@K (see `RetrievalEvalOptions.ndcgIdeal`). Default `'atK'`. */
  ndcgIdeal?: NdcgIdeal;
  /** Keep each user's figures in each baseline's result (see `RetrievalEvalOptions.userValues`). Default false. */
  userValues?: boolean;
  /** Progress of EASE's fit, the long step (see `EaseOptions.onProgress`). Default: none. */
  onEaseProgress?: ProgressCallback;
  /** A fast float32 matrix product for EASE's inverse (see `EaseOptions.matmul`). Default: none (float64 JavaScript). */
  matmul?: MatMulF32;
}

/** Result of {@link runBaselines}: both protocols per baseline, and how long each took. */
export interface BaselineResults {
  /** Most popular items. */
  popularity?: RetrievalMetrics;
  /** EASE with the given λ. */
  ease?: RetrievalMetrics;
  /** Seconds spent fitting and evaluating each baseline. */
  seconds: Partial<Record<BaselineName, { fit: number; evaluate: number }>>;
}

/**
 * Fits the baselines on `train` and evaluates them on `test` with both protocols
 * (`wholeCatalogue`, `excludeSeen` with the training items of each user), per-user metrics,
 * coverage and popularity bias: the numbers every model report is compared with.
 */
export async function runBaselines(options: RunBaselinesOptions): Promise<BaselineResults> {
  const { train, test, numUsers, numItems } = options;
  const interactions = interactionColumns('interactions', options.interactions);
  checkInteger('numUsers', numUsers, 1);
  checkInteger('numItems', numItems, 1);
  const names = options.baselines ?? ['popularity', 'ease'];
  for (const name of names) {
    if (name !== 'popularity' && name !== 'ease') {
      throw new EvalInputError('baselines', `contains '${String(name)}'; use 'popularity' and/or 'ease'`);
    }
  }
  const seen = buildUserItemCsr(interactions.user, interactions.item, train, numUsers, numItems);
  const testUser = new Int32Array(test.length);
  const testItem = new Int32Array(test.length);
  for (let i = 0; i < test.length; i++) {
    const r = test[i]!;
    if (r < 0 || r >= interactions.user.length) {
      throw new EvalInputError(`test[${i}]`, `is ${r}, outside the ${interactions.user.length} interactions`);
    }
    testUser[i] = interactions.user[r]!;
    testItem[i] = interactions.item[r]!;
  }
  const popularity = PopularityBaseline.fit(interactions, train, numItems);
  const results: BaselineResults = { seconds: {} };
  for (const name of names) {
    const t0 = performance.now();
    const model = name === 'popularity' ? popularity : EaseBaseline.fit(interactions, train, numUsers, numItems, { lambda: options.lambda, onProgress: options.onEaseProgress, ...(options.matmul ? { matmul: options.matmul } : {}) });
    const t1 = performance.now();
    results[name] = await evaluateRetrieval({
      numItems,
      test: { user: testUser, item: testItem },
      scoreQueries: model.queryScorer(testUser),
      scoreUsers: model.scoreUsers,
      seen,
      itemPopularity: popularity.counts,
      ks: options.ks,
      blockSize: options.blockSize,
      ndcgIdeal: options.ndcgIdeal,
      ...(options.userValues ? { userValues: true } : {}),
    });
    results.seconds[name] = { fit: (t1 - t0) / 1000, evaluate: (performance.now() - t1) / 1000 };
  }
  return results;
}
