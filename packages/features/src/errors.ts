/** What kind of mistake a {@link FeatureError} reports. */
export type FeatureErrorCode =
  /** An option of a preprocessor is out of range or of the wrong type. */
  | 'invalid-option'
  /** A feature spec is malformed (unknown kind, duplicate name, missing source column...). */
  | 'invalid-spec'
  /** A value in a column has the wrong type or cannot be used (row named in the message). */
  | 'invalid-value'
  /** A column a feature reads is absent from the input. */
  | 'missing-column'
  /** A preprocessor was used before `fit` (or `fromJSON`). */
  | 'not-fitted'
  /** Serialised state cannot be restored (wrong type, newer format, missing field). */
  | 'invalid-json';

/**
 * The one error type of `@twotower/features`. The message names the feature, option, field or row
 * at fault and says what to do; the same facts are available as properties for programs.
 */
export class FeatureError extends Error {
  override readonly name = 'FeatureError';
  /** What kind of mistake this is. */
  readonly code: FeatureErrorCode;
  /** The feature (or preprocessor name) at fault, when known. */
  readonly feature: string | undefined;
  /** The 0-based row at fault, when the error is about one value. */
  readonly row: number | undefined;

  constructor(code: FeatureErrorCode, message: string, details: { feature?: string; row?: number } = {}) {
    super(message);
    this.code = code;
    this.feature = details.feature;
    this.row = details.row;
  }
}
