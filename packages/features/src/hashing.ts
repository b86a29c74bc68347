import { FeatureError } from './errors';
import { asRecord, checkHeader } from './json-check';
import { murmur3 } from './murmur3';
import { integerOption, stringOption } from './options';
import { asString, countRows, type Column, type FeatureValue } from './values';

/** Options of a {@link Hashing} preprocessor. */
export interface HashingOptions {
  /** Number of bins: ids are in `[0, numBins)`. Required; an integer >= 1 (>= 2 with a `mask`). */
  numBins: number;
  /** Seed of the hash (unsigned 32-bit integer); different salts give independent hashings. Default 0. */
  salt?: number;
  /** A value sent to bin 0; every other value then goes to bins `1 .. numBins - 1`. Default: none. */
  mask?: string;
  /** Name used in error messages (a FeatureSet sets the feature name). Default `'Hashing'`. */
  name?: string;
}

/** Serialised {@link Hashing}. */
export interface HashingJSON {
  type: 'Hashing';
  version: 1;
  name: string;
  numBins: number;
  salt: number;
  /** `null` when there is no mask. */
  mask: string | null;
}

/**
 * Hashes values into a fixed number of bins (Keras' `Hashing`), with no vocabulary to fit:
 * `bin = murmur3(utf8(String(value)), salt) mod numBins` (MurmurHash3 x86 32-bit), the same on every
 * machine. With a `mask`, the mask value is bin 0 and others are `1 + hash mod (numBins - 1)`.
 *
 * @example
 * const hashing = new Hashing({ numBins: 1000 });
 * hashing.transform(['a', 'b', 'a']); // Int32Array [h, h', h], each in [0, 1000)
 */
export class Hashing {
  /** The preprocessor's type tag. */
  readonly type = 'Hashing' as const;
  /** Name used in error messages. */
  readonly name: string;
  /** Number of bins. */
  readonly numBins: number;
  /** Seed of the hash. */
  readonly salt: number;
  /** The mask value (bin 0), or `null`. */
  readonly mask: string | null;

  constructor(options: HashingOptions) {
    this.name = stringOption('Hashing', 'name', options.name, 'Hashing');
    this.mask = options.mask === undefined ? null : stringOption(this.name, 'mask', options.mask, '');
    if (options.numBins === undefined) {
      throw new FeatureError('invalid-option', `${this.name}: option numBins is required (the number of hash bins, e.g. 1000).`, { feature: this.name });
    }
    this.numBins = integerOption(this.name, 'numBins', options.numBins, 0, this.mask === null ? 1 : 2, 0x7fffffff);
    this.salt = integerOption(this.name, 'salt', options.salt, 0, 0, 0xffffffff);
  }

  /** Always true: hashing has nothing to learn. */
  get fitted(): boolean {
    return true;
  }

  /** Number of distinct ids (= `numBins`). */
  get vocabularySize(): number {
    return this.numBins;
  }

  /** Values per input row: always 1. */
  get outputSize(): number {
    return 1;
  }

  /** Nothing to learn; present so every preprocessor can be fitted the same way. Returns `this`. */
  fit(_values?: Column): this {
    return this;
  }

  /** The bin of one value (strings; numbers through `String(n)`). */
  hash(value: FeatureValue): number {
    return this.binOf(asString(value, this.name));
  }

  /**
   * Bins of a batch of values.
   * @param values one column of strings or numbers.
   * @param rows optional 0-based rows of `values` to transform; default all rows.
   * @returns Int32Array [rows] of bins in `[0, numBins)`.
   * @throws FeatureError naming the row of a value of the wrong type.
   */
  transform(values: Column, rows?: ArrayLike<number>): Int32Array {
    const n = countRows(values.length, rows, this.name);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows === undefined ? i : (rows[i] as number);
      out[i] = this.binOf(asString(values[r], this.name, r));
    }
    return out;
  }

  /** Serialisable state; restore with {@link Hashing.fromJSON}. */
  toJSON(): HashingJSON {
    return { type: 'Hashing', version: 1, name: this.name, numBins: this.numBins, salt: this.salt, mask: this.mask };
  }

  /**
   * Restore a Hashing written by {@link Hashing.toJSON} (after `JSON.parse`).
   * @throws FeatureError (`invalid-json` / `invalid-option`) naming the bad field.
   */
  static fromJSON(json: unknown): Hashing {
    const o = asRecord(json, 'Hashing');
    checkHeader(o, 'Hashing', 1, 'Hashing');
    const opts: HashingOptions = { numBins: o['numBins'] as number, salt: o['salt'] as number };
    if (typeof o['name'] === 'string') opts.name = o['name'];
    if (o['mask'] !== null && o['mask'] !== undefined) opts.mask = o['mask'] as string;
    return new Hashing(opts);
  }

  private binOf(s: string): number {
    if (this.mask === null) return murmur3(s, this.salt) % this.numBins;
    if (s === this.mask) return 0;
    return 1 + (murmur3(s, this.salt) % (this.numBins - 1));
  }
}
