import type { AttributeColumn } from './attribute-kind';
import type { Dataset, UserTable } from './dataset';

/**
 * MovieLens's user table as attribute columns, aligned with the user ids: `age` (a number),
 * `gender` and `occupation` (one label each), `zip_prefix` (the zip code's first two
 * characters: a region — whole codes are nearly one per user). A missing value is `null`.
 */
export function userTableColumns(users: UserTable): AttributeColumn[] {
  const label = (v: string) => (v.trim().length > 0 ? v.trim() : null);
  return [
    { name: 'age', kind: 'number', values: Array.from(users.ages, (a) => (Number.isFinite(a) ? a : null)), reason: 'MovieLens user table: age' },
    { name: 'gender', kind: 'category', values: users.genders.map(label), reason: 'MovieLens user table: gender' },
    { name: 'occupation', kind: 'category', values: users.occupations.map(label), reason: 'MovieLens user table: occupation' },
    { name: 'zip_prefix', kind: 'category', values: users.zipCodes.map((z) => label(z.trim().slice(0, 2))), reason: 'MovieLens user table: first two characters of the zip code' },
  ];
}

/**
 * The user columns a data set has: a user file's columns (`userAttributes`), else MovieLens's
 * user table as columns (`userTableColumns`), else none.
 */
export function userColumns(dataset: Pick<Dataset, 'users' | 'userAttributes'>): readonly AttributeColumn[] {
  if (dataset.userAttributes && dataset.userAttributes.length > 0) return dataset.userAttributes;
  return dataset.users ? userTableColumns(dataset.users) : [];
}
