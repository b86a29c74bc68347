import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DataError } from './errors';

/** Text encodings the readers accept. MovieLens 100K/1M metadata is Latin-1; the CSV releases are UTF-8. */
export type TextEncoding = 'utf8' | 'latin1';

/** A run of consecutive lines of a file. */
export interface LineChunk {
  /** 1-based line number of `lines[0]`. */
  firstLine: number;
  /** The lines, without their terminators (`\n` or `\r\n`). */
  lines: string[];
}

/** Options of {@link readLineChunks}. */
export interface ReadLinesOptions {
  /** Encoding of the file. Default `'utf8'` (a leading byte-order mark is dropped). */
  encoding?: TextEncoding;
  /** Bytes read at a time. Default 1 MiB. */
  chunkBytes?: number;
}

/** Throws `FILE_NOT_FOUND` (naming the file and what to do) unless `file` is a readable file. */
export async function assertFile(file: string, hint = ''): Promise<void> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error('not a file');
  } catch (cause) {
    throw new DataError('FILE_NOT_FOUND', `${file} does not exist or is not a file.${hint ? ` ${hint}` : ''}`, { file, cause });
  }
}

/**
 * Streams a text file as chunks of lines, so files larger than a JavaScript string (MovieLens
 * 25M's 650 MB ratings.csv) can be read with flat memory. Yielding many lines at a time keeps the
 * per-line cost of async iteration out of the hot loop.
 */
export async function* readLineChunks(file: string, options: ReadLinesOptions = {}): AsyncGenerator<LineChunk> {
  const encoding = options.encoding ?? 'utf8';
  await assertFile(file);
  const stream = createReadStream(file, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  let carry: Buffer | null = null;
  let lineNo = 1;
  let first = true;
  const finish = (lines: string[]): LineChunk => {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
    }
    if (first && lines.length > 0) {
      first = false;
      const l0 = lines[0]!;
      if (l0.charCodeAt(0) === 0xfeff) lines[0] = l0.slice(1);
    }
    const chunk = { firstLine: lineNo, lines };
    lineNo += lines.length;
    return chunk;
  };
  for await (const raw of stream) {
    const buf = raw as Buffer;
    const last = buf.lastIndexOf(10);
    if (last === -1) {
      carry = carry ? Buffer.concat([carry, buf]) : buf;
      continue;
    }
    const head = carry ? Buffer.concat([carry, buf.subarray(0, last)]) : buf.subarray(0, last);
    carry = last + 1 < buf.length ? buf.subarray(last + 1) : null;
    yield finish(head.toString(encoding).split('\n'));
  }
  if (carry && carry.length > 0) yield finish([carry.toString(encoding)]);
}

/**
 * A row-count guess for sizing buffers: file size / `bytesPerRow`, at least 1024, at most 2^28.
 * Guessing a little high avoids the copies of growing; 0 when the file cannot be stat'ed.
 */
export async function estimateRows(file: string, bytesPerRow: number): Promise<number> {
  try {
    const { size } = await stat(file);
    return Math.min(2 ** 28, Math.max(1024, Math.ceil(size / bytesPerRow)));
  } catch {
    return 1024;
  }
}

/**
 * Splits one CSV line into fields (RFC 4180 quoting: `"a, b"` and `""` for a quote inside).
 * Returns `null` when the line ends inside a quoted field: the caller joins the next line.
 */
export function splitCsvLine(line: string, delimiter: string): string[] | null {
  if (line.indexOf('"') === -1) return line.split(delimiter);
  const out: string[] = [];
  let field = '';
  let i = 0;
  const n = line.length;
  let quoted = false;
  while (i < n) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field.length === 0) {
      quoted = true;
      i++;
      continue;
    }
    if (line.startsWith(delimiter, i)) {
      out.push(field);
      field = '';
      i += delimiter.length;
      continue;
    }
    field += c;
    i++;
  }
  if (quoted) return null;
  out.push(field);
  return out;
}

/** `Number(s)` that rejects blank strings (which `Number` turns into 0): `NaN` for them. */
export function parseNumber(s: string | undefined): number {
  if (s === undefined || s.length === 0) return NaN;
  const x = +s; // ignores surrounding whitespace, like Number()
  return x === 0 && s.trim().length === 0 ? NaN : x;
}
