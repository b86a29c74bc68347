/** Reading embeddings written by the trainer into an artifact directory. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { IndexError } from './errors';

/** Embeddings as read from an artifact: `ids[i]` owns row `i` of `vectors`. */
export interface Embeddings {
  ids: string[];
  /** `[ids.length, dim]` row-major. */
  vectors: Float32Array;
  dim: number;
}

/**
 * Reads `<dir>/<name>.f32` (raw little-endian float32, `n × dim`, row-major) and
 * `<dir>/<name>.ids.json` (a JSON array of `n` string ids).
 * @param dim the dimension the manifest records; when omitted it is inferred as
 *   `values / ids.length`, which must be a whole number.
 */
export async function readEmbeddings(dir: string, name: string, dim?: number): Promise<Embeddings> {
  const vectorFile = path.join(dir, `${name}.f32`);
  const idsFile = path.join(dir, `${name}.ids.json`);
  let bytes: Buffer;
  let idsText: string;
  try {
    [bytes, idsText] = await Promise.all([fs.readFile(vectorFile), fs.readFile(idsFile, 'utf8')]);
  } catch (error) {
    throw new IndexError('BAD_FILE', `cannot read embeddings '${name}' in ${dir} (${(error as Error).message}): is this an artifact directory written by the trainer?`);
  }
  let ids: unknown;
  try {
    ids = JSON.parse(idsText);
  } catch (error) {
    throw new IndexError('BAD_FILE', `${idsFile} is not valid JSON (${(error as Error).message}): re-export the artifact.`);
  }
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw new IndexError('BAD_FILE', `${idsFile} must be a JSON array of string ids.`);
  }
  if (bytes.length % 4 !== 0) {
    throw new IndexError('BAD_FILE', `${vectorFile} has ${bytes.length} bytes, not whole float32 values: re-export the artifact.`);
  }
  const values = bytes.length / 4;
  const n = ids.length;
  const d = dim ?? (n === 0 ? 0 : values / n);
  if (n === 0 ? values !== 0 : !Number.isInteger(d) || d < 1 || values !== n * d) {
    throw new IndexError(
      'DIMENSION_MISMATCH',
      `${vectorFile} holds ${values} values for ${n} ids${dim !== undefined ? ` and dim ${dim}` : ''}: expected ids × dim values; ` +
        'the .f32 and .ids.json files do not belong together, or the manifest dimension is wrong.',
    );
  }
  const vectors = new Float32Array(values);
  new Uint8Array(vectors.buffer).set(bytes);
  return { ids: ids as string[], vectors, dim: d };
}

/** Writes embeddings in the format {@link readEmbeddings} reads (for trainers and tests). */
export async function writeEmbeddings(dir: string, name: string, ids: readonly string[], vectors: Float32Array): Promise<void> {
  if (ids.length === 0 ? vectors.length !== 0 : vectors.length % ids.length !== 0) {
    throw new IndexError('DIMENSION_MISMATCH', `vectors has ${vectors.length} values for ${ids.length} ids: give ids.length × dim values.`);
  }
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, `${name}.f32`), new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
  await fs.writeFile(path.join(dir, `${name}.ids.json`), JSON.stringify(ids));
}
