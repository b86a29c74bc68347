import { EvalInputError, checkInteger } from '../errors';
import type { EaseBaseline } from '../baselines/ease';

/**
 * A source of item-to-item similarities, the common ground of item embedding sets (cosine of
 * their vectors) and EASE (its weights B): what {@link neighbourGenreAgreement} and
 * {@link evaluateItemToItem} read.
 */
export interface ItemSimilarity {
  /** Catalogue size; items are `0 .. numItems - 1`. */
  readonly numItems: number;
  /**
   * Writes the similarity of `item` to every item `j` into `out[j]`, `out` being `[numItems]`.
   * `out[item]` is written too (1 for cosine, 0 for EASE); callers exclude the item itself.
   */
  fill(item: number, out: Float32Array): void;
  /**
   * `[numItems]` 1 for items without a similarity row (an all-zero vector: an item the embedding
   * never trained), whose row is all 0. Absent when every item has one.
   */
  readonly missing?: Uint8Array;
  /** Number of items flagged in {@link missing} (0 when absent). */
  readonly missingCount?: number;
}

/** @internal Throws unless `item` is a valid item of `sim` and `out` is `[numItems]`. */
export function checkFill(numItems: number, item: number, out: Float32Array): void {
  if (!Number.isInteger(item) || item < 0 || item >= numItems) {
    throw new EvalInputError('item', `is ${item}, outside the catalogue [0, ${numItems})`);
  }
  if (out.length !== numItems) {
    throw new EvalInputError('out', `has length ${out.length}, expected numItems = ${numItems}`);
  }
}

/**
 * Cosine similarity of item vectors. Rows are normalised once (a copy; `vectors` is not
 * changed). An all-zero row (an item without a trained vector) has similarity 0 to every item,
 * itself included; such items are flagged in `missing` and counted in `missingCount`, never NaN.
 * A row holding a NaN or infinite value is refused.
 * @param vectors `[numItems × dim]` row-major item vectors.
 * @param dim vector width (>= 1); `vectors.length` must be a multiple of it.
 */
export function cosineSimilarity(vectors: Float32Array, dim: number): ItemSimilarity {
  checkInteger('dim', dim, 1);
  if (vectors.length % dim !== 0 || vectors.length === 0) {
    throw new EvalInputError('vectors', `has length ${vectors.length}, not a positive multiple of dim = ${dim}; pass [numItems × dim] values`);
  }
  const numItems = vectors.length / dim;
  const unit = new Float32Array(vectors.length);
  const missing = new Uint8Array(numItems);
  let missingCount = 0;
  for (let i = 0; i < numItems; i++) {
    const o = i * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += vectors[o + d]! * vectors[o + d]!;
    if (!Number.isFinite(s)) {
      throw new EvalInputError(`vectors[${i}]`, `(item ${i}) holds a NaN or infinite value; fix or zero that row (a zero row means "no vector")`);
    }
    if (s === 0) {
      missing[i] = 1;
      missingCount++;
      continue;
    }
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) unit[o + d] = vectors[o + d]! * inv;
  }
  return {
    numItems,
    missing,
    missingCount,
    fill(item: number, out: Float32Array): void {
      checkFill(numItems, item, out);
      const a = item * dim;
      for (let j = 0; j < numItems; j++) {
        const b = j * dim;
        let s = 0;
        for (let d = 0; d < dim; d++) s += unit[a + d]! * unit[b + d]!;
        out[j] = s;
      }
    },
  };
}

/**
 * EASE's item-item weights as a similarity: the similarity of `i` to `j` is `B[i][j]`, row `i` of
 * `ease.weights`. Direction: a user's EASE score for item j is `Σ_i B[i][j]` over their training
 * items i, so row i holds what item i contributes to every candidate j (B is not symmetric).
 * The diagonal is 0. An item without training interactions has an all-zero row of B: like an
 * item without a vector in {@link cosineSimilarity}, it is flagged in `missing` and counted.
 */
export function easeSimilarity(ease: EaseBaseline): ItemSimilarity {
  const n = ease.numItems;
  const w = ease.weights;
  const missing = new Uint8Array(n);
  let missingCount = 0;
  for (let i = 0; i < n; i++) {
    let zero = true;
    for (let j = i * n, end = j + n; j < end && zero; j++) zero = w[j] === 0;
    if (zero) {
      missing[i] = 1;
      missingCount++;
    }
  }
  return {
    numItems: n,
    missing,
    missingCount,
    fill(item: number, out: Float32Array): void {
      checkFill(n, item, out);
      out.set(w.subarray(item * n, (item + 1) * n));
    },
  };
}
