import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One CSV field, quoted (`"` doubled): never read as NULL, whatever it holds. */
export function csvText(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** A PostgreSQL `text[]` literal of `values` (each element quoted, `\` and `"` escaped). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** A float8 as PostgreSQL reads it (`NaN`, `Infinity`, `-Infinity` included). */
export function csvFloat(value: number): string {
  return String(value);
}

/** Rows per chunk written to the COPY stream. */
const CHUNK = 2_000;

/**
 * Sends `total` rows into `table` with `COPY ... FROM STDIN (FORMAT csv)` (one round of the COPY
 * protocol, not an INSERT per row), on the transaction's client.
 * @param row the CSV line of row i, without its newline
 * @param onRows told the rows sent so far, after each chunk
 */
export async function copyCsvRows(client: PoolClient, table: string, columns: readonly string[], total: number, row: (i: number) => string, onRows?: (done: number) => void): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
  function* chunks(): Generator<string> {
    for (let start = 0; start < total; start += CHUNK) {
      const end = Math.min(total, start + CHUNK);
      let text = '';
      for (let i = start; i < end; i++) text += `${row(i)}\n`;
      yield text;
      onRows?.(end);
    }
  }
  await pipeline(Readable.from(chunks()), stream);
}
