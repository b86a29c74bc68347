import { FeatureError } from './errors';
import { asRecord, checkHeader } from './json-check';
import { choiceOption, integerOption, stringOption } from './options';
import { STANDARDIZE_MODES, tokenize, type Standardize } from './standardize';
import { StringLookup } from './string-lookup';
import { asString, countRows, type Column } from './values';
import { countKey } from './vocabulary';

/** Options of a {@link TextVectorization}. */
export interface TextVectorizationOptions {
  /**
   * Largest `vocabularySize`, counting the padding id 0 and the OOV ids (as Keras' `max_tokens`):
   * the `maxTokens - 1 - numOovIndices` most frequent tokens are kept. Default 10,000.
   */
  maxTokens?: number;
  /** A token must occur at least this many times in the fit texts to enter the vocabulary. Default 1. */
  minCount?: number;
  /** Number of OOV ids (1..numOovIndices); unknown tokens are hashed among them. Default 1. */
  numOovIndices?: number;
  /**
   * Tokens per output row, N: longer texts are truncated (first N tokens kept), shorter ones padded
   * with id 0. Default: the token count of the longest text seen by `fit` (at least 1).
   */
  outputSequenceLength?: number;
  /** How text is cleaned before splitting on whitespace; see {@link Standardize}. Default `'lower_and_strip_punctuation'`. */
  standardize?: Standardize;
  /** Name used in error messages (a FeatureSet sets the feature name). Default `'TextVectorization'`. */
  name?: string;
}

/** Serialised {@link TextVectorization}. */
export interface TextVectorizationJSON {
  type: 'TextVectorization';
  version: 1;
  name: string;
  standardize: Standardize;
  outputSequenceLength: number;
  /** The token vocabulary (a StringLookup with mask `''` = padding id 0). */
  lookup: ReturnType<StringLookup['toJSON']>;
}

/** Token ids of a batch of texts and the number of real (non-padding) tokens of each. */
export interface TextBatch {
  /** Int32Array [batch × outputSequenceLength], row-major, padding id 0. */
  ids: Int32Array;
  /** Int32Array [batch]: tokens kept per row (0..outputSequenceLength), OOV tokens included. */
  lengths: Int32Array;
}

/**
 * Turns texts into fixed-length rows of token ids (Keras' `TextVectorization`, integer output):
 * standardise (lowercase, strip punctuation), split on whitespace, look each token up in a
 * vocabulary learned from data, truncate/pad to `outputSequenceLength`.
 *
 * Ids: 0 = padding (mask), `1 .. numOovIndices` = OOV, then the vocabulary, most frequent first
 * (ties by code units). For mean pooling use `lengths` from {@link TextVectorization.transformWithLengths}
 * or {@link meanPoolingWeights}.
 *
 * @example
 * const text = new TextVectorization({ outputSequenceLength: 4 }).fit(['Star Wars (1977)', 'Star Trek']);
 * text.tokenize('Star Wars (1977)');         // ['star', 'wars', '1977']
 * text.transform(['Star Wars (1977)']);      // Int32Array [2, 5, 3, 0]  (star=2, 1977=3, trek=4, wars=5)
 */
export class TextVectorization {
  /** The preprocessor's type tag. */
  readonly type = 'TextVectorization' as const;
  /** Name used in error messages. */
  readonly name: string;
  /** Resolved standardisation mode. */
  readonly standardize: Standardize;
  private readonly lookup: StringLookup;
  private readonly requestedLength: number | null;
  private length: number | null = null;

  constructor(options: TextVectorizationOptions = {}) {
    this.name = stringOption('TextVectorization', 'name', options.name, 'TextVectorization');
    this.standardize = choiceOption(this.name, 'standardize', options.standardize, 'lower_and_strip_punctuation', STANDARDIZE_MODES);
    this.requestedLength = options.outputSequenceLength === undefined ? null : integerOption(this.name, 'outputSequenceLength', options.outputSequenceLength, 1, 1);
    this.lookup = new StringLookup({
      name: this.name,
      mask: '',
      maxTokens: options.maxTokens ?? 10_000,
      minCount: options.minCount,
      numOovIndices: options.numOovIndices,
    });
  }

  /** True once fitted (or restored). */
  get fitted(): boolean {
    return this.lookup.fitted && this.length !== null;
  }

  /** Number of distinct ids (rows of a token embedding table): padding + OOV ids + vocabulary. */
  get vocabularySize(): number {
    return this.lookup.vocabularySize;
  }

  /** Values per input row: `outputSequenceLength`. */
  get outputSize(): number {
    return this.outputSequenceLength;
  }

  /** Tokens per output row (N). */
  get outputSequenceLength(): number {
    if (this.length === null) throw this.notFitted();
    return this.length;
  }

  /** Resolved `maxTokens`. */
  get maxTokens(): number {
    return this.lookup.maxTokens ?? 10_000;
  }

  /** Resolved `numOovIndices`. */
  get numOovIndices(): number {
    return this.lookup.numOovIndices;
  }

  /** The learned tokens in id order (ids from `1 + numOovIndices`). */
  get vocabulary(): readonly string[] {
    return this.lookup.vocabulary;
  }

  /** The token of every id: `''` (padding), `'[UNK]'` per OOV id, then the vocabulary. */
  getVocabulary(): string[] {
    return this.lookup.getVocabulary();
  }

  /** The token of one id (`''` for padding, `'[UNK]'` for OOV). */
  inverse(id: number): string {
    return this.lookup.inverse(id);
  }

  /** Standardise and split one text (no vocabulary needed). */
  tokenize(text: string): string[] {
    return tokenize(text, this.standardize);
  }

  /**
   * Learn the token vocabulary (and, unless given, `outputSequenceLength`) from `texts`.
   * @throws FeatureError naming the row of a value that is not a string or number.
   */
  fit(texts: Column): this {
    // Count distinct texts first (logs repeat them), then tokenise each once, weighted by its count.
    const textCounts = new Map<string, number>();
    for (let r = 0; r < texts.length; r++) countKey(textCounts, asString(texts[r], this.name, r));
    const tokenCounts = new Map<string, number>();
    let longest = 0;
    for (const [text, count] of textCounts) {
      const tokens = this.tokenize(text);
      if (tokens.length > longest) longest = tokens.length;
      for (const t of tokens) tokenCounts.set(t, (tokenCounts.get(t) ?? 0) + count);
    }
    this.lookup.fitCounts(tokenCounts);
    this.length = this.requestedLength ?? Math.max(1, longest);
    return this;
  }

  /**
   * Token ids of a batch of texts.
   * @param texts one column of strings (numbers through `String(n)`).
   * @param rows optional 0-based rows of `texts` to transform; default all rows.
   * @returns Int32Array [rows × outputSequenceLength], row-major, padded with 0.
   * @throws FeatureError naming the row of a value of the wrong type (unknown tokens map to OOV ids).
   */
  transform(texts: Column, rows?: ArrayLike<number>): Int32Array {
    return this.transformWithLengths(texts, rows).ids;
  }

  /** Like {@link TextVectorization.transform}, plus the number of real tokens per row (for mean pooling). */
  transformWithLengths(texts: Column, rows?: ArrayLike<number>): TextBatch {
    const width = this.outputSequenceLength;
    const n = countRows(texts.length, rows, this.name);
    const ids = new Int32Array(n * width);
    const lengths = new Int32Array(n);
    // Interaction logs repeat the same texts (a film's title on each of its ratings): a text seen
    // earlier in this batch is copied from its first row instead of being tokenised again.
    const firstRow = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const r = rows === undefined ? i : (rows[i] as number);
      const text = asString(texts[r], this.name, r);
      const base = i * width;
      const seen = firstRow.get(text);
      if (seen !== undefined) {
        ids.copyWithin(base, seen * width, (seen + 1) * width);
        lengths[i] = lengths[seen]!;
        continue;
      }
      firstRow.set(text, i);
      const tokens = this.tokenize(text);
      const len = Math.min(width, tokens.length);
      for (let j = 0; j < len; j++) ids[base + j] = this.lookup.lookup(tokens[j]!);
      lengths[i] = len;
    }
    return { ids, lengths };
  }

  /** Serialisable state; restore with {@link TextVectorization.fromJSON}. */
  toJSON(): TextVectorizationJSON {
    return {
      type: 'TextVectorization',
      version: 1,
      name: this.name,
      standardize: this.standardize,
      outputSequenceLength: this.outputSequenceLength,
      lookup: this.lookup.toJSON(),
    };
  }

  /**
   * Restore a TextVectorization written by {@link TextVectorization.toJSON} (after `JSON.parse`).
   * @throws FeatureError (`invalid-json`) naming the bad field.
   */
  static fromJSON(json: unknown): TextVectorization {
    const o = asRecord(json, 'TextVectorization');
    checkHeader(o, 'TextVectorization', 1, 'TextVectorization');
    const name = typeof o['name'] === 'string' ? o['name'] : 'TextVectorization';
    const lookup = StringLookup.fromJSON(o['lookup']);
    if (lookup.mask !== '') {
      throw new FeatureError('invalid-json', `TextVectorization "${name}": "lookup".mask must be "" (padding id 0), got ${JSON.stringify(lookup.mask)}.`);
    }
    const tv = new TextVectorization({
      name,
      standardize: o['standardize'] as Standardize,
      outputSequenceLength: o['outputSequenceLength'] as number,
      maxTokens: lookup.maxTokens ?? undefined,
      minCount: lookup.minCount,
      numOovIndices: lookup.numOovIndices,
    });
    tv.lookup.setVocabulary(lookup.vocabulary);
    tv.length = tv.requestedLength;
    return tv;
  }

  private notFitted(): FeatureError {
    return new FeatureError('not-fitted', `${this.name}: not fitted; call fit(texts) first, or restore it with fromJSON.`, { feature: this.name });
  }
}

/**
 * Mean-pooling weights for padded token rows: `1 / length` at each real token, 0 at padding, so
 * `sum_j weights[i, j] · embedding[ids[i, j]]` is the mean of row i's token embeddings (0 for an
 * empty row).
 * @param lengths Int32Array [batch] of real tokens per row (from `transformWithLengths`).
 * @param width tokens per row (`outputSequenceLength`).
 * @returns Float32Array [batch × width].
 */
export function meanPoolingWeights(lengths: ArrayLike<number>, width: number): Float32Array {
  const out = new Float32Array(lengths.length * width);
  for (let i = 0; i < lengths.length; i++) {
    const len = Math.min(width, lengths[i] as number);
    if (len <= 0) continue;
    out.fill(1 / len, i * width, i * width + len);
  }
  return out;
}
