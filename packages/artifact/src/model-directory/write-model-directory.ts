import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeTypedArray } from '../binary';
import type { Manifest } from '../manifest';
import { writeArtifact, type ManifestInput, type WriteArtifactOptions } from '../write-artifact';
import { checkEmbeddingSetName, embeddingFiles, indexFile, MODEL_FILES, segmentFiles, type EmbeddingSetName, type ModelFile } from './model-files';
import type { EmbeddingSetEntry, EmbeddingSetOf, IndexEntry, ModelManifest, ModelShape, SegmentsEntry, SegmentsInfo } from './model-types';
import type { ModelMetrics } from './metrics-types';

/** What a model directory's manifest says besides its files. */
export interface ModelManifestInput {
  /** Versions of the packages that wrote it. */
  packages: ManifestInput['packages'];
  /** The training configuration, as resolved. */
  config: unknown;
  /** Data set name, size and fingerprint. */
  data: ManifestInput['data'];
  /** What evaluation measured, when it ran. */
  metrics?: ModelMetrics;
  /** Sizes of the model. */
  model?: ModelShape;
}

/** What the manifest says about an embedding set besides its files. */
export type EmbeddingSetAbout = Pick<EmbeddingSetEntry, 'method' | 'options' | 'seconds'> & { of?: EmbeddingSetOf };

/** Writes the files of a model directory being filled, each by its role. */
export interface ModelDirectoryWriter {
  /** The temporary directory being filled (weight files are written here by the models). */
  readonly dir: string;
  /** A JSON file of {@link MODEL_FILES} (`json('metrics', m)`). */
  json(role: ModelFile, value: unknown, options?: { pretty?: boolean }): void;
  /** A raw float32 / int32 file of {@link MODEL_FILES}. */
  typedArray(role: ModelFile, values: Float32Array | Int32Array | Float64Array): void;
  /**
   * An embedding set: `[ids.length × dim]` vectors and their ids; listed in the manifest with
   * `about` (what a row is, how it was learned). `candidates` and `queries` are the two-tower's;
   * any other name ({@link checkEmbeddingSetName}) is a named set kept under `embeddings/`.
   */
  embeddingSet(name: EmbeddingSetName, ids: readonly string[], vectors: Float32Array, dim: number, about?: EmbeddingSetAbout): void;
  /**
   * The segments of an embedding set written before (`info.set`): what each holds and one
   * segment per row of the set (`assignments`, `[rows]` in `0..k-1`; -1 for a row without one,
   * e.g. an item without a learned vector).
   */
  segments(info: SegmentsInfo, assignments: Int32Array): void;
  /**
   * A prebuilt index of an embedding set: `save(path)` writes it; listed in the manifest with
   * `entry` (kind, factory, rows, build time).
   */
  index(name: EmbeddingSetName, entry: Omit<IndexEntry, 'file'>, save: (path: string) => Promise<void>): Promise<void>;
}

/** Rows of an embedding set written into `dir`: the size of its float file over its width. */
function readRows(dir: string, set: EmbeddingSetEntry): number {
  return statSync(join(dir, set.file)).size / 4 / set.dim;
}

/**
 * Writes a model directory atomically (see `writeArtifact`): `fill` writes the files through a
 * {@link ModelDirectoryWriter}; the manifest lists each with its checksum, the model's shape,
 * metrics, embedding sets and indexes.
 */
export async function writeModelDirectory(
  dest: string,
  input: ModelManifestInput,
  fill: (writer: ModelDirectoryWriter) => void | Promise<void>,
  options: WriteArtifactOptions = {},
): Promise<ModelManifest> {
  const embeddings: Partial<Record<EmbeddingSetName, EmbeddingSetEntry>> = {};
  const indexes: Partial<Record<EmbeddingSetName, IndexEntry>> = {};
  const segments: Partial<Record<EmbeddingSetName, SegmentsEntry>> = {};
  const manifest = await writeArtifact(
    dest,
    () => ({ ...input, embeddings, ...(Object.keys(indexes).length > 0 ? { indexes } : {}), ...(Object.keys(segments).length > 0 ? { segments } : {}) }),
    async (dir) => {
      const writer: ModelDirectoryWriter = {
        dir,
        json(role, value, { pretty = false } = {}) {
          writeFileSync(join(dir, MODEL_FILES[role]), (pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)) + '\n');
        },
        typedArray(role, values) {
          writeTypedArray(join(dir, MODEL_FILES[role]), values);
        },
        embeddingSet(name, ids, vectors, dim, about = {}) {
          checkEmbeddingSetName(name);
          if (vectors.length !== ids.length * dim) throw new Error(`embedding set ${name}: ${vectors.length} values for ${ids.length} ids × dim ${dim}`);
          const files = embeddingFiles(name);
          mkdirSync(dirname(join(dir, files.file)), { recursive: true });
          writeTypedArray(join(dir, files.file), vectors);
          writeFileSync(join(dir, files.ids), JSON.stringify(ids) + '\n');
          embeddings[name] = { ...files, dim, ...about };
        },
        segments(info, assignments) {
          const set = embeddings[info.set];
          if (!set) throw new Error(`segments of "${info.set}": write the embedding set before its segments`);
          const rows = readRows(dir, set);
          if (assignments.length !== rows) throw new Error(`segments of "${info.set}": ${assignments.length} assignments for ${rows} rows`);
          for (let i = 0; i < assignments.length; i++) {
            const a = assignments[i]!;
            if (!(a >= -1 && a < info.k)) throw new Error(`segments of "${info.set}": row ${i} is in segment ${a}, outside 0..${info.k - 1} (or -1: no segment)`);
          }
          const files = segmentFiles(info.set);
          mkdirSync(dirname(join(dir, files.file)), { recursive: true });
          writeFileSync(join(dir, files.file), JSON.stringify(info) + '\n');
          writeTypedArray(join(dir, files.assignments), assignments);
          segments[info.set] = { ...files, k: info.k };
        },
        async index(name, entry, save) {
          const file = indexFile(name);
          mkdirSync(dirname(join(dir, file)), { recursive: true });
          await save(join(dir, file));
          indexes[name] = { ...entry, file };
        },
      };
      await fill(writer);
    },
    options,
  );
  return manifest as Manifest as ModelManifest;
}
