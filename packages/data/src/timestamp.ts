import { DataError } from './errors';

/**
 * How a timestamp field is written.
 * - `'seconds'`: Unix seconds (MovieLens);
 * - `'milliseconds'`: Unix milliseconds (JavaScript `Date.now()`);
 * - `'iso'`: a date string `Date.parse` understands (`2024-05-01T12:00:00Z`); a date-time
 *   without a zone (`2024-05-01 12:00:00`) is UTC, so that a file means the same time everywhere;
 * - `'auto'`: numbers are seconds, anything else is parsed as a date string.
 */
export type TimestampFormat = 'seconds' | 'milliseconds' | 'iso' | 'auto';

/** A date and time without a zone (`Date.parse` would read it in the machine's local time). */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Parses one timestamp field to Unix seconds; `NaN` when it cannot be parsed. */
export function parseTimestamp(value: unknown, format: TimestampFormat): number {
  if (typeof value === 'number') {
    if (format === 'iso') return NaN;
    return format === 'milliseconds' ? value / 1000 : value;
  }
  if (typeof value !== 'string') return NaN;
  const s = value.trim();
  if (s.length === 0) return NaN;
  if (format !== 'iso') {
    const x = Number(s);
    if (!Number.isNaN(x)) return format === 'milliseconds' ? x / 1000 : x;
    if (format !== 'auto') return NaN;
  }
  const ms = Date.parse(ZONELESS.test(s) ? `${s.replace(' ', 'T')}Z` : s);
  return Number.isNaN(ms) ? NaN : ms / 1000;
}

/** Throws `BAD_OPTION` unless `format` is a {@link TimestampFormat}. */
export function checkTimestampFormat(format: string): asserts format is TimestampFormat {
  if (!['seconds', 'milliseconds', 'iso', 'auto'].includes(format)) {
    throw new DataError('BAD_OPTION', `timestampFormat must be 'seconds', 'milliseconds', 'iso' or 'auto'; got ${JSON.stringify(format)}.`, {
      field: 'timestampFormat',
    });
  }
}

/** What a timestamp of `format` is, for messages: "a number or a date", "an ISO 8601 date", "a number (epoch seconds)"... */
export function timestampWords(format: TimestampFormat): string {
  return { auto: 'a number or a date', iso: 'an ISO 8601 date', seconds: 'a number (epoch seconds)', milliseconds: 'a number (epoch milliseconds)' }[format];
}
