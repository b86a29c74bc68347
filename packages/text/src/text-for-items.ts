import { TextInputError } from './errors';

/** The catalogue columns {@link textForItems} reads; each present column has one entry per item. */
export interface ItemTextColumns {
  /** Item titles, e.g. MovieLens' `Toy Story (1995)`. */
  titles?: readonly string[];
  /** Longer descriptions (a generic catalogue's); `''` where an item has none. */
  descriptions?: readonly string[];
  /** Genre names per item, e.g. `['Animation', "Children's", 'Comedy']`. */
  genres?: readonly (readonly string[])[];
}

/** Options of {@link textForItems}. */
export interface TextForItemsOptions {
  /** Remove a trailing release year `(1995)` from titles. Default `true`. */
  stripYear?: boolean;
  /**
   * Move a trailing article back to the front: `Shawshank Redemption, The` → `The Shawshank
   * Redemption`, also before an alternative title in parentheses (English, French, Spanish,
   * Italian and German articles). Default `true`.
   */
  frontArticle?: boolean;
  /** Append `Genres: a, b.` to the text. Default `false` (see the README). */
  withGenres?: boolean;
}

const YEAR = /\s*\((?:\d{4})\)\s*$/;
const ARTICLE = /^(.+?), (The|A|An|La|Le|Les|L'|Il|Lo|Gli|I|El|Los|Las|Das|Der|Die|Den|Det)(\s*\(.*\))?$/;

/** One title, cleaned as {@link TextForItemsOptions} say. */
export function cleanTitle(title: string, options: TextForItemsOptions = {}): string {
  let t = title.trim();
  if (options.stripYear ?? true) t = t.replace(YEAR, '');
  if (options.frontArticle ?? true) {
    const m = ARTICLE.exec(t);
    if (m) t = `${m[2]}${m[2]!.endsWith("'") ? '' : ' '}${m[1]}${m[3] ?? ''}`;
  }
  return t.trim();
}

/**
 * The text of each item to give a sentence encoder: the cleaned title, then the description
 * (`title. description`; a title already ending in `.`, `!` or `?` gets no extra `.`), then the
 * genres when asked. Deterministic: the same columns give the same strings.
 *
 * @returns one string per item; never empty (throws {@link TextInputError} naming the item).
 */
export function textForItems(columns: ItemTextColumns, options: TextForItemsOptions = {}): string[] {
  const lengths: [string, number][] = [];
  if (columns.titles) lengths.push(['titles', columns.titles.length]);
  if (columns.descriptions) lengths.push(['descriptions', columns.descriptions.length]);
  if (columns.genres) lengths.push(['genres', columns.genres.length]);
  if (lengths.length === 0) throw new TextInputError('columns', 'has no titles, descriptions or genres: give at least one column');
  const n = lengths[0]![1];
  for (const [field, len] of lengths) {
    if (len !== n) throw new TextInputError(field, `has ${len} entries but ${lengths[0]![0]} has ${n}: give one entry per item`);
  }
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const parts: string[] = [];
    const title = columns.titles ? cleanTitle(columns.titles[i] ?? '', options) : '';
    if (title) parts.push(/[.!?]$/.test(title) ? title : `${title}.`);
    const description = columns.descriptions?.[i]?.trim() ?? '';
    if (description) parts.push(description);
    const genres = options.withGenres ? (columns.genres?.[i] ?? []) : [];
    if (genres.length > 0) parts.push(`Genres: ${genres.join(', ')}.`);
    if (parts.length === 0) {
      throw new TextInputError(`item ${i}`, 'has no title, description or (with withGenres) genre: give it some text, e.g. its id');
    }
    // a lone title reads better without the period added for joining
    out.push(parts.length === 1 && title && parts[0] === `${title}.` ? title : parts.join(' '));
  }
  return out;
}
