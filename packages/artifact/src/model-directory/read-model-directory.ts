import { ArtifactError } from '../errors';
import { openArtifact, type Artifact, type OpenArtifactOptions } from '../read-artifact';
import { EMBEDDING_SETS, embeddingFiles, MODEL_FILES, type EmbeddingSetName } from './model-files';
import type { EmbeddingSetEntry, IndexEntry, ModelManifest, SegmentsInfo, TimestampBuckets } from './model-types';
import type { EpochRecord, ModelMetrics } from './metrics-types';

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
   * @param dim the width the caller expects (the towers' for `candidates` and `queries`), to check
   *   the manifest's entry against; without it, the manifest's (a named set's own width)
   */
  embeddingSet(name: EmbeddingSetName, dim?: number): EmbeddingSet | undefined;
  /**
   * Every embedding set the manifest lists, by name, with what a row is (`of`, filled for the
   * two-tower's sets of older directories) and how it was learned.
   */
  embeddingSets(): Record<EmbeddingSetName, EmbeddingSetEntry>;
  /** The segments of an embedding set, when the directory has them: what each holds, and one segment per row (`[rows]`, -1 for a row in none). */
  segments(set: EmbeddingSetName): { info: SegmentsInfo; assignments: Int32Array } | undefined;
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
    embeddingSet(name, expected) {
      const entry = manifest.embeddings?.[name] ?? embeddingFiles(name);
      if (!manifest.embeddings?.[name] && (!EMBEDDING_SETS.includes(name) || !artifact.has(entry.file))) return undefined;
      if (expected === undefined && !('dim' in entry)) bad(artifact, 'manifest.json', `lists no width for embedding set ${name}: retrain the model`);
      const dim = expected ?? (entry as EmbeddingSetEntry).dim;
      if ('dim' in entry && entry.dim !== dim) bad(artifact, 'manifest.json', `says embeddings.${name}.dim is ${entry.dim} but the towers output ${dim}: the model is inconsistent; retrain it`);
      const ids = artifact.readJson<unknown>(entry.ids);
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) bad(artifact, entry.ids, 'must be a JSON array of string ids: retrain the model');
      const vectors = artifact.readFloat32(entry.file);
      if (vectors.length !== ids.length * dim) {
        bad(artifact, entry.file, `holds ${vectors.length} floats, but ${ids.length} ids × dim ${dim} = ${ids.length * dim}: the model is inconsistent; retrain it`);
      }
      return { ids: ids as string[], vectors, dim };
    },
    embeddingSets() {
      const out: Record<EmbeddingSetName, EmbeddingSetEntry> = {};
      for (const [name, entry] of Object.entries(manifest.embeddings ?? {})) {
        if (entry) out[name] = { ...entry, of: entry.of ?? (name === 'queries' ? 'interactions' : 'items'), method: entry.method ?? (EMBEDDING_SETS.includes(name) ? 'two-tower' : 'unknown') };
      }
      return out;
    },
    segments(set) {
      const entry = manifest.segments?.[set];
      if (!entry) return undefined;
      const info = artifact.readJson<SegmentsInfo>(entry.file);
      const assignments = artifact.readInt32(entry.assignments);
      const setEntry = manifest.embeddings?.[set];
      const bytes = setEntry ? manifest.files.find((f) => f.path === setEntry.file)?.bytes : undefined;
      const rows = setEntry && bytes !== undefined ? bytes / 4 / setEntry.dim : assignments.length;
      if (assignments.length !== rows) bad(artifact, entry.assignments, `holds ${assignments.length} segments for ${rows} rows of embedding set ${set}: the model is inconsistent; retrain it`);
      for (let i = 0; i < assignments.length; i++) {
        if (!(assignments[i]! >= -1 && assignments[i]! < info.k)) bad(artifact, entry.assignments, `puts row ${i} in segment ${assignments[i]}, outside 0..${info.k - 1}: retrain the model`);
      }
      return { info, assignments };
    },
    index(name) {
      const entry = manifest.indexes?.[name];
      return entry ? { ...entry, path: artifact.path(entry.file) } : undefined;
    },
  };
}
