/** Argument checks shared by the index's methods: the same `IndexError`s as the other indexes give. */
import { IndexError, type SearchOptions, type VectorId } from '@twotower/index';

/** Checks that `vectors` is a `Float32Array` of whole `dim` rows; returns the row count. */
export function rowCount(vectors: unknown, dim: number, what: string): number {
  if (!(vectors instanceof Float32Array)) {
    throw new IndexError('BAD_ARGUMENT', `${what} must be a Float32Array (row-major, n × ${dim}); convert with Float32Array.from(...).`);
  }
  if (vectors.length % dim !== 0) {
    throw new IndexError(
      'DIMENSION_MISMATCH',
      `${what} has ${vectors.length} values, not a multiple of the index dimension ${dim}: each row must have exactly ${dim} values (was the table made with another dimension?).`,
    );
  }
  return vectors.length / dim;
}

/** Checks `k`: a positive integer. */
export function checkK(k: unknown): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) throw new IndexError('BAD_ARGUMENT', `k must be a positive integer, got ${String(k)}.`);
  return k;
}

/** Whether `id` can be stored: a string without NUL characters, or a finite number. */
function validId(id: unknown): id is VectorId {
  return (typeof id === 'string' && !id.includes('\0')) || (typeof id === 'number' && Number.isFinite(id));
}

/** `id` as stored: its text and whether it was a number (`1` and `'1'` are different ids). */
export function idKey(id: VectorId): [text: string, num: boolean] {
  return typeof id === 'number' ? [String(id), true] : [id, false];
}

/** The caller's id back from a stored row. */
export function idFromRow(text: string, num: boolean): VectorId {
  return num ? Number(text) : text;
}

/** Checks new ids: `rows` of them, valid, none repeated within the batch. */
export function checkNewIds(ids: ArrayLike<VectorId>, rows: number): void {
  if (ids == null || typeof ids.length !== 'number') throw new IndexError('BAD_ARGUMENT', 'ids must be an array of strings or numbers, one per vector row.');
  if (ids.length !== rows) throw new IndexError('BAD_ARGUMENT', `ids has ${ids.length} entries but vectors has ${rows} rows: give exactly one id per row.`);
  const seen = new Set<VectorId>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!validId(id)) throw new IndexError('BAD_ARGUMENT', `ids[${i}] is ${JSON.stringify(id) ?? String(id)}: ids must be strings (without NUL characters) or finite numbers.`);
    if (seen.has(id)) throw new IndexError('DUPLICATE_ID', `ids[${i}] (${JSON.stringify(id)}) appears twice in this add: give each vector its own id.`);
    seen.add(id);
  }
}

/** Stored keys of ids to look up (invalid ones are dropped: they cannot be in the table). */
export function idKeys(ids: Iterable<VectorId>): { text: string[]; num: boolean[] } {
  const text: string[] = [];
  const num: boolean[] = [];
  for (const id of ids) {
    if (!validId(id)) continue;
    const [t, n] = idKey(id);
    text.push(t);
    num.push(n);
  }
  return { text, num };
}

/** Checks `exclude` (at most one entry per query) and flattens it to (query, id, num) columns. */
export function flattenExclusions(exclude: SearchOptions['exclude'], nq: number): { q: number[]; text: string[]; num: boolean[] } {
  const out = { q: [] as number[], text: [] as string[], num: [] as boolean[] };
  if (exclude === undefined) return out;
  if (exclude.length > nq) throw new IndexError('BAD_ARGUMENT', `exclude has ${exclude.length} entries for ${nq} queries: give at most one per query.`);
  for (let q = 0; q < exclude.length; q++) {
    const entry = exclude[q];
    if (entry === undefined) continue;
    for (const id of entry) {
      if (!validId(id)) continue;
      const [t, n] = idKey(id);
      out.q.push(q + 1);
      out.text.push(t);
      out.num.push(n);
    }
  }
  return out;
}
