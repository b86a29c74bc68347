/**
 * Probability of keeping each occurrence of each token under word2vec's (and gensim's)
 * down-sampling of frequent tokens: with `threshold = sample · N` (N = occurrences of all
 * trained tokens), a token seen `c` times is kept with probability
 * `min(1, (√(c / threshold) + 1) · threshold / c)`. `sample = 0` keeps everything. Tokens
 * without a vector (`trained[t] === 0`) get 0: they are dropped from the sequences.
 *
 * @param counts occurrences per token `[vocabulary]`.
 * @param trained 1 for tokens that get a vector `[vocabulary]`.
 * @param sample the `sample` / `subsample` parameter (1e-3 by default in both).
 * @returns keep probabilities `[vocabulary]`.
 */
export function keepProbabilities(counts: Int32Array, trained: Uint8Array, sample: number): Float32Array {
  const v = counts.length;
  const keep = new Float32Array(v);
  let total = 0;
  for (let t = 0; t < v; t++) if (trained[t] === 1) total += counts[t]!;
  const threshold = sample * total;
  for (let t = 0; t < v; t++) {
    if (trained[t] !== 1) continue;
    const c = counts[t]!;
    keep[t] = sample <= 0 || c <= 0 ? 1 : Math.min(1, (Math.sqrt(c / threshold) + 1) * (threshold / c));
  }
  return keep;
}
