import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ArtifactError } from './errors';
import { sha256File } from './checksum';
import { ARTIFACT_FORMAT_VERSION, MANIFEST_FILE, type Manifest } from './manifest';

/** Options of {@link openArtifact}. */
export interface OpenArtifactOptions {
  /** Check every file's size and sha256 against the manifest. Default true. */
  verify?: boolean;
}

/** An opened, verified artifact directory. */
export interface Artifact {
  dir: string;
  manifest: Manifest;
  /** Absolute path of a file listed in the manifest (throws for an unlisted one). */
  path(file: string): string;
  /** Whether the manifest lists the file. */
  has(file: string): boolean;
  /** A listed JSON file, parsed. */
  readJson<T = unknown>(file: string): T;
  /** A listed raw little-endian float32 file. */
  readFloat32(file: string): Float32Array;
  /** A listed raw little-endian int32 file. */
  readInt32(file: string): Int32Array;
  /** A listed raw little-endian float64 file. */
  readFloat64(file: string): Float64Array;
}

/**
 * Opens an artifact directory: reads `manifest.json`, refuses an unknown or newer format with a
 * clear message, and (by default) verifies every file's size and checksum, naming the first file
 * that does not match.
 */
export function openArtifact(dir: string, options: OpenArtifactOptions = {}): Artifact {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new ArtifactError('NOT_FOUND', `${root} is not a directory: pass the model directory written by twotower-train (--out)`, root);
  }
  const mf = join(root, MANIFEST_FILE);
  if (!existsSync(mf)) {
    throw new ArtifactError('NOT_AN_ARTIFACT', `${root} has no ${MANIFEST_FILE}: it is not a twotower model directory (or its writing was interrupted)`, mf);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(mf, 'utf8')) as Manifest;
  } catch (e) {
    throw new ArtifactError('BAD_FILE', `${mf} is not valid JSON (${(e as Error).message}): the artifact is damaged; train it again`, mf);
  }
  if (manifest.format !== 'twotower-artifact' || !Array.isArray(manifest.files)) {
    throw new ArtifactError('NOT_AN_ARTIFACT', `${mf} is not a twotower artifact manifest (format "${String(manifest.format)}")`, mf);
  }
  if (!(manifest.formatVersion <= ARTIFACT_FORMAT_VERSION)) {
    throw new ArtifactError(
      'NEWER_FORMAT',
      `${root} uses artifact format ${manifest.formatVersion}, newer than the ${ARTIFACT_FORMAT_VERSION} this version of @twotower/artifact reads: upgrade the twotower packages`,
      mf,
    );
  }
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  if (options.verify ?? true) {
    for (const f of manifest.files) {
      const p = join(root, f.path);
      if (!existsSync(p)) throw new ArtifactError('MISSING_FILE', `${p} is listed in the manifest but missing: the artifact is incomplete; copy it again or retrain`, p);
      const size = statSync(p).size;
      if (size !== f.bytes || sha256File(p) !== f.sha256) {
        throw new ArtifactError('CHECKSUM_MISMATCH', `${p} does not match its checksum in the manifest (${size} bytes, expected ${f.bytes}): the file was changed or corrupted; restore it or retrain`, p);
      }
    }
  }
  const path = (file: string) => {
    if (!listed.has(file)) throw new ArtifactError('MISSING_FILE', `${root} has no file "${file}" in its manifest`, join(root, file));
    return join(root, file);
  };
  const bytes = (file: string) => {
    const b = readFileSync(path(file));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  };
  /** The bytes of a file of 4-byte values (float32 / int32), refused when its length is not a multiple of 4. */
  const words = (file: string) => {
    const b = bytes(file);
    if (b.byteLength % 4 !== 0) throw new ArtifactError('BAD_FILE', `${join(root, file)} has ${b.byteLength} bytes, not a whole number of 4-byte values: the file is damaged; restore it or retrain`, join(root, file));
    return b;
  };
  return {
    dir: root,
    manifest,
    path,
    has: (file) => listed.has(file),
    readJson: <T>(file: string) => {
      const p = path(file);
      try {
        return JSON.parse(readFileSync(p, 'utf8')) as T;
      } catch (e) {
        throw new ArtifactError('BAD_FILE', `${p} is not valid JSON (${(e as Error).message}): the file is damaged; restore it or retrain`, p);
      }
    },
    readFloat32: (file) => new Float32Array(words(file)),
    readInt32: (file) => new Int32Array(words(file)),
    readFloat64: (file) => {
      const b = bytes(file);
      if (b.byteLength % 8 !== 0) throw new ArtifactError('BAD_FILE', `${join(root, file)} has ${b.byteLength} bytes, not a whole number of 8-byte values: the file is damaged; restore it or retrain`, join(root, file));
      return new Float64Array(b);
    },
  };
}
