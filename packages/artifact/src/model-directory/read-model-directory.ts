import { ArtifactError } from '../errors';
import { openArtifact, type Artifact, type OpenArtifactOptions } from '../read-artifact';
import { embeddingFiles, MODEL_FILES, type EmbeddingSetName } from './model-files';
import type { EpochRecord, IndexEntry, ModelManifest, ModelMetrics, TimestampBuckets } from './model-types';

/** An embedding set read from a model directory. */
export interface EmbeddingSet {
  /** One id per row. */
  ids: string[];
  /** `[ids.length × dim]` vectors. */
  vectors: Float32Array;
  dim: number;
}

/** A model directory opened for reading: every file by its role, typed. */
export interface ModelDirectory {
  /** The verified artifact underneath (checksums, raw file access). */
  readonly artifact: Artifact;
  /** Absolute path. */
  readonly dir: string;
  readonly manifest: ModelManifest;
  /** `metrics.json`. */
  metrics(): ModelMetrics;
  /** `config.json`: the trainer's resolved configuration. */
  config(): unknown;
  /** `history.json` (empty when absent). */
  history(): EpochRecord[];
  /** Training interactions per timestamp bucket, when the directory has them. */
  timestampBuckets(): number[] | undefined;
  /**
   * An embedding set by name (undefined when the directory has none), checked: ids are strings
   * and there are `ids × dim` values.
   * @param dim the towers' width, to check the manifest's entry against
   */
  embeddingSet(name: EmbeddingSetName, dim: number): EmbeddingSet | undefined;
  /** The prebuilt index of an embedding set, when the manifest lists one. */
  index(name: EmbeddingSetName): (IndexEntry & { path: string }) | undefined;
}

function bad(artifact: Artifact, file: string, message: string): never {
  throw new ArtifactError('BAD_FILE', `${artifact.dir}/${file} ${message}`, `${artifact.dir}/${file}`);
}

/**
 * Opens a model directory written by {@link writeModelDirectory}, of the format version
 * `ARTIFACT_FORMAT_VERSION` or older (fields added since are filled with their old defaults:
 * a directory without `embeddings` in its manifest is read by the default file names). Verifies
 * every checksum unless `verify: false`; a newer format is refused with an upgrade hint.
 */
export function openModelDirectory(source: string | Artifact, options: OpenArtifactOptions = {}): ModelDirectory {
  const artifact = typeof source === 'string' ? openArtifact(source, options) : source;
  const manifest = artifact.manifest as ModelManifest;
  return {
    artifact,
    dir: artifact.dir,
    manifest,
    metrics: () => artifact.readJson<ModelMetrics>(MODEL_FILES.metrics),
    config: () => artifact.readJson<unknown>(MODEL_FILES.config),
    history: () => (artifact.has(MODEL_FILES.history) ? artifact.readJson<EpochRecord[]>(MODEL_FILES.history) : []),
    timestampBuckets: () => (artifact.has(MODEL_FILES.timestampBuckets) ? artifact.readJson<TimestampBuckets>(MODEL_FILES.timestampBuckets).counts : undefined),
    embeddingSet(name, dim) {
      const entry = manifest.embeddings?.[name] ?? embeddingFiles(name);
      if (!manifest.embeddings?.[name] && !artifact.has(entry.file)) return undefined;
      if ('dim' in entry && entry.dim !== dim) bad(artifact, 'manifest.json', `says embeddings.${name}.dim is ${entry.dim} but the towers output ${dim}: the model is inconsistent; retrain it`);
      const ids = artifact.readJson<unknown>(entry.ids);
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) bad(artifact, entry.ids, 'must be a JSON array of string ids: retrain the model');
      const vectors = artifact.readFloat32(entry.file);
      if (vectors.length !== ids.length * dim) {
        bad(artifact, entry.file, `holds ${vectors.length} floats, but ${ids.length} ids × dim ${dim} = ${ids.length * dim}: the model is inconsistent; retrain it`);
      }
      return { ids: ids as string[], vectors, dim };
    },
    index(name) {
      const entry = manifest.indexes?.[name];
      return entry ? { ...entry, path: artifact.path(entry.file) } : undefined;
    },
  };
}
