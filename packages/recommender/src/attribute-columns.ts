import { combinationToken, labelTokens, labelsSource, type Column, type ColumnKind } from '@twotower/features';

/**
 * A column of per-item (catalogue) or per-user attributes the towers may read: price, brand,
 * description, country, plan... Entry k describes item (or user) index k; `null` where it has none.
 */
export interface AttributeColumn {
  /** The column's name in its file. */
  name: string;
  /** What it holds: `number` values, a `category`, `categories` (labels joined by `|`) or `text`. */
  kind: ColumnKind;
  values: (string | number | null)[];
}

/** Attribute values by column name, given with a query in place of a user's stored ones (a number column: a number; `categories`: labels joined by `|`; `null`: missing). */
export type GivenAttributes = Readonly<Record<string, string | number | null>>;

/** The input column (feature source) of an attribute: `item.price`, `user.country`. */
export function attributeSource(side: 'item' | 'user', name: string): string {
  return `${side}.${name}`;
}

/** Mean of each number column's known values (the value of a missing one), computed once per column. */
const means = new WeakMap<AttributeColumn, number>();

/** Mean of a number column's finite values (0 when it has none): what a missing value reads. Cached per column. */
export function meanOf(c: AttributeColumn): number {
  let m = means.get(c);
  if (m === undefined) {
    let sum = 0;
    let n = 0;
    for (const v of c.values) {
      if (typeof v === 'number' && Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    m = n > 0 ? sum / n : 0;
    means.set(c, m);
  }
  return m;
}

function labelsOf(v: string | number | null): string[] {
  return v === null ? [] : String(v).split('|').filter((x) => x.length > 0);
}

/**
 * The input columns of attribute columns for `rows` (indices into their values; -1, or an index
 * past them, is an unknown item or user: every value missing), named by {@link attributeSource}:
 * a missing number is the column's mean, a missing category or text `''`; a `categories` column
 * gives its combination token (and, under `<source>:labels`, its labels as tokens). Only the
 * sources in `wanted` are built (all when it is omitted). `given[i]`, when there is one, holds
 * values by column name that replace row i's (a user's attributes given with a query; a name
 * given as `null` reads as missing).
 */
export function attributeInputs(
  side: 'item' | 'user',
  columns: readonly AttributeColumn[],
  rows: ArrayLike<number>,
  wanted?: ReadonlySet<string>,
  given?: ReadonlyArray<GivenAttributes | undefined>,
): Record<string, Column> {
  const out: Record<string, Column> = {};
  const n = rows.length;
  const valueAt = (c: AttributeColumn, i: number) => {
    const g = given?.[i];
    if (g !== undefined && Object.prototype.hasOwnProperty.call(g, c.name)) return g[c.name] ?? null;
    const r = rows[i]!;
    return r >= 0 && r < c.values.length ? (c.values[r] ?? null) : null;
  };
  for (const c of columns) {
    const source = attributeSource(side, c.name);
    const want = (s: string) => wanted === undefined || wanted.has(s);
    if (c.kind === 'number') {
      if (!want(source)) continue;
      const fill = meanOf(c);
      out[source] = Float64Array.from({ length: n }, (_, i) => {
        const v = valueAt(c, i);
        return typeof v === 'number' && Number.isFinite(v) ? v : fill;
      });
    } else if (c.kind === 'categories') {
      if (want(source)) out[source] = Array.from({ length: n }, (_, i) => combinationToken(labelsOf(valueAt(c, i))));
      if (want(labelsSource(source))) out[labelsSource(source)] = Array.from({ length: n }, (_, i) => labelTokens(labelsOf(valueAt(c, i))));
    } else if (want(source)) {
      out[source] = Array.from({ length: n }, (_, i) => {
        const v = valueAt(c, i);
        return v === null ? '' : String(v);
      });
    }
  }
  return out;
}
