import { isString } from './json-check';
import { asString } from './values';
import { parseLookupJSON, VocabularyLookup, type LookupJSON, type LookupOptions } from './vocabulary-lookup';

/** Options of a {@link StringLookup}; see {@link LookupOptions} for each field and its default. */
export type StringLookupOptions = LookupOptions<string>;

/** Serialised {@link StringLookup}. */
export type StringLookupJSON = LookupJSON<'StringLookup', string>;

/**
 * Maps strings to integer ids with a vocabulary learned from data (Keras' `StringLookup`).
 * Numbers in the input are converted with `String(n)` (so `42` and `"42"` are the same token).
 *
 * Ids: [mask (id 0) if `mask` is set] [`numOovIndices` OOV ids] [vocabulary, most frequent first].
 *
 * @example
 * const lookup = new StringLookup({ mask: '' }).fit(['b', 'a', 'b', 'c']);
 * lookup.transform(['b', 'a', 'zzz', '']); // Int32Array [2, 3, 1, 0]
 */
export class StringLookup extends VocabularyLookup<string, 'StringLookup'> {
  constructor(options: StringLookupOptions = {}) {
    super('StringLookup', options, '[UNK]');
  }

  /** A lookup with `vocabulary` (in id order) instead of one fitted on data. */
  static fromVocabulary(vocabulary: readonly string[], options: StringLookupOptions = {}): StringLookup {
    return new StringLookup(options).setVocabulary(vocabulary);
  }

  /**
   * Restore a lookup written by {@link StringLookup.toJSON} (after `JSON.parse`).
   * @throws FeatureError (`invalid-json`) naming the bad field.
   */
  static fromJSON(json: unknown): StringLookup {
    const { options, vocabulary } = parseLookupJSON(json, 'StringLookup', 'a string', isString);
    return StringLookup.fromVocabulary(vocabulary, options);
  }

  protected override read(value: unknown, row?: number): string {
    return asString(value, this.name, row);
  }
}
