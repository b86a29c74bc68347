/**
 * The on-disk form of an index: one file holding a JSON header (kind, metric, dimension, ids by
 * label, FAISS settings) and a binary payload (raw float32 rows for the exact index, FAISS's own
 * serialisation for FAISS indexes).
 *
 * Layout: 8-byte magic `TTINDEX1`, uint32 little-endian header length, UTF-8 JSON header, payload.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { IndexError } from './errors';
import type { Metric, VectorId } from './types';

const MAGIC = 'TTINDEX1';
/** The file format version this package writes and the newest it reads. */
export const INDEX_FILE_FORMAT = 1;

/** The JSON header of an index file. */
export interface IndexFileHeader {
  /** File format version. */
  format?: number;
  kind: 'exact' | 'faiss';
  metric: Metric;
  dim: number;
  /** label → id; `null` for a removed vector's label (FAISS indexes keep their labels). */
  ids: Array<VectorId | null | undefined>;
  /** FAISS factory string. */
  factory?: string;
  /** FAISS index-level search parameters. */
  searchParams?: string;
}

/** Writes header + payload to `file` atomically (temporary file, then rename). */
export async function writeIndexFile(file: string, header: IndexFileHeader, payload: Uint8Array): Promise<void> {
  const json = Buffer.from(JSON.stringify({ ...header, format: INDEX_FILE_FORMAT, ids: header.ids.map((id) => id ?? null) }), 'utf8');
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, 8);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writev([prefix, json, payload]);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
}

/** Reads an index file written by {@link writeIndexFile}. */
export async function readIndexFile(file: string): Promise<{ header: IndexFileHeader; payload: Buffer }> {
  const bytes = await fs.readFile(file);
  if (bytes.length < 12 || bytes.toString('latin1', 0, 8) !== MAGIC) {
    throw new IndexError('BAD_FILE', `${file} is not a @twotower/index file (no ${MAGIC} header): save it with index.save(file).`);
  }
  const length = bytes.readUInt32LE(8);
  if (12 + length > bytes.length) {
    throw new IndexError('BAD_FILE', `${file} is truncated (header says ${length} bytes, file has ${bytes.length - 12}): save it again.`);
  }
  let header: IndexFileHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + length)) as IndexFileHeader;
  } catch (error) {
    throw new IndexError('BAD_FILE', `${file} has an unreadable header (${(error as Error).message}): save it again.`);
  }
  if ((header.format ?? 0) > INDEX_FILE_FORMAT) {
    throw new IndexError(
      'BAD_FILE',
      `${file} has format ${header.format}, newer than this @twotower/index reads (${INDEX_FILE_FORMAT}): upgrade @twotower/index.`,
    );
  }
  if (!Array.isArray(header.ids) || typeof header.dim !== 'number') {
    throw new IndexError('BAD_FILE', `${file} has a header without ids or dim: save it again.`);
  }
  return { header, payload: bytes.subarray(12 + length) };
}
