/** Smallest and largest negative-sampling table (word2vec uses 1e8 entries whatever the vocabulary). */
const MIN_TABLE = 1 << 16;
const MAX_TABLE = 1e8;

/**
 * word2vec's negative-sampling table: token `t` fills a share `counts[t]^exponent / Σ counts^exponent`
 * of the entries, so that a uniform index draws tokens from the smoothed unigram distribution
 * (exponent 0.75 in word2vec and gensim). Only tokens with `trained[t] === 1` are drawn.
 *
 * @param counts occurrences per token `[vocabulary]`.
 * @param trained 1 for tokens that get a vector `[vocabulary]`.
 * @param exponent the smoothing power (0.75).
 * @param size number of entries; default `clamp(100 · trained tokens, 2¹⁶, 10⁸)` (word2vec: always 10⁸;
 *   a table that fits in cache draws faster, and each token still gets its share to 1 / size).
 * @returns token ids `[size]`, each token's run contiguous and in id order.
 */
export function unigramTable(counts: Int32Array, trained: Uint8Array, exponent: number, size?: number): Int32Array {
  const v = counts.length;
  let kept = 0;
  let total = 0;
  for (let t = 0; t < v; t++) {
    if (trained[t] === 1 && counts[t]! > 0) {
      kept++;
      total += Math.pow(counts[t]!, exponent);
    }
  }
  const n = size ?? Math.min(MAX_TABLE, Math.max(MIN_TABLE, 100 * kept));
  const table = new Int32Array(n);
  if (kept === 0) return table;
  // Cumulative share rounded to table positions: token t owns [round(n·C(t−1)), round(n·C(t))).
  let cumulative = 0;
  let start = 0;
  let last = 0;
  for (let t = 0; t < v; t++) {
    if (trained[t] !== 1 || counts[t]! <= 0) continue;
    cumulative += Math.pow(counts[t]!, exponent);
    const end = Math.min(n, Math.round((n * cumulative) / total));
    table.fill(t, start, end);
    start = end;
    last = t;
  }
  if (start < n) table.fill(last, start, n);
  return table;
}
