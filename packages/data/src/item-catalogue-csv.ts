import { forEachDelimitedRow } from './delimited';
import { DataError } from './errors';
import type { InteractionsBuilder } from './interactions-builder';
import { assertFile, type TextEncoding } from './line-reader';
import type { ItemCatalogueBuilder } from './metadata-builders';
import { ReadReportBuilder, type BadRowOptions, type ReadReport } from './read-report';

/** An item metadata file (CSV/TSV) to read alongside a generic interaction log. */
export interface ItemsCsvOptions {
  /** The file. Required. */
  file: string;
  /** Columns (header names, or 0-based positions with `header: false`): the item id (required), title and genres (optional). */
  columns: { item: string | number; title?: string | number; genres?: string | number };
  /** Separator between genres inside the genres field. Default `'|'`. */
  genreSeparator?: string;
  /** Field separator. Default `'\t'` for `.tsv` files, `','` otherwise. */
  delimiter?: string;
  /** Whether the first line is a header. Default `true`. */
  header?: boolean;
  /** File encoding. Default `'utf8'`. */
  encoding?: TextEncoding;
}

function position(file: string, role: string, c: string | number | undefined, names: string[] | undefined): number {
  if (c === undefined) return -1;
  if (typeof c === 'number') {
    if (!Number.isInteger(c) || c < 0) throw new DataError('BAD_OPTION', `items.columns.${role} = ${c} must be a 0-based position or a header name.`, { field: `items.columns.${role}` });
    return c;
  }
  if (!names) throw new DataError('BAD_OPTION', `items.columns.${role} = "${c}" is a name but items.header is false: give a position.`, { field: `items.columns.${role}` });
  const k = names.indexOf(c);
  if (k === -1) {
    throw new DataError('MISSING_COLUMN', `${file}: the header has no column "${c}" for items.columns.${role} (columns: ${names.join(', ')}).`, {
      file,
      line: 1,
      field: `items.columns.${role}`,
    });
  }
  return k;
}

/**
 * Reads an item file into `catalogue`, interning its ids in `builder` in file order (so they
 * come first in `itemIds`, before items only the log mentions). Used by the generic readers'
 * `items` option.
 */
export async function readItemsCsvInto(
  options: ItemsCsvOptions,
  builder: InteractionsBuilder,
  catalogue: ItemCatalogueBuilder,
  bad: BadRowOptions,
): Promise<ReadReport> {
  const file = options.file;
  await assertFile(file, 'Check the items.file option.');
  const header = options.header ?? true;
  const sep = options.genreSeparator ?? '|';
  const report = new ReadReportBuilder(file, bad);
  let cols = header ? [0, -1, -1] : ['item', 'title', 'genres'].map((r) => position(file, r, options.columns[r as 'item'], undefined));
  await forEachDelimitedRow(
    file,
    { delimiter: options.delimiter ?? (file.toLowerCase().endsWith('.tsv') ? '\t' : ','), quotes: true, encoding: options.encoding ?? 'utf8', header },
    (f, line, text) => {
      const need = Math.max(...cols);
      if (need >= f.length) return report.reject(line, 'missing field', `expected at least ${need + 1} fields, found ${f.length}`, text);
      const id = f[cols[0]!]!.trim();
      if (id.length === 0) return report.reject(line, 'empty item id', 'item id is empty', text);
      const title = cols[1]! >= 0 ? f[cols[1]!]! : '';
      const g = cols[2]! >= 0 ? f[cols[2]!]!.trim() : '';
      const genres = g.length === 0 || g === '(no genres listed)' ? [] : g.split(sep).map((x) => catalogue.genre(x.trim()));
      catalogue.set(builder.internItem(id), title, genres);
      report.accept();
    },
    (h) => {
      const names = h.map((x) => x.trim());
      cols = ['item', 'title', 'genres'].map((r) => position(file, r, options.columns[r as 'item'], names));
    },
  );
  return report.build();
}
