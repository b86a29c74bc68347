import { FeatureError } from './errors';

/** `value` as a plain object, or a FeatureError (`invalid-json`) saying what `where` should be. */
export function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new FeatureError('invalid-json', `${where}: expected an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}. Pass the value returned by toJSON() (after JSON.parse).`);
}

/**
 * Check the `type` and `version` fields every serialised preprocessor carries.
 * A newer `version` than this library writes is refused: upgrade @twotower/features to read it.
 */
export function checkHeader(json: Record<string, unknown>, type: string, version: number, where: string): void {
  if (json['type'] !== type) {
    throw new FeatureError('invalid-json', `${where}: "type" is ${JSON.stringify(json['type']) ?? 'missing'}, expected ${JSON.stringify(type)}. Restore it with the class that wrote it (or preprocessorFromJSON).`);
  }
  const v = json['version'];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new FeatureError('invalid-json', `${where}: "version" is ${JSON.stringify(v) ?? 'missing'}, expected a positive integer.`);
  }
  if (v > version) {
    throw new FeatureError('invalid-json', `${where}: written by a newer @twotower/features (format version ${v}; this one reads up to ${version}). Upgrade @twotower/features.`);
  }
}

/** The array at `json[key]`, every element accepted by `check`, or a FeatureError naming the field and index. */
export function readArray<T>(json: Record<string, unknown>, key: string, where: string, what: string, check: (x: unknown) => x is T): T[] {
  const arr = json[key];
  if (!Array.isArray(arr)) throw new FeatureError('invalid-json', `${where}: "${key}" must be an array of ${what}.`);
  for (let i = 0; i < arr.length; i++) {
    if (!check(arr[i])) throw new FeatureError('invalid-json', `${where}: "${key}"[${i}] is ${JSON.stringify(arr[i]) ?? 'undefined'}; expected ${what}.`);
  }
  return arr as T[];
}

/** The finite number at `json[key]`, or a FeatureError naming the field. */
export function readFinite(json: Record<string, unknown>, key: string, where: string): number {
  const v = json[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new FeatureError('invalid-json', `${where}: "${key}" is ${JSON.stringify(v) ?? 'missing'}; expected a finite number.`);
}

/** Type guard: a string. */
export const isString = (x: unknown): x is string => typeof x === 'string';
/** Type guard: a finite number. */
export const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
/** Type guard: a safe integer. */
export const isSafeInteger = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
