import { FeatureError } from './errors';
import { asRecord, checkHeader, isFiniteNumber, readArray } from './json-check';
import { choiceOption, integerOption, stringOption } from './options';
import { asNumber, countRows, type Column } from './values';

/** How a {@link Discretization} places its boundaries. */
export type DiscretizationMethod = 'equal-width' | 'quantile';

/** The methods a {@link Discretization} accepts. */
export const DISCRETIZATION_METHODS: readonly DiscretizationMethod[] = ['equal-width', 'quantile'];

/** Options of a {@link Discretization}. */
export interface DiscretizationOptions {
  /** Number of buckets: ids are in `[0, bins)` (there are `bins - 1` boundaries). Required; an integer >= 1. */
  bins: number;
  /**
   * `'equal-width'`: boundaries `min + i·(max - min)/bins`, i = 1..bins-1, between the fit data's
   * min and max (TFRS's timestamp buckets; a constant column, min = max, puts every fit value in
   * the last bucket). `'quantile'`: equal-frequency boundaries, boundary i
   * being the value of rank ⌊i·n/bins⌋ of the sorted fit data. Default `'equal-width'`.
   */
  method?: DiscretizationMethod;
  /** Name used in error messages (a FeatureSet sets the feature name). Default `'Discretization'`. */
  name?: string;
}

/** Serialised {@link Discretization}. */
export interface DiscretizationJSON {
  type: 'Discretization';
  version: 1;
  name: string;
  method: DiscretizationMethod | 'boundaries';
  bins: number;
  /** Smallest fit value (`null` when built from boundaries). */
  min: number | null;
  /** Largest fit value (`null` when built from boundaries). */
  max: number | null;
  /** The `bins - 1` ascending boundaries. */
  boundaries: number[];
}

/**
 * Buckets numbers by boundaries fitted on data (Keras' `Discretization`). A value's bucket is the
 * number of boundaries `<=` it, so values below the first boundary are bucket 0 and values at or
 * above the last are bucket `bins - 1`: values outside the fit range clamp to the first/last bucket.
 *
 * Unlike TFRS (`np.linspace(min, max, 1000)` as boundaries, giving 1001 buckets), `bins: 1000`
 * means exactly 1000 buckets, ids 0..999.
 *
 * @example
 * const d = Discretization.equalWidth({ bins: 5 }).fit([0, 10]);
 * d.boundaries;              // [2, 4, 6, 8]
 * d.transform([-1, 2, 9.9]); // Int32Array [0, 1, 4]
 */
export class Discretization {
  /** The preprocessor's type tag. */
  readonly type = 'Discretization' as const;
  /** Name used in error messages. */
  readonly name: string;
  /** Number of buckets. */
  readonly bins: number;
  private placement: DiscretizationMethod | 'boundaries';
  private bounds: Float64Array | null = null;
  private range: { min: number; max: number } | null = null;

  constructor(options: DiscretizationOptions) {
    this.name = stringOption('Discretization', 'name', options.name, 'Discretization');
    if (options.bins === undefined) {
      throw new FeatureError('invalid-option', `${this.name}: option bins is required (the number of buckets, e.g. 1000).`, { feature: this.name });
    }
    this.bins = integerOption(this.name, 'bins', options.bins, 0, 1, 0x7fffffff);
    this.placement = choiceOption(this.name, 'method', options.method, 'equal-width', DISCRETIZATION_METHODS);
  }

  /** How the boundaries were (or will be) placed: a {@link DiscretizationMethod}, or `'boundaries'` when given. */
  get method(): DiscretizationMethod | 'boundaries' {
    return this.placement;
  }

  /** An unfitted equal-width discretisation (`method: 'equal-width'`). */
  static equalWidth(options: Omit<DiscretizationOptions, 'method'>): Discretization {
    return new Discretization({ ...options, method: 'equal-width' });
  }

  /** An unfitted quantile (equal-frequency) discretisation (`method: 'quantile'`). */
  static quantile(options: Omit<DiscretizationOptions, 'method'>): Discretization {
    return new Discretization({ ...options, method: 'quantile' });
  }

  /**
   * A discretisation with given ascending boundaries (`bins = boundaries.length + 1`); no fit needed.
   * @throws FeatureError naming the first boundary that is not finite or not ascending.
   */
  static fromBoundaries(boundaries: ArrayLike<number>, options: { name?: string } = {}): Discretization {
    const d = new Discretization({ bins: boundaries.length + 1, name: options.name });
    d.placement = 'boundaries';
    d.setBoundaries(Float64Array.from(boundaries), null);
    return d;
  }

  /** True once fitted (or restored). */
  get fitted(): boolean {
    return this.bounds !== null;
  }

  /** Number of distinct ids (= `bins`). */
  get vocabularySize(): number {
    return this.bins;
  }

  /** Values per input row: always 1. */
  get outputSize(): number {
    return 1;
  }

  /** The `bins - 1` ascending boundaries (a copy). */
  get boundaries(): number[] {
    return Array.from(this.fittedBounds());
  }

  /** Smallest and largest value seen by `fit` (`null` when built from boundaries). */
  get fitRange(): { min: number; max: number } | null {
    this.fittedBounds();
    return this.range === null ? null : { ...this.range };
  }

  /**
   * Place the boundaries from `values` (by `method`).
   * @throws FeatureError when `values` is empty or a value is not a finite number (naming the row).
   */
  fit(values: Column): this {
    if (this.placement === 'boundaries') {
      throw new FeatureError('invalid-option', `${this.name}: built from fixed boundaries, so there is nothing to fit; use Discretization.equalWidth/quantile to fit boundaries on data.`, { feature: this.name });
    }
    const n = values.length;
    if (n === 0) throw new FeatureError('invalid-value', `${this.name}: cannot fit on an empty column; pass at least one value.`, { feature: this.name });
    const xs = new Float64Array(n);
    for (let r = 0; r < n; r++) xs[r] = asNumber(values[r], this.name, r);
    const k = this.bins - 1;
    const b = new Float64Array(k);
    let min = Infinity;
    let max = -Infinity;
    if (this.placement === 'quantile') {
      xs.sort();
      min = xs[0]!;
      max = xs[n - 1]!;
      for (let i = 1; i <= k; i++) b[i - 1] = xs[Math.min(n - 1, Math.floor((i * n) / this.bins))]!;
    } else {
      for (let r = 0; r < n; r++) {
        const x = xs[r]!;
        if (x < min) min = x;
        if (x > max) max = x;
      }
      const width = (max - min) / this.bins;
      for (let i = 1; i <= k; i++) b[i - 1] = min + i * width;
    }
    this.setBoundaries(b, { min, max });
    return this;
  }

  /** The bucket of one value. */
  bucket(value: number | string): number {
    return this.bucketOf(this.fittedBounds(), asNumber(value, this.name));
  }

  /**
   * Buckets of a batch of values.
   * @param values one column of finite numbers (numeric strings accepted).
   * @param rows optional 0-based rows of `values` to transform; default all rows.
   * @returns Int32Array [rows] of buckets in `[0, bins)`.
   * @throws FeatureError naming the row of a missing or non-numeric value.
   */
  transform(values: Column, rows?: ArrayLike<number>): Int32Array {
    const b = this.fittedBounds();
    const n = countRows(values.length, rows, this.name);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows === undefined ? i : (rows[i] as number);
      out[i] = this.bucketOf(b, asNumber(values[r], this.name, r));
    }
    return out;
  }

  /** Serialisable state; restore with {@link Discretization.fromJSON}. */
  toJSON(): DiscretizationJSON {
    const b = this.fittedBounds();
    return {
      type: 'Discretization',
      version: 1,
      name: this.name,
      method: this.method,
      bins: this.bins,
      min: this.range?.min ?? null,
      max: this.range?.max ?? null,
      boundaries: Array.from(b),
    };
  }

  /**
   * Restore a Discretization written by {@link Discretization.toJSON} (after `JSON.parse`).
   * @throws FeatureError (`invalid-json`) naming the bad field.
   */
  static fromJSON(json: unknown): Discretization {
    const o = asRecord(json, 'Discretization');
    checkHeader(o, 'Discretization', 1, 'Discretization');
    const name = typeof o['name'] === 'string' ? o['name'] : 'Discretization';
    const where = `Discretization "${name}"`;
    const boundaries = readArray(o, 'boundaries', where, 'a finite number', isFiniteNumber);
    if (o['bins'] !== boundaries.length + 1) {
      throw new FeatureError('invalid-json', `${where}: "bins" is ${JSON.stringify(o['bins'])} but there are ${boundaries.length} boundaries; bins must be boundaries + 1.`);
    }
    const method = o['method'];
    const d =
      method === 'boundaries'
        ? Discretization.fromBoundaries(boundaries, { name })
        : new Discretization({ bins: boundaries.length + 1, name, method: method as DiscretizationMethod });
    if (method !== 'boundaries') {
      const min = o['min'];
      const max = o['max'];
      const range = isFiniteNumber(min) && isFiniteNumber(max) ? { min, max } : null;
      d.setBoundaries(Float64Array.from(boundaries), range);
    }
    return d;
  }

  private setBoundaries(b: Float64Array, range: { min: number; max: number } | null): void {
    for (let i = 0; i < b.length; i++) {
      const x = b[i]!;
      if (!Number.isFinite(x) || (i > 0 && x < b[i - 1]!)) {
        throw new FeatureError('invalid-option', `${this.name}: boundaries[${i}] = ${x} is not finite or is below boundaries[${i - 1}]; boundaries must be finite and ascending.`, { feature: this.name });
      }
    }
    this.bounds = b;
    this.range = range;
  }

  private fittedBounds(): Float64Array {
    if (this.bounds === null) {
      throw new FeatureError('not-fitted', `${this.name}: not fitted; call fit(values) first, or build it with fromBoundaries / fromJSON.`, { feature: this.name });
    }
    return this.bounds;
  }

  private bucketOf(b: Float64Array, x: number): number {
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
