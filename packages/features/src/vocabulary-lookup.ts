import { FeatureError } from './errors';
import { asRecord, checkHeader, readArray } from './json-check';
import { murmur3 } from './murmur3';
import { integerOption } from './options';
import { countRows, type Column } from './values';
import { countKey, vocabularyFromCounts } from './vocabulary';

/** Options shared by {@link StringLookup} and {@link IntegerLookup} (`T` is the token type). */
export interface LookupOptions<T extends string | number> {
  /**
   * Largest `vocabularySize`, counting the mask and OOV indices (as Keras' `max_tokens`): the
   * learned vocabulary keeps the `maxTokens - (mask ? 1 : 0) - numOovIndices` most frequent values.
   * Default: unlimited.
   */
  maxTokens?: number;
  /** A value must occur at least this many times in the fit data to enter the vocabulary. Default 1. */
  minCount?: number;
  /**
   * Number of out-of-vocabulary indices. Unknown values are spread over them by a stable hash
   * (MurmurHash3 of the value's string form); with 1 they all share one id. Default 1 (at least 1:
   * an unknown value never throws).
   */
  numOovIndices?: number;
  /** A token mapped to id 0 (padding / "no value"); never learned as vocabulary. Default: none, no id reserved. */
  mask?: T;
  /** What {@link VocabularyLookup.inverse} returns for an OOV id. Default `'[UNK]'` (strings) or `-1` (integers). */
  oovToken?: T;
  /** Name used in error messages (a FeatureSet sets the feature name). Default: the class name. */
  name?: string;
}

/** Serialised state of a lookup (plain JSON). */
export interface LookupJSON<Type extends string, T extends string | number> {
  type: Type;
  version: 1;
  name: string;
  /** `null` when unlimited. */
  maxTokens: number | null;
  minCount: number;
  numOovIndices: number;
  /** `null` when there is no mask. */
  mask: T | null;
  oovToken: T;
  /** The learned vocabulary in id order (ids start after the mask and OOV indices). */
  vocabulary: T[];
}

/**
 * A vocabulary lookup fitted on data (the model is Keras' `StringLookup` / `IntegerLookup`).
 *
 * Index layout, in this order:
 * 1. id 0 = the mask token, only when `mask` is set;
 * 2. `numOovIndices` OOV ids (unknown values hashed among them);
 * 3. the vocabulary, most frequent first (ties by value: numbers ascending, strings by code units).
 *
 * `vocabularySize` (the embedding table's row count) = mask? + numOovIndices + vocabulary length.
 */
export abstract class VocabularyLookup<T extends string | number, Type extends string> {
  /** The preprocessor's type tag (as written by `toJSON`). */
  readonly type: Type;
  /** Name used in error messages. */
  readonly name: string;
  /** Resolved `maxTokens` (`null` = unlimited). */
  readonly maxTokens: number | null;
  /** Resolved `minCount`. */
  readonly minCount: number;
  /** Resolved `numOovIndices`. */
  readonly numOovIndices: number;
  /** The mask token, or `null`. */
  readonly mask: T | null;
  /** The token `inverse` returns for OOV ids. */
  readonly oovToken: T;

  private tokens: T[] | null = null;
  private readonly index = new Map<T, number>();

  protected constructor(type: Type, options: LookupOptions<T>, defaultOovToken: T) {
    this.type = type;
    this.name = options.name ?? type;
    this.mask = options.mask ?? null;
    this.oovToken = options.oovToken ?? defaultOovToken;
    this.numOovIndices = integerOption(this.name, 'numOovIndices', options.numOovIndices, 1, 1);
    this.minCount = integerOption(this.name, 'minCount', options.minCount, 1, 1);
    const specials = (this.mask === null ? 0 : 1) + this.numOovIndices;
    this.maxTokens = options.maxTokens === undefined ? null : integerOption(this.name, 'maxTokens', options.maxTokens, 0, specials + 1);
  }

  /** Convert one input cell to a token, or throw a FeatureError naming the row. */
  protected abstract read(value: unknown, row?: number): T;

  /** True once fitted (or restored). */
  get fitted(): boolean {
    return this.tokens !== null;
  }

  /** Id of the mask token (0), or `null` when there is no mask. */
  get maskId(): number | null {
    return this.mask === null ? null : 0;
  }

  /** First OOV id (0, or 1 with a mask). OOV ids are `oovStart .. oovStart + numOovIndices - 1`. */
  get oovStart(): number {
    return this.mask === null ? 0 : 1;
  }

  /** First id of the learned vocabulary. */
  get vocabularyStart(): number {
    return this.oovStart + this.numOovIndices;
  }

  /** Number of distinct ids (rows of an embedding table): mask? + OOV indices + vocabulary. */
  get vocabularySize(): number {
    return this.vocabularyStart + this.learned().length;
  }

  /** Values per input row: always 1. */
  get outputSize(): number {
    return 1;
  }

  /** The learned vocabulary in id order (without mask and OOV tokens). */
  get vocabulary(): readonly T[] {
    return this.learned();
  }

  /** The token of every id in order: the mask (if any), `oovToken` once per OOV index, then the vocabulary. */
  getVocabulary(): T[] {
    const out: T[] = [];
    if (this.mask !== null) out.push(this.mask);
    for (let i = 0; i < this.numOovIndices; i++) out.push(this.oovToken);
    return out.concat(this.learned());
  }

  /**
   * Learn the vocabulary from `values` (replacing any previous one): values seen at least
   * `minCount` times, most frequent first, at most `maxTokens` ids in all. The mask token is not learned.
   * @param values one column; strings or numbers (see the class for conversions).
   * @throws FeatureError naming the row of a value of the wrong type.
   */
  fit(values: Column): this {
    const counts = new Map<T, number>();
    for (let r = 0; r < values.length; r++) countKey(counts, this.read(values[r], r));
    return this.fitCounts(counts);
  }

  /**
   * Learn the vocabulary from precomputed occurrence counts (value → count), as `fit` would from
   * the values themselves; the mask token's count is ignored.
   * @throws FeatureError naming a key of the wrong type or a count that is not a non-negative integer.
   */
  fitCounts(counts: ReadonlyMap<T, number>): this {
    const clean = new Map<T, number>();
    let i = 0;
    for (const [key, count] of counts) {
      const k = this.read(key, i);
      if (!Number.isSafeInteger(count) || count < 0) {
        throw new FeatureError('invalid-value', `${this.name}: the count of ${JSON.stringify(k)} is ${String(count)}; counts must be non-negative integers.`, { feature: this.name, row: i });
      }
      if (k !== this.mask) clean.set(k, (clean.get(k) ?? 0) + count);
      i++;
    }
    const maxSize = this.maxTokens === null ? Number.MAX_SAFE_INTEGER : this.maxTokens - this.vocabularyStart;
    return this.setVocabulary(vocabularyFromCounts(clean, this.minCount, maxSize));
  }

  /**
   * Use `tokens` (in id order) as the vocabulary instead of fitting one.
   * @throws FeatureError naming the index of a duplicate token or of the mask token.
   */
  setVocabulary(tokens: readonly T[]): this {
    const index = this.index;
    index.clear();
    const start = this.vocabularyStart;
    for (let i = 0; i < tokens.length; i++) {
      const t = this.read(tokens[i], i);
      if (t === this.mask) {
        throw new FeatureError('invalid-option', `${this.name}: vocabulary[${i}] is the mask token ${JSON.stringify(t)}; the mask has id 0 and must not be in the vocabulary.`, { feature: this.name });
      }
      if (index.has(t)) {
        throw new FeatureError('invalid-option', `${this.name}: vocabulary[${i}] ${JSON.stringify(t)} repeats vocabulary[${(index.get(t) ?? 0) - start}]; tokens must be unique.`, { feature: this.name });
      }
      index.set(t, start + i);
    }
    this.tokens = tokens.slice() as T[];
    if (this.maxTokens !== null && this.vocabularySize > this.maxTokens) {
      throw new FeatureError('invalid-option', `${this.name}: ${tokens.length} vocabulary tokens make ${this.vocabularySize} ids, more than maxTokens ${this.maxTokens}; pass fewer tokens or raise maxTokens.`, { feature: this.name });
    }
    return this;
  }

  /** The id of one value: the mask id, its vocabulary id, or one of the OOV ids. Never throws for an unknown value. */
  lookup(value: T | string | number): number {
    return this.idOf(this.read(value));
  }

  /**
   * The token of `id`: the mask token, `oovToken` for an OOV id, or the vocabulary token.
   * @throws FeatureError when `id` is not in `[0, vocabularySize)`.
   */
  inverse(id: number): T {
    const tokens = this.learned();
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabularySize) {
      throw new FeatureError('invalid-value', `${this.name}: id ${id} is not in [0, ${this.vocabularySize}); ids come from lookup/transform of this vocabulary.`, { feature: this.name });
    }
    if (this.mask !== null && id === 0) return this.mask;
    if (id < this.vocabularyStart) return this.oovToken;
    return tokens[id - this.vocabularyStart]!;
  }

  /**
   * Ids of a batch of values.
   * @param values one column.
   * @param rows optional 0-based rows of `values` to transform (e.g. a batch); default all rows.
   * @returns Int32Array [rows] of ids in `[0, vocabularySize)`.
   * @throws FeatureError naming the row of a value of the wrong type (unknown values map to OOV ids).
   */
  transform(values: Column, rows?: ArrayLike<number>): Int32Array {
    this.learned();
    const n = countRows(values.length, rows, this.name);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows === undefined ? i : (rows[i] as number);
      out[i] = this.idOf(this.read(values[r], r));
    }
    return out;
  }

  /** Serialisable state: options and vocabulary; restore with the class's `fromJSON`. */
  toJSON(): LookupJSON<Type, T> {
    return {
      type: this.type,
      version: 1,
      name: this.name,
      maxTokens: this.maxTokens,
      minCount: this.minCount,
      numOovIndices: this.numOovIndices,
      mask: this.mask,
      oovToken: this.oovToken,
      vocabulary: this.learned().slice(),
    };
  }

  private idOf(v: T): number {
    const id = this.index.get(v);
    if (id !== undefined) return id;
    if (v === this.mask) return 0;
    const slot = this.numOovIndices === 1 ? 0 : murmur3(String(v)) % this.numOovIndices;
    return this.oovStart + slot;
  }

  private learned(): T[] {
    if (this.tokens === null) {
      throw new FeatureError('not-fitted', `${this.name}: not fitted; call fit(values) or setVocabulary(tokens) first, or restore it with fromJSON.`, { feature: this.name });
    }
    return this.tokens;
  }
}

/** Read the fields every lookup's JSON has; `check` validates tokens. Used by the subclasses' `fromJSON`. */
export function parseLookupJSON<T extends string | number>(json: unknown, type: string, what: string, check: (x: unknown) => x is T): { options: LookupOptions<T>; vocabulary: T[] } {
  const o = asRecord(json, type);
  checkHeader(o, type, 1, type);
  const where = typeof o['name'] === 'string' ? `${type} "${o['name']}"` : type;
  const optional = (key: string): T | undefined => {
    const v = o[key];
    if (v === null || v === undefined) return undefined;
    if (!check(v)) throw new FeatureError('invalid-json', `${where}: "${key}" is ${JSON.stringify(v)}; expected ${what} or null.`);
    return v;
  };
  const num = (key: string): number | undefined => {
    const v = o[key];
    if (v === null || v === undefined) return undefined;
    if (typeof v !== 'number') throw new FeatureError('invalid-json', `${where}: "${key}" is ${JSON.stringify(v)}; expected a number.`);
    return v;
  };
  const options: LookupOptions<T> = {
    name: typeof o['name'] === 'string' ? o['name'] : type,
    maxTokens: num('maxTokens'),
    minCount: num('minCount'),
    numOovIndices: num('numOovIndices'),
    mask: optional('mask'),
    oovToken: optional('oovToken'),
  };
  return { options, vocabulary: readArray(o, 'vocabulary', where, what, check) };
}
