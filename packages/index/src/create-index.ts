/** One entry point for every index: create, build from vectors, load from a file. */
import { BruteForceIndex, type BruteForceIndexOptions } from './brute-force-index';
import { IndexError } from './errors';
import { FaissIndex, type FaissIndexOptions } from './faiss-index';
import { faissBinding, warnFaissUnavailableOnce } from './faiss-native';
import { readIndexFile } from './index-file';
import type { AddOptions, Metric, VectorId, VectorIndex } from './types';
import { checkMetric, rowCount } from './vectors';

/**
 * Options of {@link createIndex} and {@link buildIndex}: those of {@link FaissIndex} (used when
 * `kind` is `'faiss'`) and of {@link BruteForceIndex} (used otherwise), plus the kind.
 */
export interface CreateIndexOptions extends FaissIndexOptions, Omit<BruteForceIndexOptions, keyof FaissIndexOptions> {
  /** `'exact'` ({@link BruteForceIndex}) or `'faiss'` ({@link FaissIndex}). Default `'exact'`. */
  kind?: 'exact' | 'faiss';
  /**
   * When `kind` is `'faiss'` but faiss-node cannot be loaded: `true` builds the exact index
   * instead and warns once why; `false` throws `IndexError('FAISS_UNAVAILABLE')`. Default `true`.
   */
  fallbackToExact?: boolean;
}

/** Creates an empty index of the kind asked for. */
export function createIndex(options: CreateIndexOptions): VectorIndex {
  const kind = options?.kind ?? 'exact';
  if (kind === 'faiss') {
    if (faissBinding() !== undefined || options.fallbackToExact === false) return new FaissIndex(options);
    warnFaissUnavailableOnce();
  } else if (kind !== 'exact') {
    throw new IndexError('BAD_ARGUMENT', `kind must be 'exact' or 'faiss', got ${String(kind)}.`);
  }
  return new BruteForceIndex(options);
}

/** Options of {@link buildIndex}: those of {@link createIndex} (`dim` optional) and the progress of the add. */
export interface BuildIndexOptions extends Omit<CreateIndexOptions, 'dim'>, AddOptions {
  /** Vector dimension; must match `buildIndex`'s `dim` when given. */
  dim?: number;
}

/**
 * Creates an index and adds `vectors` under `ids` (training FAISS types that need it).
 * @param ids one id per row.
 * @param vectors `[ids.length, dim]` row-major.
 * @param dim vector dimension (must match `options.dim` when that is given).
 * @param options the index's options, and `onProgress` (rows added of `ids.length`; see {@link AddOptions}).
 */
export function buildIndex(ids: ArrayLike<VectorId>, vectors: Float32Array, dim: number, options: BuildIndexOptions = {}): VectorIndex {
  if (options.dim !== undefined && options.dim !== dim) {
    throw new IndexError('DIMENSION_MISMATCH', `buildIndex got dim ${dim} but options.dim ${options.dim}: pass one dimension.`);
  }
  rowCount(vectors, dim, 'vectors');
  const { onProgress, ...createOptions } = options;
  const index = createIndex({ ...createOptions, dim });
  index.add(ids, vectors, { onProgress });
  return index;
}

/** What {@link loadIndex} should check the file against. */
export interface LoadIndexOptions {
  /** Refuse a file whose dimension differs (`IndexError('DIMENSION_MISMATCH')`). */
  dim?: number;
  /** Refuse a file whose metric differs (`IndexError('METRIC_MISMATCH')`). */
  metric?: Metric;
}

/**
 * Loads an index saved with `index.save(file)`, checking dimension and metric when given. A FAISS
 * file needs faiss-node (`IndexError('FAISS_UNAVAILABLE')` says why it is missing).
 */
export async function loadIndex(file: string, options: LoadIndexOptions = {}): Promise<VectorIndex> {
  const { header, payload } = await readIndexFile(file);
  const metric = checkMetric(header.metric);
  if (options.dim !== undefined && options.dim !== header.dim) {
    throw new IndexError(
      'DIMENSION_MISMATCH',
      `${file} holds ${header.dim}-dimensional vectors but ${options.dim} were expected: rebuild the index from the current embeddings.`,
    );
  }
  if (options.metric !== undefined && options.metric !== metric) {
    throw new IndexError(
      'METRIC_MISMATCH',
      `${file} was built for metric '${metric}' but '${options.metric}' was expected: rebuild the index with metric '${options.metric}'.`,
    );
  }
  if (header.kind === 'exact') {
    const ids = header.ids as VectorId[];
    if (payload.length !== ids.length * header.dim * 4) {
      throw new IndexError('BAD_FILE', `${file} should hold ${ids.length} × ${header.dim} float32 values but has ${payload.length} bytes: save it again.`);
    }
    const vectors = new Float32Array(ids.length * header.dim);
    new Uint8Array(vectors.buffer).set(payload);
    return BruteForceIndex.fromRows(ids, vectors, { dim: header.dim, metric });
  }
  if (header.kind === 'faiss') {
    const faissOptions = { dim: header.dim, metric, factory: header.factory ?? 'Flat' };
    return FaissIndex.fromSaved(
      payload,
      header.ids,
      header.searchParams ? { ...faissOptions, searchParams: header.searchParams } : faissOptions,
    );
  }
  throw new IndexError('BAD_FILE', `${file} has unknown index kind ${JSON.stringify(header.kind)}: save it again.`);
}
