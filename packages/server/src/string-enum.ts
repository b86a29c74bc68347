import { Type, type TUnsafe } from '@sinclair/typebox';

/** A string enum as JSON schema's `{"type": "string", "enum": [...]}`, typed as the union of its values. */
export function stringEnum<const T extends readonly string[]>(values: T, description?: string): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description !== undefined ? { description } : {}) });
}
