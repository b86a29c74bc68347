import { Discretization, type DiscretizationJSON } from './discretization';
import { FeatureError } from './errors';
import { Hashing, type HashingJSON } from './hashing';
import { IntegerLookup, type IntegerLookupJSON } from './integer-lookup';
import { asRecord } from './json-check';
import { Normalization, type NormalizationJSON } from './normalization';
import { StringLookup, type StringLookupJSON } from './string-lookup';
import { TextVectorization, type TextVectorizationJSON } from './text-vectorization';

/** Any preprocessor of this package. All have `fit`, `transform`, `outputSize`, `toJSON` and a static `fromJSON`. */
export type Preprocessor = StringLookup | IntegerLookup | Hashing | Discretization | Normalization | TextVectorization;

/** The serialised form of any {@link Preprocessor}. */
export type PreprocessorJSON = StringLookupJSON | IntegerLookupJSON | HashingJSON | DiscretizationJSON | NormalizationJSON | TextVectorizationJSON;

/** The `type` tags {@link preprocessorFromJSON} understands. */
export const PREPROCESSOR_TYPES = ['StringLookup', 'IntegerLookup', 'Hashing', 'Discretization', 'Normalization', 'TextVectorization'] as const;

/**
 * Restore any preprocessor from its `toJSON()` output (after `JSON.parse`), dispatching on `type`.
 * @throws FeatureError (`invalid-json`) for an unknown `type` (listing the known ones) or a bad field.
 */
export function preprocessorFromJSON(json: unknown): Preprocessor {
  const type = asRecord(json, 'preprocessor')['type'];
  switch (type) {
    case 'StringLookup':
      return StringLookup.fromJSON(json);
    case 'IntegerLookup':
      return IntegerLookup.fromJSON(json);
    case 'Hashing':
      return Hashing.fromJSON(json);
    case 'Discretization':
      return Discretization.fromJSON(json);
    case 'Normalization':
      return Normalization.fromJSON(json);
    case 'TextVectorization':
      return TextVectorization.fromJSON(json);
    default:
      throw new FeatureError('invalid-json', `preprocessor: "type" is ${JSON.stringify(type) ?? 'missing'}; expected one of ${PREPROCESSOR_TYPES.join(', ')}.`);
  }
}
