import type { AttributeColumn } from './attribute-kind';
import type { AttributeTable } from './attribute-table';
import { normaliseColumnName } from './column-roles';
import type { ItemCatalogue } from './dataset';

/** Column names (as `normaliseColumnName` gives them) that make a catalogue column the items' titles. */
export const TITLE_NAMES = ['title', 'name', 'itemname', 'productname', 'producttitle', 'itemtitle', 'movietitle', 'displayname', 'headline', 'label'];
/** Column names that make a catalogue column the items' genres (categories). */
export const GENRE_NAMES = ['genres', 'genre', 'categories', 'category', 'categoryname', 'productcategory', 'tags', 'tag', 'department', 'section', 'topic', 'topics', 'type'];

/** The title and genre columns of a catalogue table, by name: the first column named as in {@link TITLE_NAMES} (not a number), and as in {@link GENRE_NAMES} (labels). */
export function catalogueRoles(table: Pick<AttributeTable, 'columns'>): { title?: AttributeColumn; genres?: AttributeColumn } {
  const pick = (names: string[], ok: (c: AttributeColumn) => boolean) => {
    let best: AttributeColumn | undefined;
    let rank = Infinity;
    for (const c of table.columns) {
      const r = names.indexOf(normaliseColumnName(c.name));
      if (r !== -1 && r < rank && ok(c)) {
        best = c;
        rank = r;
      }
    }
    return best;
  };
  const title = pick(TITLE_NAMES, (c) => c.kind !== 'number');
  const genres = pick(GENRE_NAMES, (c) => c !== title && (c.kind === 'category' || c.kind === 'categories'));
  return { ...(title ? { title } : {}), ...(genres ? { genres } : {}) };
}

/**
 * A column's values re-aligned from the table's id order to `ids` (the log's id table, which
 * starts with the table's ids): ids the table lacks get `null`.
 */
export function alignColumn(column: AttributeColumn, tableIds: readonly string[], ids: readonly string[]): AttributeColumn {
  const at = new Map(tableIds.map((id, k) => [id, k]));
  const values = ids.map((id) => {
    const k = at.get(id);
    return k === undefined ? null : (column.values[k] ?? null);
  });
  return { ...column, values };
}

/**
 * The {@link ItemCatalogue} of a catalogue table over the log's item ids: titles from its title
 * column (`''` when none), genres from its genre column (names sorted), every other column an
 * attribute; items the table lacks have no title, no genre and `null` attributes.
 */
export function catalogueFromTable(table: AttributeTable, itemIds: readonly string[]): ItemCatalogue {
  const { title, genres } = catalogueRoles(table);
  const aligned = (c: AttributeColumn) => alignColumn(c, table.ids, itemIds).values;
  const titles = title ? aligned(title).map((v) => (v === null ? '' : String(v))) : itemIds.map(() => '');
  const labels = genres ? aligned(genres).map((v) => (v === null ? [] : String(v).split('|').map((x) => x.trim()).filter((x) => x.length > 0))) : itemIds.map(() => []);
  const genreNames = [...new Set(labels.flat())].sort();
  const index = new Map(genreNames.map((g, k) => [g, k]));
  return {
    titles,
    genreNames,
    genres: labels.map((ls) => [...new Set(ls.map((g) => index.get(g)!))].sort((a, b) => a - b)),
    ...(title ? { titleColumn: title.name } : {}),
    ...(genres ? { genreColumn: genres.name } : {}),
    attributes: table.columns.filter((c) => c !== title && c !== genres).map((c) => alignColumn(c, table.ids, itemIds)),
  };
}
