import type { SkipGramOptions } from '../skipgram/options';
import { trainSkipGram, type SkipGramResult } from '../skipgram/train-skipgram';
import { itemSequences, type InteractionLog, type ItemSequenceOptions } from './item-sequences';

/** Options of {@link trainItem2Vec}: how to build the sequences, and the skip-gram settings. */
export interface Item2VecOptions extends ItemSequenceOptions, SkipGramOptions {}

/** item2vec's defaults where they differ from {@link trainSkipGram}'s (see {@link trainItem2Vec}). */
export const ITEM2VEC_DEFAULTS: Partial<Item2VecOptions> = {};

/**
 * item2vec: skip-gram with negative sampling over one sequence of items per user
 * ({@link itemSequences}), giving one vector per item `[numItems × dim]`.
 *
 * @throws SkipGramInputError for a bad log row or option.
 */
export async function trainItem2Vec(log: InteractionLog, options: Item2VecOptions): Promise<SkipGramResult> {
  const o = { ...ITEM2VEC_DEFAULTS, ...options };
  const corpus = itemSequences(log, o);
  return trainSkipGram(corpus, o);
}
