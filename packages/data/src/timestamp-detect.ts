import { parseNumber } from './line-reader';
import { parseTimestamp } from './timestamp';

/** How a timestamp column was found to be written, see {@link detectTimestampFormat}. */
export interface TimestampDetection {
  /** The format the column is read with. */
  format: 'seconds' | 'milliseconds' | 'iso';
  /** The format in words, with the first sample and the date it means (unless it says it plainly), e.g. `epoch milliseconds (1714557600000 = 2024-05-01T10:00:00Z)`. */
  description: string;
}

/** Above this, a number is taken for milliseconds: 1e11 seconds is the year 5138, 1e11 milliseconds March 1973. */
const MILLISECONDS_ABOVE = 1e11;

const NAMES: Record<TimestampDetection['format'], string> = {
  seconds: 'epoch seconds',
  milliseconds: 'epoch milliseconds',
  iso: 'ISO 8601',
};

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * How a timestamp column is written, from a sample of its values (e.g. its first few hundred
 * rows): numbers (or numeric strings) are epoch seconds, or epoch milliseconds when their median
 * is above 1e11 (no date before 1973 in milliseconds, none after the year 5138 in seconds);
 * other strings are ISO 8601 dates (`2024-05-01`, `2024-05-01T10:00:00Z`; a date-time without a
 * zone is UTC). Blank values are ignored. `undefined` when no value is a number and none a date
 * (the reader then reports every row's timestamp as bad).
 */
export function detectTimestampFormat(samples: readonly unknown[]): TimestampDetection | undefined {
  const numbers: number[] = [];
  let dates = 0;
  let first: unknown;
  for (const v of samples) {
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
    const x = typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v.trim()) : NaN;
    if (Number.isFinite(x)) numbers.push(x);
    else if (Number.isFinite(parseTimestamp(v, 'iso'))) dates++;
    else continue;
    first ??= v;
  }
  if (numbers.length === 0 && dates === 0) return undefined;
  let format: TimestampDetection['format'];
  if (dates > numbers.length) {
    format = 'iso';
  } else {
    const sorted = numbers.sort((a, b) => Math.abs(a) - Math.abs(b));
    format = Math.abs(sorted[sorted.length >> 1]!) > MILLISECONDS_ABOVE ? 'milliseconds' : 'seconds';
  }
  const example = typeof first === 'string' ? first.trim() : String(first);
  const seconds = parseTimestamp(first, format);
  const iso = Number.isFinite(seconds) ? isoOf(seconds) : example;
  const shown = iso === example ? example : `${example} = ${iso}`;
  return { format, description: `${NAMES[format]} (${shown})` };
}
