/**
 * One skip-gram negative-sampling step for one (input, output) pair, as word2vec and gensim do
 * it: the input vector `syn0[inRow .. inRow + dim)` is scored against the output vectors of
 * `targets[0]` (the true context, label 1) and `targets[1 .. count)` (the negatives, label 0),
 * each output row moves by `alpha · (label − σ(u·v)) · u`, and the input row moves by the sum of
 * `alpha · (label − σ(u·v)) · v` over the targets (with the output rows as they were before
 * their own update). That is one step of gradient descent of
 * {@link negativeSamplingLoss} with learning rate `alpha`, when the targets are distinct.
 *
 * Pure apart from writing `syn0`, `syn1` and `work`; allocation-free (the trainer's hot loop).
 *
 * @param syn0 input vectors `[vocabulary × dim]`.
 * @param inRow offset of the input row in `syn0` (`token · dim`).
 * @param syn1 output vectors `[vocabulary × dim]`.
 * @param targets token ids: `[positive, negative…]`, `count` of them used.
 * @param count number of targets used (1 + negatives).
 * @param dim vector size.
 * @param alpha learning rate.
 * @param work scratch of at least `dim` floats.
 * @param maxScore a target whose score `|u·v|` is at least this gets no update (gensim's rule at
 *   its `MAX_EXP` 6); `Infinity` (the default) updates every target.
 * @returns the pair's loss before the update, `−log σ(u·v₀) − Σₖ log σ(−u·vₖ)`.
 */
export function sgnsPairUpdate(
  syn0: Float32Array,
  inRow: number,
  syn1: Float32Array,
  targets: Int32Array,
  count: number,
  dim: number,
  alpha: number,
  work: Float32Array,
  maxScore = Infinity,
): number {
  let loss = 0;
  for (let d = 0; d < dim; d++) work[d] = 0;
  for (let k = 0; k < count; k++) {
    const row = targets[k]! * dim;
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += syn0[inRow + d]! * syn1[row + d]!;
    // z = −dot for the positive, +dot for a negative: the term is softplus(z) = −log σ(−z).
    const z = k === 0 ? -dot : dot;
    let g: number;
    if (z > 0) {
      const e = Math.exp(-z);
      loss += z + Math.log1p(e);
      g = 1 / (1 + e); // σ(z)
    } else {
      const e = Math.exp(z);
      loss += Math.log1p(e);
      g = e / (1 + e);
    }
    if (Math.abs(dot) >= maxScore) continue;
    // label − σ(dot): for the positive σ(−dot) = σ(z); for a negative −σ(dot) = −σ(z).
    g = (k === 0 ? g : -g) * alpha;
    for (let d = 0; d < dim; d++) {
      const o = syn1[row + d]!;
      work[d] = work[d]! + g * o;
      syn1[row + d] = o + g * syn0[inRow + d]!;
    }
  }
  for (let d = 0; d < dim; d++) syn0[inRow + d] = syn0[inRow + d]! + work[d]!;
  return loss;
}

/**
 * The negative-sampling loss of one pair, `−log σ(u·v₀) − Σₖ₌₁ log σ(−u·vₖ)`, in double
 * precision, with `u = syn0[inRow ..]` and `vₖ = syn1[targets[k] · dim ..]`. What
 * {@link sgnsPairUpdate} descends (and reports); for tests and diagnostics, not the hot loop.
 */
export function negativeSamplingLoss(
  syn0: ArrayLike<number>,
  inRow: number,
  syn1: ArrayLike<number>,
  targets: ArrayLike<number>,
  count: number,
  dim: number,
): number {
  let loss = 0;
  for (let k = 0; k < count; k++) {
    const row = targets[k]! * dim;
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += syn0[inRow + d]! * syn1[row + d]!;
    const z = k === 0 ? -dot : dot;
    loss += z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
  return loss;
}
