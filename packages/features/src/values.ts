import { FeatureError } from './errors';

/** One cell of an input column: a string (ids, text) or a number (ids, timestamps, prices). */
export type FeatureValue = string | number;

/**
 * One input column: anything indexable with a length whose cells are {@link FeatureValue}s,
 * e.g. `string[]`, `number[]`, `Float64Array`, `Int32Array`.
 */
export type Column = ArrayLike<FeatureValue>;

/** A short, printable description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    const s = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    return `the string ${s}`;
  }
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${String(value)}`;
  if (typeof value === 'bigint') return `the bigint ${String(value)}`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function badValue(label: string, row: number | undefined, value: unknown, expected: string, fix: string): FeatureError {
  const where = row === undefined ? 'the value' : `row ${row}`;
  return new FeatureError('invalid-value', `${label}: ${where} is ${describeValue(value)}; expected ${expected}. ${fix}`, { feature: label, row });
}

/**
 * `v` as a string: strings as they are, finite numbers through `String(n)`.
 * @throws FeatureError (`invalid-value`) naming `label` and `row` for anything else.
 */
export function asString(v: unknown, label: string, row?: number): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw badValue(label, row, v, 'a string or a finite number', 'Fill missing values (e.g. with "") and convert other types to strings before transforming.');
}

/**
 * `v` as a finite number: numbers as they are, numeric strings parsed with `Number`.
 * @throws FeatureError (`invalid-value`) naming `label` and `row` for NaN, infinities, non-numeric strings and other types.
 */
export function asNumber(v: unknown, label: string, row?: number): number {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
  } else if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
  }
  throw badValue(label, row, v, 'a finite number (or a numeric string)', 'Numeric features cannot be missing: drop the row or impute a value before transforming.');
}

/**
 * `v` as a safe integer: integer numbers as they are, integer strings parsed.
 * @throws FeatureError (`invalid-value`) naming `label` and `row` otherwise.
 */
export function asInteger(v: unknown, label: string, row?: number): number {
  let n = Number.NaN;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) n = Number(v);
  if (Number.isSafeInteger(n)) return n;
  throw badValue(label, row, v, 'an integer (or an integer string)', 'Use StringLookup (kind "categorical" with lookup "string") for non-integer ids.');
}

/**
 * Check that `rows` (when given) are valid 0-based indices into a column of `length` cells and
 * return how many rows will be transformed.
 * @throws FeatureError (`invalid-value`) naming the position of the first bad index.
 */
export function countRows(length: number, rows: ArrayLike<number> | undefined, label: string): number {
  if (rows === undefined) return length;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    if (!Number.isInteger(r) || r < 0 || r >= length) {
      throw new FeatureError(
        'invalid-value',
        `${label}: rows[${i}] = ${String(r)} is not a row of a column with ${length} values; pass 0-based indices below ${length}.`,
        { feature: label, row: i },
      );
    }
  }
  return rows.length;
}
