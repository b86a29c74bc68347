import { publishedSchema, publishedSetTable } from './layout';
import { PublishError } from './publish-error';
import type { PublishInput, SeenInput } from './publish-types';

/** pgvector's largest `vector(n)`. */
const MAX_DIM = 16_000;

function bad(field: string, message: string): never {
  throw new PublishError('BAD_INPUT', message, field);
}

function checkDim(field: string, dim: number): void {
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM) bad(field, `must be an integer from 1 to ${MAX_DIM} (pgvector's widest vector), got ${dim}`);
}

/** Ids are strings without NUL (PostgreSQL text cannot hold it), none repeated. */
function checkIds(field: string, ids: readonly string[]): void {
  const seen = new Map<string, number>();
  ids.forEach((id, row) => {
    if (typeof id !== 'string') bad(`${field}[${row}]`, `must be a string, got ${JSON.stringify(id)}`);
    if (id.includes('\u0000')) bad(`${field}[${row}]`, `${JSON.stringify(id)} holds a NUL character, which PostgreSQL text cannot store`);
    const before = seen.get(id);
    if (before !== undefined) bad(`${field}[${row}]`, `repeats id ${JSON.stringify(id)} (also row ${before}): ids must be unique`);
    seen.set(id, row);
  });
}

/** `vectors` is `[ids × dim]` and finite (pgvector refuses NaN and infinity). */
function checkVectors(field: string, ids: readonly string[], vectors: Float32Array, dim: number): void {
  if (!(vectors instanceof Float32Array)) bad(field, 'must be a Float32Array');
  if (vectors.length !== ids.length * dim) bad(field, `holds ${vectors.length} floats, but ${ids.length} ids × dim ${dim} = ${ids.length * dim}`);
  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i]!)) {
      const row = Math.floor(i / dim);
      bad(`${field} row ${row}`, `the vector of ${JSON.stringify(ids[row])} is not finite (${vectors[i]} at column ${i % dim}): pgvector stores only finite values; retrain or fix the model`);
    }
  }
}

function checkSeen(seen: SeenInput, users: number, items: number): void {
  if (Array.isArray(seen)) {
    if (seen.length !== users) bad('users.seen', `has ${seen.length} lists for ${users} users`);
    return;
  }
  const { offsets, items: rows } = seen as { offsets: Int32Array; items: Int32Array };
  if (!(offsets instanceof Int32Array) || !(rows instanceof Int32Array)) bad('users.seen', 'must be { offsets: Int32Array, items: Int32Array } (CSR) or one array of item ids per user');
  if (offsets.length !== users + 1) bad('users.seen.offsets', `has ${offsets.length} entries for ${users} users (must be users + 1)`);
  if (offsets[0] !== 0 || offsets[users] !== rows.length) bad('users.seen.offsets', `must start at 0 and end at items.length ${rows.length}`);
  for (let u = 0; u < users; u++) if (offsets[u + 1]! < offsets[u]!) bad(`users.seen.offsets[${u + 1}]`, 'must not decrease');
  for (let p = 0; p < rows.length; p++) if (!(rows[p]! >= 0 && rows[p]! < items)) bad(`users.seen.items[${p}]`, `is ${rows[p]}, outside the ${items} catalogue rows`);
}

/**
 * Refuses a {@link PublishInput} that could not be published whole, before anything is written:
 * widths, lengths, ids (strings, unique, no NUL), finite vectors, the seen items, the sets' names.
 * @throws PublishError `BAD_INPUT` naming the field and row
 */
export function checkPublishInput(input: PublishInput, name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200 || name.includes('\u0000')) bad('name', `must be 1 to 200 characters without NUL, got ${JSON.stringify(name)}`);
  publishedSchema(input.version);
  checkDim('dim', input.dim);
  const { items, users } = input;
  checkIds('items.ids', items.ids);
  if (items.titles.length !== items.ids.length) bad('items.titles', `has ${items.titles.length} titles for ${items.ids.length} items`);
  items.titles.forEach((t, i) => {
    if (typeof t !== 'string' || t.includes('\u0000')) bad(`items.titles[${i}]`, 'must be a string without NUL characters');
  });
  checkVectors('items.vectors', items.ids, items.vectors, input.dim);
  checkIds('users.ids', users.ids);
  checkVectors('users.vectors', users.ids, users.vectors, input.dim);
  if (users.lastTimestamp.length !== users.ids.length) bad('users.lastTimestamp', `has ${users.lastTimestamp.length} entries for ${users.ids.length} users`);
  checkSeen(users.seen, users.ids.length, items.ids.length);
  const tables = new Set<string>();
  (input.sets ?? []).forEach((set, s) => {
    const field = `sets[${s}]`;
    const table = publishedSetTable(set.name);
    if (tables.has(table)) bad(`${field}.name`, `"${set.name}" is published twice`);
    tables.add(table);
    if (set.of !== 'items' && set.of !== 'users') bad(`${field}.of`, `must be 'items' or 'users', got ${JSON.stringify(set.of)}`);
    checkDim(`${field}.dim`, set.dim);
    checkIds(`${field}.ids`, set.ids);
    checkVectors(`${field}.vectors`, set.ids, set.vectors, set.dim);
  });
}

/** Rows of `[rows × dim]` vectors that are not all zero (a named set's rows with a trained vector). */
export function nonZeroRows(vectors: Float32Array, dim: number): Int32Array {
  const rows = vectors.length / dim;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let j = r * dim; j < (r + 1) * dim; j++) {
      if (vectors[j] !== 0) {
        out.push(r);
        break;
      }
    }
  }
  return Int32Array.from(out);
}
