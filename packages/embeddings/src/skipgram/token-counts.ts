import type { Corpus } from '../corpus';
import { SkipGramInputError } from './errors';

/**
 * Checks a corpus (offsets from 0 to `tokens.length`, non-decreasing; tokens in
 * `[0, vocabulary)`) and counts each token's occurrences.
 *
 * @returns occurrences per token `[vocabulary]` and the longest sequence's length.
 * @throws SkipGramInputError naming the offset or token at fault.
 */
export function countTokens(corpus: Corpus): { counts: Int32Array; longest: number } {
  const { tokens, offsets, vocabulary } = corpus;
  if (!Number.isInteger(vocabulary) || vocabulary < 0) {
    throw new SkipGramInputError('corpus.vocabulary', `${vocabulary} must be a non-negative integer (the number of token ids)`);
  }
  if (offsets.length < 1 || offsets[0] !== 0 || offsets[offsets.length - 1] !== tokens.length) {
    throw new SkipGramInputError('corpus.offsets', `must start at 0 and end at tokens.length (${tokens.length}); got ${offsets.length} offsets`);
  }
  let longest = 0;
  for (let s = 0; s + 1 < offsets.length; s++) {
    const len = offsets[s + 1]! - offsets[s]!;
    if (len < 0) throw new SkipGramInputError(`corpus.offsets[${s + 1}]`, `${offsets[s + 1]} is below offsets[${s}] = ${offsets[s]}; offsets must not decrease`);
    if (len > longest) longest = len;
  }
  const counts = new Int32Array(vocabulary);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!(t >= 0 && t < vocabulary)) {
      throw new SkipGramInputError(`corpus.tokens[${i}]`, `token ${t} is outside [0, ${vocabulary}); raise corpus.vocabulary or re-index the tokens`);
    }
    counts[t]!++;
  }
  return { counts, longest };
}
