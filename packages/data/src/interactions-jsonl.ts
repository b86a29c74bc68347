import type { Dataset } from './dataset';
import { DataError } from './errors';
import type { ColumnMapping } from './interactions-csv';
import { startGenericRead, type GenericReadOptions } from './generic-read';
import { assertFile, parseNumber, readLineChunks } from './line-reader';
import { checkTimestampFormat, parseTimestamp, timestampWords, type TimestampFormat } from './timestamp';

/** Options of {@link readInteractionsJsonl}. */
export interface InteractionsJsonlOptions extends GenericReadOptions {
  /** Which keys of each object hold user, item, rating and timestamp (names only). Required. */
  columns: ColumnMapping;
  /** How timestamps are written. Default `'auto'` (numbers are seconds, strings are dates or numbers). */
  timestampFormat?: TimestampFormat;
}

/** An id value: a non-empty string, or a finite number converted with `String()`; `undefined` otherwise. */
function idOf(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const s = v.trim();
    return s.length > 0 ? s : undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Reads an interaction log from JSON Lines (one object per line), streaming it. Ids may be
 * strings or numbers; ratings numbers or numeric strings. Bad lines (invalid JSON, not an
 * object, missing id, bad rating, timestamp or weight) are counted in the report and skipped (or
 * thrown, with `onBadRow: 'throw'`).
 *
 * ```ts
 * const ds = await readInteractionsJsonl('events.jsonl', { columns: { user: 'uid', item: 'iid', rating: 'stars' } });
 * ```
 */
export async function readInteractionsJsonl(file: string, options: InteractionsJsonlOptions): Promise<Dataset> {
  await assertFile(file);
  const format = options.timestampFormat ?? 'auto';
  checkTimestampFormat(format);
  const keys = (['user', 'item', 'rating', 'timestamp', 'weight'] as const).map((role) => {
    const k = options.columns[role];
    if (k === undefined && (role === 'user' || role === 'item')) {
      throw new DataError('BAD_OPTION', `columns.${role} is required: name the key holding the ${role} id.`, { field: `columns.${role}` });
    }
    if (k !== undefined && typeof k !== 'string') {
      throw new DataError('BAD_OPTION', `columns.${role} must be a key name for JSON Lines; got ${JSON.stringify(k)}.`, { field: `columns.${role}` });
    }
    return k;
  });
  const [userKey, itemKey, ratingKey, timeKey, weightKey] = keys as [string, string, string | undefined, string | undefined, string | undefined];
  const { builder, report, finish } = await startGenericRead(file, options, 48);
  for await (const chunk of readLineChunks(file)) {
    for (let k = 0; k < chunk.lines.length; k++) {
      const text = chunk.lines[k]!;
      if (text.trim().length === 0) continue;
      const line = chunk.firstLine + k;
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (e) {
        report.reject(line, 'invalid JSON', `invalid JSON (${(e as Error).message})`, text);
        continue;
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
        report.reject(line, 'not an object', 'the line is not a JSON object', text);
        continue;
      }
      const o = obj as Record<string, unknown>;
      const user = idOf(o[userKey]);
      if (user === undefined) {
        report.reject(line, 'missing user id', `key "${userKey}" (user id) is missing, empty or not a string/number`, text);
        continue;
      }
      const item = idOf(o[itemKey]);
      if (item === undefined) {
        report.reject(line, 'missing item id', `key "${itemKey}" (item id) is missing, empty or not a string/number`, text);
        continue;
      }
      let rating = NaN;
      if (ratingKey !== undefined) {
        const v = o[ratingKey];
        rating = typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v) : NaN;
        if (!Number.isFinite(rating)) {
          report.reject(line, 'rating is not a number', `key "${ratingKey}" (rating) = ${JSON.stringify(v) ?? 'undefined'} is not a number`, text);
          continue;
        }
      }
      let timestamp = NaN;
      if (timeKey !== undefined) {
        const v = o[timeKey];
        timestamp = parseTimestamp(v, format);
        if (!Number.isFinite(timestamp)) {
          report.reject(line, 'bad timestamp', `key "${timeKey}" (timestamp) = ${JSON.stringify(v) ?? 'undefined'} is not ${timestampWords(format)}`, text);
          continue;
        }
      }
      let weight: number | undefined;
      if (weightKey !== undefined) {
        const v = o[weightKey];
        weight = typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v) : NaN;
        if (!(weight >= 0 && Number.isFinite(weight))) {
          report.reject(line, 'bad weight', `key "${weightKey}" (weight) = ${JSON.stringify(v) ?? 'undefined'} is not a number >= 0`, text);
          continue;
        }
      }
      builder.add(user, item, rating, timestamp, weight);
      report.accept();
    }
  }
  return finish();
}
