/** Bulk load of `(id, num, embedding)` rows with `COPY ... FROM STDIN (FORMAT binary)`. */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ProgressCallback } from '@twotower/utils';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, copyBinaryRows } from './vector-format';

/**
 * Streams `n` rows into `table` in chunks (about 1% of the rows, at least 4,096), reporting
 * `(0, n)` first, `(done, n)` after each chunk is handed to the connection and `(n, n)` when the
 * COPY has finished.
 * @param vectors `[n × dim]` row-major, already normalised where the metric wants it.
 */
export async function copyVectors(client: PoolClient, table: string, ids: readonly string[], nums: readonly boolean[], vectors: Float32Array, dim: number, onProgress?: ProgressCallback): Promise<void> {
  const n = ids.length;
  const chunk = Math.max(4096, Math.ceil(n / 100));
  onProgress?.(0, n);
  function* chunks(): Generator<Buffer> {
    yield COPY_BINARY_HEADER;
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      yield copyBinaryRows(ids, nums, vectors, dim, start, end);
      if (end < n) onProgress?.(end, n);
    }
    yield COPY_BINARY_TRAILER;
  }
  const stream = client.query(copyFrom(`COPY ${table} (id, num, embedding) FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from(chunks(), { objectMode: false }), stream);
  onProgress?.(n, n);
}
