import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeTypedArray } from '../binary';
import type { Manifest } from '../manifest';
import { writeArtifact, type ManifestInput, type WriteArtifactOptions } from '../write-artifact';
import { embeddingFiles, indexFile, MODEL_FILES, type EmbeddingSetName, type ModelFile } from './model-files';
import type { EmbeddingSetEntry, IndexEntry, ModelManifest, ModelMetrics, ModelShape } from './model-types';

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

/** Writes the files of a model directory being filled, each by its role. */
export interface ModelDirectoryWriter {
  /** The temporary directory being filled (weight files are written here by the models). */
  readonly dir: string;
  /** A JSON file of {@link MODEL_FILES} (`json('metrics', m)`). */
  json(role: ModelFile, value: unknown, options?: { pretty?: boolean }): void;
  /** A raw float32 / int32 file of {@link MODEL_FILES}. */
  typedArray(role: ModelFile, values: Float32Array | Int32Array): void;
  /** An embedding set: `[ids.length × dim]` vectors and their ids; listed in the manifest. */
  embeddingSet(name: EmbeddingSetName, ids: readonly string[], vectors: Float32Array, dim: number): void;
  /**
   * A prebuilt index of an embedding set: `save(path)` writes it; listed in the manifest with
   * `entry` (kind, factory, rows, build time).
   */
  index(name: EmbeddingSetName, entry: Omit<IndexEntry, 'file'>, save: (path: string) => Promise<void>): Promise<void>;
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
  const manifest = await writeArtifact(
    dest,
    () => ({ ...input, embeddings, ...(Object.keys(indexes).length > 0 ? { indexes } : {}) }),
    async (dir) => {
      const writer: ModelDirectoryWriter = {
        dir,
        json(role, value, { pretty = false } = {}) {
          writeFileSync(join(dir, MODEL_FILES[role]), (pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)) + '\n');
        },
        typedArray(role, values) {
          writeTypedArray(join(dir, MODEL_FILES[role]), values);
        },
        embeddingSet(name, ids, vectors, dim) {
          if (vectors.length !== ids.length * dim) throw new Error(`embedding set ${name}: ${vectors.length} values for ${ids.length} ids × dim ${dim}`);
          const files = embeddingFiles(name);
          writeTypedArray(join(dir, files.file), vectors);
          writeFileSync(join(dir, files.ids), JSON.stringify(ids) + '\n');
          embeddings[name] = { ...files, dim };
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
