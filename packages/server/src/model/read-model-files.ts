import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  embeddingFiles,
  MANIFEST_FILE,
  MODEL_FILES,
  openModelDirectory,
  type Artifact,
  type EmbeddingSet,
  type EmbeddingSetEntry,
  type EmbeddingSetName,
  type ModelManifest,
  type SegmentsInfo,
} from '@twotower/artifact';

/**
 * What the server reads from a model directory besides the recommender, through the model
 * directory contract of `@twotower/artifact` (file names by role, typed manifest): the one module
 * of the server that knows where anything is in a model directory.
 */
export interface ModelFiles {
  /** The verified artifact (every file's checksum checked when opened). */
  readonly artifact: Artifact;
  readonly dir: string;
  readonly manifest: ModelManifest;
  /** First 16 hex digits of the sha256 of the manifest: changes whenever any file does. */
  readonly version: string;
  /** The item (candidate) embeddings, checked against the towers' width; refused when absent. */
  candidates(dim: number): EmbeddingSet;
  /** The query embeddings (one row per training interaction), when the directory has them. */
  queries(dim: number): EmbeddingSet | undefined;
  /** Every embedding set the manifest lists, by name, with what a row is (`of`) and how it was learned (`method`). Empty for directories written before named sets. */
  embeddingSets(): Record<EmbeddingSetName, EmbeddingSetEntry>;
  /** A named embedding set at its own width (the manifest's), when the directory has it. */
  namedSet(name: EmbeddingSetName): EmbeddingSet | undefined;
  /** The segmentation of an embedding set (`info`, and `[rows]` segment of each row), when the directory has one. */
  segments(set: EmbeddingSetName): { info: SegmentsInfo; assignments: Int32Array } | undefined;
  /** Sets that have a segmentation, in the manifest's order. */
  segmentedSets(): EmbeddingSetName[];
  /** The prebuilt index of an embedding set the manifest lists: its file (as listed) and absolute path. */
  index(name: EmbeddingSetName): { file: string; path: string } | undefined;
  /** The file an embedding set is read from (for messages). */
  embeddingsFile(name: EmbeddingSetName): string;
  /** The file of the known users (for messages). */
  readonly usersFile: string;
  /** Throws the reason a model directory is refused, prefixed with the directory. */
  refuse(message: string): never;
}

/** Opens a model directory for serving: verifies every file's checksum and computes its version. */
export function openModelFiles(dir: string): ModelFiles {
  const directory = openModelDirectory(dir, { verify: true });
  const { artifact, manifest } = directory;
  const version = createHash('sha256').update(readFileSync(join(artifact.dir, MANIFEST_FILE))).digest('hex').slice(0, 16);
  const refuse = (message: string): never => {
    throw new Error(`${artifact.dir}: ${message}`);
  };
  const embeddingsFile = (name: EmbeddingSetName) => manifest.embeddings?.[name]?.file ?? embeddingFiles(name).file;
  return {
    artifact,
    dir: artifact.dir,
    manifest,
    version,
    candidates(dim) {
      return directory.embeddingSet('candidates', dim) ?? refuse(`it has no item embeddings (${embeddingsFile('candidates')}): retrain the model`);
    },
    queries: (dim) => directory.embeddingSet('queries', dim),
    embeddingSets: () => directory.embeddingSets(),
    namedSet: (name) => directory.embeddingSet(name),
    segments: (set) => directory.segments(set),
    segmentedSets: () => Object.keys(manifest.segments ?? {}),
    index(name) {
      const entry = directory.index(name);
      return entry && { file: entry.file, path: entry.path };
    },
    embeddingsFile,
    usersFile: MODEL_FILES.users,
    refuse,
  };
}
