import { FeatureError } from './errors';
import { asRecord, checkHeader, readFinite } from './json-check';
import { numberOption, stringOption } from './options';
import { asNumber, countRows, type Column } from './values';

/** Options of a {@link Normalization}. */
export interface NormalizationOptions {
  /**
   * Smallest variance used to scale: outputs are `(x - mean) / sqrt(max(variance, varianceFloor))`,
   * so a constant column maps to 0 instead of dividing by zero. Default 1e-12.
   */
  varianceFloor?: number;
  /** Name used in error messages (a FeatureSet sets the feature name). Default `'Normalization'`. */
  name?: string;
}

/** Mean and (population) variance of a column. */
export interface NormalizationStatistics {
  /** Mean of the fit values. */
  mean: number;
  /** Population variance of the fit values (sum of squared deviations / count). */
  variance: number;
  /** How many values were seen (0 when given directly). */
  count: number;
}

/** Serialised {@link Normalization}. */
export interface NormalizationJSON extends NormalizationStatistics {
  type: 'Normalization';
  version: 1;
  name: string;
  varianceFloor: number;
}

/**
 * Standardises numbers to zero mean and unit variance (Keras' `Normalization`): mean and variance
 * are fitted with Welford's algorithm in float64, and `transform` returns
 * `(x - mean) / sqrt(max(variance, varianceFloor))` as float32.
 *
 * @example
 * const norm = new Normalization().fit([1, 2, 3, 4]);
 * norm.mean;                  // 2.5
 * norm.variance;              // 1.25
 * norm.transform([2.5, 5]);   // Float32Array [0, 2.236...]
 */
export class Normalization {
  /** The preprocessor's type tag. */
  readonly type = 'Normalization' as const;
  /** Name used in error messages. */
  readonly name: string;
  /** Resolved `varianceFloor`. */
  readonly varianceFloor: number;
  private stats: NormalizationStatistics | null = null;

  constructor(options: NormalizationOptions = {}) {
    this.name = stringOption('Normalization', 'name', options.name, 'Normalization');
    this.varianceFloor = numberOption(this.name, 'varianceFloor', options.varianceFloor, 1e-12, Number.MIN_VALUE);
  }

  /**
   * A normalisation with known statistics; no fit needed.
   * @throws FeatureError when mean is not finite or variance is negative or not finite.
   */
  static fromStatistics(stats: { mean: number; variance: number; count?: number }, options: NormalizationOptions = {}): Normalization {
    const n = new Normalization(options);
    n.setStatistics({ mean: stats.mean, variance: stats.variance, count: stats.count ?? 0 });
    return n;
  }

  /** True once fitted (or restored). */
  get fitted(): boolean {
    return this.stats !== null;
  }

  /** Values per input row: always 1. */
  get outputSize(): number {
    return 1;
  }

  /** Fitted mean. */
  get mean(): number {
    return this.fittedStats().mean;
  }

  /** Fitted population variance. */
  get variance(): number {
    return this.fittedStats().variance;
  }

  /** Number of values seen by `fit`. */
  get count(): number {
    return this.fittedStats().count;
  }

  /** The scale used: `sqrt(max(variance, varianceFloor))`. */
  get std(): number {
    return Math.sqrt(Math.max(this.fittedStats().variance, this.varianceFloor));
  }

  /**
   * Fit mean and variance on `values` (Welford's one-pass algorithm, float64).
   * @throws FeatureError when `values` is empty or a value is not a finite number (naming the row).
   */
  fit(values: Column): this {
    const n = values.length;
    if (n === 0) throw new FeatureError('invalid-value', `${this.name}: cannot fit on an empty column; pass at least one value.`, { feature: this.name });
    let mean = 0;
    let m2 = 0;
    for (let r = 0; r < n; r++) {
      const x = asNumber(values[r], this.name, r);
      const delta = x - mean;
      mean += delta / (r + 1);
      m2 += delta * (x - mean);
    }
    this.setStatistics({ mean, variance: Math.max(0, m2 / n), count: n });
    return this;
  }

  /**
   * Standardise a batch of values.
   * @param values one column of finite numbers (numeric strings accepted).
   * @param rows optional 0-based rows of `values` to transform; default all rows.
   * @returns Float32Array [rows] of `(x - mean) / std`.
   * @throws FeatureError naming the row of a missing or non-numeric value.
   */
  transform(values: Column, rows?: ArrayLike<number>): Float32Array {
    const { mean } = this.fittedStats();
    const std = this.std;
    const count = countRows(values.length, rows, this.name);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const r = rows === undefined ? i : (rows[i] as number);
      out[i] = (asNumber(values[r], this.name, r) - mean) / std;
    }
    return out;
  }

  /** Map one standardised value back: `z · std + mean`. */
  inverse(z: number): number {
    return z * this.std + this.fittedStats().mean;
  }

  /** Serialisable state; restore with {@link Normalization.fromJSON}. */
  toJSON(): NormalizationJSON {
    const s = this.fittedStats();
    return { type: 'Normalization', version: 1, name: this.name, varianceFloor: this.varianceFloor, mean: s.mean, variance: s.variance, count: s.count };
  }

  /**
   * Restore a Normalization written by {@link Normalization.toJSON} (after `JSON.parse`).
   * @throws FeatureError (`invalid-json`) naming the bad field.
   */
  static fromJSON(json: unknown): Normalization {
    const o = asRecord(json, 'Normalization');
    checkHeader(o, 'Normalization', 1, 'Normalization');
    const name = typeof o['name'] === 'string' ? o['name'] : 'Normalization';
    const where = `Normalization "${name}"`;
    return Normalization.fromStatistics(
      { mean: readFinite(o, 'mean', where), variance: readFinite(o, 'variance', where), count: readFinite(o, 'count', where) },
      { name, varianceFloor: readFinite(o, 'varianceFloor', where) },
    );
  }

  private setStatistics(s: NormalizationStatistics): void {
    if (!Number.isFinite(s.mean) || !Number.isFinite(s.variance) || s.variance < 0) {
      throw new FeatureError('invalid-option', `${this.name}: statistics mean ${s.mean}, variance ${s.variance} are not usable; mean must be finite and variance finite and >= 0.`, { feature: this.name });
    }
    this.stats = s;
  }

  private fittedStats(): NormalizationStatistics {
    if (this.stats === null) {
      throw new FeatureError('not-fitted', `${this.name}: not fitted; call fit(values) first, or build it with fromStatistics / fromJSON.`, { feature: this.name });
    }
    return this.stats;
  }
}
