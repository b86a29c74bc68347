/** pgvector's text and binary formats of a `vector` value. */

/** The text form `[x1,x2,...]` of row `row` of `[n × dim]` `vectors` (float32 values written so they read back exactly). */
export function vectorLiteral(vectors: Float32Array, dim: number, row: number): string {
  const parts = new Array<string>(dim);
  for (let j = 0; j < dim; j++) parts[j] = String(vectors[row * dim + j]!);
  return `[${parts.join(',')}]`;
}

/** A `vector`'s text form (`[1,2.5,-3]`) as a `Float32Array`. */
export function parseVector(text: string): Float32Array {
  const body = text.trim().replace(/^\[/, '').replace(/\]$/, '');
  if (body === '') return new Float32Array(0);
  return Float32Array.from(body.split(','), Number);
}

/** The PGCOPY binary header: signature, flags, header extension length. */
export const COPY_BINARY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** The PGCOPY binary trailer: a field count of -1. */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/**
 * Rows `start..end` of a `(id text, num boolean, embedding vector)` COPY in binary format: per
 * row a field count (3), then each field's byte length and bytes; a vector is int16 dim, int16 0,
 * then dim big-endian float4 (pgvector's `vector_recv`).
 */
export function copyBinaryRows(ids: readonly string[], nums: readonly boolean[], vectors: Float32Array, dim: number, start: number, end: number): Buffer {
  const idBytes = ids.slice(start, end).map((id) => Buffer.from(id, 'utf8'));
  const vectorBytes = 4 + 4 * dim;
  let size = 0;
  for (const b of idBytes) size += 2 + 4 + b.length + 4 + 1 + 4 + vectorBytes;
  const out = Buffer.allocUnsafe(size);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let o = 0;
  for (let r = start; r < end; r++) {
    const id = idBytes[r - start]!;
    view.setInt16(o, 3);
    view.setInt32(o + 2, id.length);
    id.copy(out, o + 6);
    o += 6 + id.length;
    view.setInt32(o, 1);
    out[o + 4] = nums[r] ? 1 : 0;
    view.setInt32(o + 5, vectorBytes);
    view.setInt16(o + 9, dim);
    view.setInt16(o + 11, 0);
    o += 13;
    const base = r * dim;
    for (let j = 0; j < dim; j++, o += 4) view.setFloat32(o, vectors[base + j]!);
  }
  return out;
}
