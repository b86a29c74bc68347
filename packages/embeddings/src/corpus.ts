/**
 * Sequences of token ids (items, or graph nodes) held in one flat typed array, the input every
 * skip-gram trainer of this package reads: sequence `s` is `tokens[offsets[s] .. offsets[s + 1])`.
 */
export interface Corpus {
  /** Every sequence's tokens, one after another; each in `[0, vocabulary)`. */
  tokens: Int32Array;
  /** `sequences + 1` offsets into `tokens`, starting at 0 and ending at `tokens.length`. */
  offsets: Int32Array;
  /** Number of distinct token ids (rows of the trained vectors). */
  vocabulary: number;
}

/** Number of sequences of a {@link Corpus}. */
export function sequenceCount(corpus: Corpus): number {
  return corpus.offsets.length - 1;
}
