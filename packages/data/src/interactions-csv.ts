import type { Dataset } from './dataset';
import { forEachDelimitedRow } from './delimited';
import { DataError } from './errors';
import { startGenericRead, type GenericReadOptions } from './generic-read';
import { assertFile, parseNumber, type TextEncoding } from './line-reader';
import { checkTimestampFormat, parseTimestamp, timestampWords, type TimestampFormat } from './timestamp';

/**
 * Which columns (CSV) or keys (JSONL) hold what. For CSV, a column is a header name, or a
 * 0-based position when the file has no header.
 */
export interface ColumnMapping {
  /** The user id column (required). */
  user: string | number;
  /** The item id column (required). */
  item: string | number;
  /** The rating column. Omit for implicit feedback (ratings become `NaN`). */
  rating?: string | number;
  /** The timestamp column. Omit when there is none (timestamps become `NaN`). */
  timestamp?: string | number;
  /** A weight column (a count, a dwell time: a number >= 0). Omit when there is none (the log has no `weights`). */
  weight?: string | number;
}

/** Options of {@link readInteractionsCsv}. */
export interface InteractionsCsvOptions extends GenericReadOptions {
  /** Which columns hold user, item, rating and timestamp (required). */
  columns: ColumnMapping;
  /** Field separator. Default `'\t'` for `.tsv` files, `','` otherwise. */
  delimiter?: string;
  /** Whether the first line is a header. Default `true`; with `false`, columns must be positions. */
  header?: boolean;
  /** File encoding. Default `'utf8'`. */
  encoding?: TextEncoding;
  /** How timestamps are written. Default `'auto'` (numbers are seconds, other text is a date). */
  timestampFormat?: TimestampFormat;
}

/** Resolves a column mapping against a header; `MISSING_COLUMN` names the column and lists what exists. */
function resolveColumns(file: string, columns: ColumnMapping, header: string[] | undefined): (number | -1)[] {
  const names = header?.map((h) => h.trim());
  const roles = ['user', 'item', 'rating', 'timestamp', 'weight'] as const;
  return roles.map((role) => {
    const c = columns[role];
    if (c === undefined) {
      if (role === 'user' || role === 'item') {
        throw new DataError('BAD_OPTION', `columns.${role} is required: name the column holding the ${role} id.`, { field: `columns.${role}` });
      }
      return -1;
    }
    if (typeof c === 'number') {
      if (!Number.isInteger(c) || c < 0) {
        throw new DataError('BAD_OPTION', `columns.${role} = ${c} must be a 0-based column position or a header name.`, { field: `columns.${role}` });
      }
      return c;
    }
    if (!names) {
      throw new DataError('BAD_OPTION', `columns.${role} = "${c}" is a name but header is false: give a 0-based position instead.`, {
        field: `columns.${role}`,
      });
    }
    const k = names.indexOf(c);
    if (k === -1) {
      throw new DataError('MISSING_COLUMN', `${file}: the header has no column "${c}" for columns.${role} (columns: ${names.join(', ')}).`, {
        file,
        line: 1,
        field: `columns.${role}`,
      });
    }
    return k;
  });
}

/**
 * Reads an interaction log from a delimited text file with named (or numbered) columns,
 * streaming it. Rows with a missing id, or an unparseable rating, timestamp or weight (when those
 * columns are mapped), are counted in the report and skipped (or thrown, with `onBadRow: 'throw'`).
 *
 * ```ts
 * const ds = await readInteractionsCsv('events.csv', { columns: { user: 'user_id', item: 'sku', timestamp: 'ts' } });
 * ```
 */
export async function readInteractionsCsv(file: string, options: InteractionsCsvOptions): Promise<Dataset> {
  await assertFile(file);
  const format = options.timestampFormat ?? 'auto';
  checkTimestampFormat(format);
  const header = options.header ?? true;
  const delimiter = options.delimiter ?? (file.toLowerCase().endsWith('.tsv') ? '\t' : ',');
  if (delimiter.length === 0) throw new DataError('BAD_OPTION', 'delimiter must not be empty.', { field: 'delimiter' });
  const { builder, report, finish } = await startGenericRead(file, options, 24);
  let cols: number[] = header ? [] : resolveColumns(file, options.columns, undefined);
  const names = ['user', 'item', 'rating', 'timestamp', 'weight'];
  await forEachDelimitedRow(
    file,
    { delimiter, quotes: true, encoding: options.encoding ?? 'utf8', header },
    (f, line, text) => {
      for (let r = 0; r < 5; r++) {
        const c = cols[r]!;
        if (c >= f.length) {
          report.reject(line, 'missing field', `the ${names[r]} column (position ${c}) is missing: the row has ${f.length} fields`, text);
          return;
        }
      }
      const user = f[cols[0]!]!.trim();
      if (user.length === 0) return report.reject(line, 'empty user id', 'user id is empty', text);
      const item = f[cols[1]!]!.trim();
      if (item.length === 0) return report.reject(line, 'empty item id', 'item id is empty', text);
      let rating = NaN;
      if (cols[2]! >= 0) {
        rating = parseNumber(f[cols[2]!]);
        if (!Number.isFinite(rating)) return report.reject(line, 'rating is not a number', `rating ${JSON.stringify(f[cols[2]!])} is not a number`, text);
      }
      let timestamp = NaN;
      if (cols[3]! >= 0) {
        timestamp = parseTimestamp(f[cols[3]!], format);
        if (!Number.isFinite(timestamp)) {
          return report.reject(line, 'bad timestamp', `timestamp ${JSON.stringify(f[cols[3]!])} is not ${timestampWords(format)}`, text);
        }
      }
      let weight: number | undefined;
      if (cols[4]! >= 0) {
        weight = parseNumber(f[cols[4]!]);
        if (!(weight >= 0 && Number.isFinite(weight))) return report.reject(line, 'bad weight', `weight ${JSON.stringify(f[cols[4]!])} is not a number >= 0`, text);
      }
      builder.add(user, item, rating, timestamp, weight);
      report.accept();
    },
    (h) => {
      cols = resolveColumns(file, options.columns, h);
    },
  );
  return finish();
}
