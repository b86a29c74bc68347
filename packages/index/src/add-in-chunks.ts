import { progressReporter, type ProgressCallback } from '@twotower/utils';
import type { VectorId } from './types';

/** Fewest rows per add call when progress is reported: fewer, larger calls keep FAISS efficient. */
const MIN_CHUNK_ROWS = 4096;

/** The steps of one `add` of {@link addInChunks}. */
export interface ChunkedAdd {
  /** Runs once before any row is added, after the first report (e.g. FAISS training). */
  prepare?: () => void;
  /** Adds rows `[start, end)`. */
  add: (start: number, end: number) => void;
  /** Whether rows may be added in several calls (not for indexes whose structure depends on the batching). Default true. */
  chunked?: boolean;
}

/**
 * Adds `rows` rows through `steps`. Without `onProgress`: `prepare`, then one `add` of all rows,
 * as always. With it: `(0, rows)` first, `prepare`, then (when `chunked`) about 100 adds of at
 * least 4,096 rows each, each followed by a report of the rows added so far, the last
 * `(rows, rows)`.
 */
export function addInChunks(rows: number, onProgress: ProgressCallback | undefined, steps: ChunkedAdd): void {
  const tick = progressReporter(onProgress, rows);
  tick(0);
  steps.prepare?.();
  const step = onProgress !== undefined && steps.chunked !== false ? Math.max(MIN_CHUNK_ROWS, Math.ceil(rows / 100)) : Math.max(1, rows);
  for (let start = 0; start < rows; start += step) {
    const end = Math.min(rows, start + step);
    steps.add(start, end);
    tick(end);
  }
}

/** Ids `[start, end)` of `ids` (`ids` itself when that is all of them). */
export function sliceIds(ids: ArrayLike<VectorId>, start: number, end: number): ArrayLike<VectorId> {
  return start === 0 && end === ids.length ? ids : (Array.prototype.slice.call(ids, start, end) as VectorId[]);
}
