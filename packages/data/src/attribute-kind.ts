import { normaliseColumnName } from './column-roles';
import { parseNumber } from './line-reader';

/**
 * What an attribute column of a catalogue or user file holds, and so which features it gets:
 * `text` (words: text vectorisation), `categories` (several labels per row, `|`-separated),
 * `category` (one label per row: a lookup), `number` (normalisation and buckets).
 */
export type AttributeKind = 'text' | 'categories' | 'category' | 'number';

/** One attribute column of a catalogue or user file, aligned with its id table. */
export interface AttributeColumn {
  /** The column's name in the file. */
  readonly name: string;
  readonly kind: AttributeKind;
  /**
   * One value per id: a number for `number` columns, a string otherwise (`categories`: labels
   * joined by `|`); `null` when missing.
   */
  readonly values: readonly (string | number | null)[];
  /** Why the kind was chosen, e.g. `numbers 1.5..99`, `1 to 3 labels separated by |`, `text, 7.1 words on average`. */
  readonly reason: string;
}

/** Names of columns that hold codes rather than quantities, even when the codes are digits. */
const CODE_NAME = /(id|code|zip|zipcode|postcode|postalcode|phone)$/;
/** Names of columns that hold several labels per row even when the rows seen have one. */
const LABELS_NAMES = ['genres', 'categories', 'tags', 'labels', 'keywords', 'topics'];

function words(s: string): number {
  return s.split(/\s+/).filter((w) => w.length > 0).length;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, '');
}

/**
 * The kind of an attribute column from its name and values (`null` or blank: missing):
 * - `number` when every value is a number, unless the name says code or id (`zip`, `*_id`,
 *   `*code`) or a value has a leading zero (`02139`);
 * - `categories` when at least 5% of the values hold a `|`, or the name is a plural of labels
 *   (`genres`, `categories`, `tags`);
 * - `text` when values have 3 or more words on average, or 2 or more and nearly all differ;
 * - `category` otherwise.
 */
export function inferAttributeKind(name: string, values: readonly (string | null)[]): { kind: AttributeKind; reason: string } {
  const present = values.filter((v): v is string => v !== null && v.trim().length > 0).map((v) => v.trim());
  if (present.length === 0) return { kind: 'category', reason: 'no values' };
  const n = normaliseColumnName(name);
  const numbers = present.map(parseNumber);
  if (numbers.every(Number.isFinite)) {
    if (CODE_NAME.test(n)) return { kind: 'category', reason: `codes (numbers, but the name says ${n.match(CODE_NAME)![1]})` };
    if (present.some((v) => /^[+-]?0\d/.test(v))) return { kind: 'category', reason: 'codes (numbers with leading zeros)' };
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of numbers) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    return { kind: 'number', reason: `numbers ${fmt(lo)}..${fmt(hi)}` };
  }
  const piped = present.filter((v) => v.includes('|')).length;
  if (piped >= 0.05 * present.length || LABELS_NAMES.includes(n)) {
    let most = 0;
    for (const v of present) most = Math.max(most, v.split('|').filter((x) => x.trim()).length);
    return { kind: 'categories', reason: piped > 0 ? `1 to ${most} labels separated by |` : `labels (the name says ${n})` };
  }
  let total = 0;
  for (const v of present) total += words(v);
  const mean = total / present.length;
  const distinct = new Set(present).size;
  if (mean >= 3 || (mean >= 2 && distinct >= 0.9 * present.length)) return { kind: 'text', reason: `text, ${mean.toFixed(1)} words on average` };
  return { kind: 'category', reason: `${distinct} distinct value${distinct === 1 ? '' : 's'}` };
}

/** A column's values in the form its kind keeps (numbers for `number`, trimmed strings otherwise, `null` when blank). */
export function attributeValues(kind: AttributeKind, raw: readonly (string | null)[]): (string | number | null)[] {
  return raw.map((v) => {
    if (v === null) return null;
    const s = v.trim();
    if (s.length === 0) return null;
    if (kind === 'number') return parseNumber(s);
    if (kind === 'categories') return s.split('|').map((x) => x.trim()).filter((x) => x.length > 0).join('|') || null;
    return s;
  });
}
