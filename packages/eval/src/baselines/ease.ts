import { progressReporter, type ProgressCallback } from '@twotower/utils';
import { EvalInputError, checkInteger } from '../errors';
import { blockedInverseWork, invertSpdBlocked } from '../linalg/blocked-spd-inverse';
import { sharedF32 } from '../linalg/gemm';
import { invertSpdRecursive, recursiveInverseWork } from '../linalg/recursive-spd-inverse';
import type { MatMulF32 } from '../linalg/matmul';
import { timePhase, type PhaseTimes } from '../linalg/phase-times';
import { runRowTask } from '../linalg/row-tasks';
import { easeDualWork, easeWeightsDual } from './ease-dual';
import { easeGramLower, easeGramWork } from './ease-gram';
import { invertSpdInPlace, spdInverseWork } from '../linalg/spd-inverse';
import type { ScoreBlock } from '../protocols/evaluate-retrieval';
import { interactionColumns, type InteractionColumns } from '../protocols/interaction-columns';
import { buildUserItemCsr, type UserItemCsr } from '../protocols/user-item-csr';
import { queriesAsUsers } from './query-scorer';

/** Largest catalogue {@link EaseBaseline} accepts: its Gram matrix alone is numItems² doubles (3.2 GB at 20,000). */
export const EASE_MAX_ITEMS = 20_000;

/** Options of {@link EaseBaseline.fit}. */
export interface EaseOptions {
  /** L2 regularisation λ added to the Gram matrix's diagonal. Default 500 (the ML-100K reference). */
  lambda?: number;
  /**
   * Called about 100 times while fitting, with estimated multiply-adds done of the total: the
   * Gram matrix (Σ over users of d(d+1)/2 for d training items), the inverse (three passes of
   * ~numItems³/6, nearly all of the time) and B (numItems²). `done` increases and the last call
   * has `done === total`. Without it nothing is reported, as before.
   */
  onProgress?: ProgressCallback;
  /**
   * A fast float32 matrix product (`@twotower/runtime`'s `matMulF32`, or any {@link MatMulF32}).
   * Given, the Gram matrix is inverted in float32 by recursive halving whose work is large
   * products, the largest by Strassen–Winograd (`invertSpdRecursive`; the environment variable
   * `TWOTOWER_EASE_INVERSE=cholesky` takes the blocked Cholesky `invertSpdBlocked` instead): 10,000
   * items in about half a minute instead of many minutes, and half the memory; the weights agree
   * with the float64 path to about 1e-6 relative, the metrics to 1e-4. Its `rowBatch`, when it
   * has one, also runs the inverse's copies and combinations and B's rows. Without it, the float64
   * JavaScript inverse as before.
   */
  matmul?: MatMulF32;
  /**
   * Which side to invert. `'items'`: `(XᵀX + λI)⁻¹`, numItems³/2 multiply-adds; `'users'`: the
   * same weights through Woodbury's identity over the users who have training rows
   * (`easeWeightsDual`: users³/2 plus the sparse products), far cheaper when there are fewer users
   * than items; `'auto'` (default) takes whichever costs fewer estimated operations (the items'
   * side counted 8× cheaper when `matmul` is given).
   */
  solver?: 'auto' | 'items' | 'users';
  /**
   * Given, seconds (wall) are added to it per phase of an items'-side fit: `gram` (XᵀX + λI),
   * `inverse`, `weights` (B from the inverse and its diagonal), and with the recursive inverse its
   * own phases prefixed `inverse.` (see `RecursiveSpdInverseOptions.phases`: `inverse.products`,
   * `inverse.productMacs`, …). A users'-side fit adds `dual` only. Default none (nothing timed).
   */
  phases?: PhaseTimes;
}

/**
 * EASE (Steck, 2019): a linear item-item model with a closed form. On the binary user-item matrix X
 * of the training rows, `P = (XᵀX + λI)⁻¹` and `B = I - P·diag(1/diag(P))`, i.e.
 * `B[i][j] = -P[i][j] / P[j][j]` and `B[j][j] = 0`; a user's scores are `x_u B`, the sum of the
 * rows of B of the user's training items.
 *
 * Cost: memory one numItems² Float64Array while fitting (22.6 MB for 1682 items, 800 MB for
 * 10,000, 3.2 GB for 20,000) then a numItems² Float32Array for B; time ~numItems³/2 multiply-adds
 * (a few seconds for 1682 items, minutes beyond ~5,000). Catalogues above {@link EASE_MAX_ITEMS}
 * items are refused.
 */
export class EaseBaseline {
  /** `[numItems × numItems]` row-major item-item weights B (zero diagonal). */
  readonly weights: Float32Array;
  /** Training items per user (binary X as CSR). */
  readonly userItems: UserItemCsr;
  /** Catalogue size. */
  readonly numItems: number;
  /** The λ used. */
  readonly lambda: number;

  private constructor(weights: Float32Array, userItems: UserItemCsr, numItems: number, lambda: number) {
    this.weights = weights;
    this.userItems = userItems;
    this.numItems = numItems;
    this.lambda = lambda;
  }

  /**
   * Fits B in closed form on the binary matrix of `trainRows` (repeated user-item pairs count once).
   * @param interactions columnar interactions, `{ user, item }` or `@twotower/data`'s `{ users, items }`.
   * @param trainRows rows of `interactions` to fit on.
   * @param numUsers number of users.
   * @param numItems catalogue size (<= {@link EASE_MAX_ITEMS}).
   */
  static fit(
    interactions: InteractionColumns,
    trainRows: Int32Array,
    numUsers: number,
    numItems: number,
    options: EaseOptions = {},
  ): EaseBaseline {
    checkInteger('numItems', numItems, 1);
    if (numItems > EASE_MAX_ITEMS) {
      const gb = ((numItems * numItems * 8) / 1e9).toFixed(1);
      throw new EvalInputError(
        'numItems',
        `is ${numItems}: EASE needs a dense numItems² matrix of doubles (${gb} GB) and ~numItems³/2 operations; ` +
          `it accepts at most ${EASE_MAX_ITEMS} items. Restrict the catalogue (e.g. to the ${EASE_MAX_ITEMS} most popular items) or use PopularityBaseline`,
      );
    }
    const lambda = options.lambda ?? 500;
    if (!(lambda > 0) || !Number.isFinite(lambda)) {
      throw new EvalInputError('lambda', `is ${lambda}; use a positive regularisation such as 500`);
    }
    const { user, item } = interactionColumns('interactions', interactions);
    const csr = buildUserItemCsr(user, item, trainRows, numUsers, numItems);
    const n = numItems;
    const solver = options.solver ?? 'auto';
    if (solver !== 'auto' && solver !== 'items' && solver !== 'users') throw new EvalInputError('solver', `is ${JSON.stringify(solver)}; use 'auto', 'items' or 'users'`);
    const itemsWork = ((n * n * n) / 2) * (options.matmul ? 1 / 8 : 1);
    if (solver === 'users' || (solver === 'auto' && easeDualWork(csr, n).work < itemsWork)) {
      return new EaseBaseline(timePhase(options.phases, 'dual', () => easeWeightsDual(csr, n, lambda, options.onProgress)), csr, n, lambda);
    }
    const gramWork = easeGramWork(csr);
    const fast = options.matmul !== undefined;
    const cholesky = process.env.TWOTOWER_EASE_INVERSE === 'cholesky';
    const inverseWork = fast ? (cholesky ? blockedInverseWork(n) : recursiveInverseWork(n)) : spdInverseWork(n);
    const tick = progressReporter(options.onProgress, gramWork + inverseWork + n * n);
    const phases = options.phases;
    const g = timePhase(phases, 'gram', () => {
      // on a SharedArrayBuffer, so that a threaded `matmul.gemmBatch` works on it in place
      const out = fast ? sharedF32(n * n) : new Float64Array(n * n);
      // XᵀX + λI, lower triangle only (the inverse reads only that)
      easeGramLower(csr, n, lambda, out, (_, done) => tick(done));
      return out;
    });
    const onProgress = (done: number) => tick(gramWork + done);
    const inner: PhaseTimes | undefined = phases && {};
    timePhase(phases, 'inverse', () => {
      if (g instanceof Float32Array) {
        if (cholesky) invertSpdBlocked(g, n, { matmul: options.matmul!, onProgress });
        else invertSpdRecursive(g, n, { matmul: options.matmul!, onProgress, phases: inner });
      } else invertSpdInPlace(g, n, { onProgress });
    });
    if (phases && inner) for (const [k, v] of Object.entries(inner)) phases[`inverse.${k}`] = (phases[`inverse.${k}`] ?? 0) + v;
    // B in place over a float32 P (its diagonal read before each row is overwritten), else a new array
    const w = timePhase(phases, 'weights', () => {
      // −1 / P[j][j]: a multiplication per entry instead of a division
      const scale = g instanceof Float32Array ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n);
      for (let j = 0; j < n; j++) scale[j] = -1 / g[j * n + j]!;
      if (g instanceof Float32Array) {
        // in place, in 20 row ranges (progress after each), on `matmul.rowBatch`'s threads when it has one
        const rowBatch = options.matmul?.rowBatch ?? runRowTask;
        const chunk = Math.ceil(n / 20);
        for (let row0 = 0; row0 < n; row0 += chunk) {
          const rows = Math.min(chunk, n - row0);
          rowBatch({ kernel: 'scaleColumns', a: g, n, scale, row0, rows });
          tick(gramWork + inverseWork + (row0 + rows) * n);
        }
        return g;
      }
      const out = new Float32Array(n * n);
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        for (let j = 0; j < n; j++) out[ri + j] = g[ri + j]! * scale[j]!;
        out[ri + i] = 0;
        tick(gramWork + inverseWork + (i + 1) * n);
      }
      return out;
    });
    return new EaseBaseline(w, csr, n, lambda);
  }

  /** Writes `x_u B` for each user: `out` is `[users.length × numItems]`. */
  scoreUsers = (users: Int32Array, out: Float32Array): void => {
    const n = this.numItems;
    if (out.length !== users.length * n) {
      throw new EvalInputError('out', `has length ${out.length}, expected users × numItems = ${users.length * n}`);
    }
    const { offsets, items } = this.userItems;
    const numUsers = offsets.length - 1;
    const acc = new Float64Array(n);
    const w = this.weights;
    for (let b = 0; b < users.length; b++) {
      const u = users[b]!;
      if (u < 0 || u >= numUsers) {
        throw new EvalInputError(`users[${b}]`, `is ${u}, outside the ${numUsers} users EASE was fitted on`);
      }
      acc.fill(0);
      for (let p = offsets[u]!, e = offsets[u + 1]!; p < e; p++) {
        const row = items[p]! * n;
        for (let j = 0; j < n; j++) acc[j]! += w[row + j]!;
      }
      const o = b * n;
      for (let j = 0; j < n; j++) out[o + j] = acc[j]!;
    }
  };

  /** A `scoreQueries` for `evaluateRetrieval` whose query rows have users `queryUser`. */
  queryScorer(queryUser: Int32Array): ScoreBlock {
    return queriesAsUsers(queryUser, this.numItems, this.scoreUsers);
  }
}
