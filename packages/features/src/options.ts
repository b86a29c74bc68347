import { FeatureError } from './errors';

/**
 * `value` if it is an integer in [`min`, `max`], `fallback` if it is undefined.
 * @throws FeatureError (`invalid-option`) naming `label` and `option` otherwise.
 */
export function integerOption(label: string, option: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  throw new FeatureError('invalid-option', `${label}: option ${option} is ${JSON.stringify(value) ?? String(value)}; it must be ${range}.`, { feature: label });
}

/**
 * `value` if it is a finite number >= `min`, `fallback` if it is undefined.
 * @throws FeatureError (`invalid-option`) naming `label` and `option` otherwise.
 */
export function numberOption(label: string, option: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value;
  throw new FeatureError('invalid-option', `${label}: option ${option} is ${JSON.stringify(value) ?? String(value)}; it must be a finite number >= ${min}.`, { feature: label });
}

/**
 * `value` if it is one of `allowed`, `fallback` if it is undefined.
 * @throws FeatureError (`invalid-option`) naming `label`, `option` and the allowed values otherwise.
 */
export function choiceOption<T extends string>(label: string, option: string, value: unknown, fallback: T, allowed: readonly T[]): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new FeatureError('invalid-option', `${label}: option ${option} is ${JSON.stringify(value) ?? String(value)}; use one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}.`, { feature: label });
}

/**
 * `value` if it is a string, `fallback` if it is undefined.
 * @throws FeatureError (`invalid-option`) naming `label` and `option` otherwise.
 */
export function stringOption(label: string, option: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value === 'string') return value;
  throw new FeatureError('invalid-option', `${label}: option ${option} is ${JSON.stringify(value) ?? String(value)}; it must be a string.`, { feature: label });
}
