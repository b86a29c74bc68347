import { isSafeInteger } from './json-check';
import { asInteger } from './values';
import { parseLookupJSON, VocabularyLookup, type LookupJSON, type LookupOptions } from './vocabulary-lookup';

/** Options of an {@link IntegerLookup}; see {@link LookupOptions} for each field and its default (`oovToken` default -1). */
export type IntegerLookupOptions = LookupOptions<number>;

/** Serialised {@link IntegerLookup}. */
export type IntegerLookupJSON = LookupJSON<'IntegerLookup', number>;

/**
 * Maps integer values (e.g. raw ids 1..1682) to dense ids with a vocabulary learned from data
 * (Keras' `IntegerLookup`). Integer strings (`"42"`) are accepted; non-integers throw, naming the row.
 *
 * Ids: [mask (id 0) if `mask` is set] [`numOovIndices` OOV ids] [vocabulary, most frequent first,
 * ties by value ascending].
 *
 * @example
 * const lookup = new IntegerLookup().fit([7, 3, 7]);
 * lookup.transform([7, 3, 99]); // Int32Array [1, 2, 0]
 */
export class IntegerLookup extends VocabularyLookup<number, 'IntegerLookup'> {
  constructor(options: IntegerLookupOptions = {}) {
    super('IntegerLookup', options, -1);
  }

  /** A lookup with `vocabulary` (in id order) instead of one fitted on data. */
  static fromVocabulary(vocabulary: readonly number[], options: IntegerLookupOptions = {}): IntegerLookup {
    return new IntegerLookup(options).setVocabulary(vocabulary);
  }

  /**
   * Restore a lookup written by {@link IntegerLookup.toJSON} (after `JSON.parse`).
   * @throws FeatureError (`invalid-json`) naming the bad field.
   */
  static fromJSON(json: unknown): IntegerLookup {
    const { options, vocabulary } = parseLookupJSON(json, 'IntegerLookup', 'an integer', isSafeInteger);
    return IntegerLookup.fromVocabulary(vocabulary, options);
  }

  protected override read(value: unknown, row?: number): number {
    return asInteger(value, this.name, row);
  }
}
